/// A CSV file read in pieces of whole records, for one pass in bounded memory.
///
/// The first read (``chunkBytes``) decides the encoding (UTF-8, or GB18030 converted to UTF-8)
/// and holds the header; ``sample`` is the header and the records of that first piece as one
/// UTF-8 CSV, from which a caller types the columns and matches them to the catalog as for an
/// in-memory read. ``next()`` then returns every record of the file (the first piece's too) in
/// chunks that end at a record boundary outside quotes, so a quoted line break never splits a
/// record. Memory: one chunk plus the tail of an unfinished record.
public final class CSVStream {
  public let file: String
  public let encoding: DetectedEncoding
  public let headers: [String]
  /// The header and the first chunk's records, UTF-8.
  public let sample: [UInt8]
  public let chunkBytes: Int
  let handle: POSIX.ReadHandle
  /// Decoded bytes of whole records not yet returned (the first chunk, until ``next()``).
  var pending: [UInt8]
  var pendingLine: Int
  /// Raw bytes after the last record boundary of the last read.
  var carry: [UInt8] = []
  var carryLine: Int
  var finished = false
  /// Bytes read so far.
  public private(set) var bytesRead = 0
  let hasher = LibCrypto.Hasher()
  var digest: String? = nil

  /// The SHA-256 of the file's bytes, once ``next()`` has returned `nil`.
  public var sha256: String? { digest }

  func read() throws -> [UInt8] {
    let piece = try Self.read(handle, chunkBytes, hasher)
    bytesRead += piece.count
    if piece.isEmpty && digest == nil { digest = SHA256.hex(digest: hasher.finish()) }
    return piece
  }

  static func read(_ handle: POSIX.ReadHandle, _ maximum: Int, _ hasher: LibCrypto.Hasher) throws -> [UInt8] {
    let piece = try handle.read(maximum: maximum)
    piece.withUnsafeBytes { hasher.update($0) }
    return piece
  }

  /// Opens the file and reads its header.
  /// - Throws: ``DataError`` as ``CSVReader`` does (unreadable, undecodable, empty, a bad header).
  public init(path: String, chunkBytes: Int = 8 << 20) throws {
    precondition(chunkBytes >= 1 << 10, "chunks of at least 1 KiB")
    self.file = path
    self.chunkBytes = chunkBytes
    self.handle = try POSIX.ReadHandle(path: path)
    var raw: [UInt8] = []
    var line = 1
    // Read until the header and at least one record boundary are in.
    var split = 0, total = 0, ended = false
    while true {
      let piece = try Self.read(handle, chunkBytes, hasher)
      total += piece.count
      raw += piece
      if piece.isEmpty { ended = true; split = raw.count; break }
      split = CSVStream.lastRecordEnd(raw)
      if split > 0, CSVStream.recordEnds(raw, before: split) >= 2 { break }
    }
    let head = Array(raw[..<split])
    let rest = Array(raw[split...])
    let (decoded, encoding) = try TextDecoding.utf8Bytes(head, file: path)
    guard !decoded.isEmpty else { throw DataError.emptyFile(file: path) }
    self.encoding = encoding
    let (headers, bodyStart, bodyLine) = try decoded.withUnsafeBufferPointer { buffer -> ([String], Int, Int) in
      var cursor = CSVReader.Cursor(buffer: buffer, delimiter: 0x2C, file: path)
      cursor.skipBlankLines()
      guard !cursor.atEnd else { throw DataError.emptyFile(file: path) }
      let fields = try cursor.record()
      if fields.count > CSVReader.maximumColumns {
        throw DataError.tooManyColumns(
          CSVReader.location(buffer, byteOffset: fields[CSVReader.maximumColumns].fieldStart, file: path), count: fields.count, limit: CSVReader.maximumColumns)
      }
      var names: [String] = [], seen: [String: Int] = [:]
      for (index, field) in fields.enumerated() {
        let name = CSVReader.fieldText(buffer, field)
        if name.isEmpty { throw DataError.emptyHeader(CSVReader.location(buffer, byteOffset: field.fieldStart, file: path), index: index + 1) }
        if let first = seen.updateValue(index, forKey: name) {
          throw DataError.duplicateHeader(CSVReader.location(buffer, byteOffset: field.fieldStart, file: path), name: name, firstColumn: first + 1)
        }
        names.append(name)
      }
      return (names, cursor.position, cursor.line)
    }
    line = bodyLine
    self.headers = headers
    self.sample = decoded
    self.pending = Array(decoded[bodyStart...])
    self.pendingLine = line
    self.carry = rest
    self.carryLine = line + CSVStream.lineCount(pending)
    self.bytesRead = total
    self.finished = ended
    if ended { digest = SHA256.hex(digest: hasher.finish()) }
  }

  /// The next chunk of whole records (decoded to UTF-8), `nil` at the end of the file.
  public func next() throws -> CSVChunk? {
    if !pending.isEmpty {
      let chunk = CSVChunk(file: file, bytes: pending, firstLine: pendingLine)
      pending = []
      return chunk
    }
    while !finished {
      let piece = try read()
      var raw = carry
      raw += piece
      let split: Int
      if piece.isEmpty {
        finished = true
        split = raw.count
      } else {
        split = CSVStream.lastRecordEnd(raw)
        if split == 0 { carry = raw; continue }  // a record longer than a chunk: read on
      }
      let head = Array(raw[..<split])
      carry = Array(raw[split...])
      guard !head.isEmpty else { continue }
      let decoded = encoding == .gb18030 ? try POSIX.convertGB18030ToUTF8(head, file: file) : head
      let chunk = CSVChunk(file: file, bytes: decoded, firstLine: carryLine)
      carryLine += CSVStream.lineCount(head)
      return chunk
    }
    return nil
  }

  /// One past the last line feed that ends a record (outside quotes); 0 when there is none. A
  /// chunk always starts at a record boundary, so the quote state starts outside. GB18030's
  /// multi-byte sequences never contain `"` or a line feed.
  static func lastRecordEnd(_ bytes: [UInt8]) -> Int {
    var inQuotes = false, last = 0
    bytes.withUnsafeBufferPointer { b in
      for i in 0..<b.count {
        let c = b[i]
        if c == 0x22 { inQuotes.toggle() } else if c == 0x0A && !inQuotes { last = i + 1 }
      }
    }
    return last
  }

  static func recordEnds(_ bytes: [UInt8], before end: Int) -> Int {
    var inQuotes = false, count = 0
    for i in 0..<end {
      let c = bytes[i]
      if c == 0x22 { inQuotes.toggle() } else if c == 0x0A && !inQuotes { count += 1 }
    }
    return count
  }

  /// Lines in `bytes` as ``CSVReader/location(_:byteOffset:file:from:startLine:)`` counts them
  /// (LF, CRLF and a lone CR each end one).
  static func lineCount(_ bytes: [UInt8]) -> Int {
    var count = 0
    bytes.withUnsafeBufferPointer { b in
      var i = 0
      while i < b.count {
        if b[i] == 0x0A { count += 1 } else if b[i] == 0x0D {
          count += 1
          if i + 1 < b.count && b[i + 1] == 0x0A { i += 1 }
        }
        i += 1
      }
    }
    return count
  }
}

/// Whole records of a ``CSVStream``, UTF-8, with the file line of the first.
public struct CSVChunk: Sendable {
  public let file: String
  public let bytes: [UInt8]
  public let firstLine: Int

  /// Calls `body` with the numbers of `numeric` fields (in that order) and the text of the
  /// `label` field of every record whose numeric fields are all present; returns how many
  /// records were read, how many were left out for a missing value, and the missing values per
  /// entry of `numeric`.
  ///
  /// - Throws: ``DataError/raggedRow(_:expected:found:)``, ``DataError/nonNumeric(_:column:value:)``,
  ///   ``DataError/ambiguousNumber(_:column:value:)``, ``DataError/nonFiniteValue(_:column:value:)``
  ///   with the file, line and column; or what `body` throws.
  public func forEachRow(
    numeric: [Int], label: Int?, headers: [String], strict: Bool = false, _ body: (UnsafeBufferPointer<Double>, String?) throws -> Void
  ) throws -> (rows: Int, dropped: Int, missing: [Int]) {
    var missing = [Int](repeating: 0, count: numeric.count)
    var rows = 0, dropped = 0
    var values = [Double](repeating: 0, count: numeric.count)
    var fields: [CSVReader.FieldRange] = []
    try bytes.withUnsafeBufferPointer { buffer in
      var cursor = CSVReader.Cursor(buffer: buffer, delimiter: 0x2C, file: file)
      cursor.line = firstLine
      while true {
        cursor.skipBlankLines()
        if cursor.atEnd { break }
        let start = cursor.position, line = cursor.line
        try cursor.record(into: &fields)
        func location(_ field: Int) -> SourceLocation {
          CSVReader.location(buffer, byteOffset: field < fields.count ? fields[field].fieldStart : start, file: file, from: start, startLine: line)
        }
        guard fields.count == headers.count else {
          throw DataError.raggedRow(location(min(fields.count, headers.count) - 1), expected: headers.count, found: fields.count)
        }
        var complete = true
        for (k, index) in numeric.enumerated() {
          let field = fields[index]
          switch NumberParsing.parse(buffer, field.start, field.end) {
          case .number(let value): values[k] = value
          case .missing:
            if strict { throw DataError.missingValue(location(index), column: headers[index]) }
            missing[k] += 1
            complete = false
          case .nonFinite: throw DataError.nonFiniteValue(location(index), column: headers[index], value: CSVReader.fieldText(buffer, field))
          case .ambiguous: throw DataError.ambiguousNumber(location(index), column: headers[index], value: CSVReader.fieldText(buffer, field))
          case .text:
            let text = CSVReader.fieldText(buffer, field)
            if NumberParsing.isMissingMarker(text) {
              if strict { throw DataError.missingValue(location(index), column: headers[index]) }
              missing[k] += 1
              complete = false
            } else {
              throw DataError.nonNumeric(location(index), column: headers[index], value: text)
            }
          }
        }
        rows += 1
        guard complete else { dropped += 1; continue }
        let text = label.map { CSVReader.fieldText(buffer, fields[$0]) }
        try values.withUnsafeBufferPointer { try body($0, text) }
      }
    }
    return (rows, dropped, missing)
  }
}
