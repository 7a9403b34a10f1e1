/// A CSV file read in pieces of whole records, for one pass in bounded memory.
///
/// The first read (``chunkBytes``) decides the encoding (UTF-8, or GB18030 converted to UTF-8)
/// and holds the header; ``sample`` is the header and the records of that first piece as one
/// UTF-8 CSV, from which a caller types the columns and matches them to the catalog as for an
/// in-memory read. ``next()`` then returns every record of the file (the first piece's too) in
/// chunks that end at a record boundary outside quotes, so a quoted line break never splits a
/// record. Memory: one chunk plus the tail of an unfinished record.
///
/// Lines are counted by the parse itself (``CSVChunk/forEachRow(firstLine:numeric:label:headers:strict:_:)``
/// returns how many a chunk had), so reading stays a `read` and a scan for the last line end.
public final class CSVStream {
  public let file: String
  public let encoding: DetectedEncoding
  public let headers: [String]
  /// The header and the first chunk's records, UTF-8.
  public let sample: [UInt8]
  public let chunkBytes: Int
  /// Where the bytes come from: a file, or a workbook's sheet written as CSV.
  enum Input {
    case file(POSIX.ReadHandle)
    case sheet(SheetStream)
  }
  let input: Input
  /// The file line of the first record after the header.
  public let firstRecordLine: Int
  /// Decoded bytes of whole records not yet returned (the first chunk, until ``next()``).
  var pending: [UInt8]
  /// Raw bytes after the last record boundary of the last read.
  var carry: [UInt8] = []
  var finished = false
  /// Bytes read so far.
  public private(set) var bytesRead = 0
  let hasher = LibCrypto.Hasher()
  var digest: String? = nil

  /// The size of a file (`nil`: no such regular file), to choose between a streaming pass and a
  /// whole read.
  public static func size(of path: String) -> Int? { POSIX.fileSize(path) }

  /// The SHA-256 of the file's bytes, once ``next()`` has returned `nil`.
  public var sha256: String? { digest }

  /// Appends up to ``chunkBytes`` bytes of the file to `bytes` (hashing them); 0 at the end.
  func read(appendingTo bytes: inout [UInt8]) throws -> Int {
    let count = try Self.read(input, appendingTo: &bytes, chunkBytes, hasher)
    bytesRead += count
    if count == 0 && digest == nil { digest = Self.digest(input, hasher) }
    return count
  }

  /// A file's bytes (hashed as they come), or a sheet's CSV lines (the workbook hashed whole).
  static func read(_ input: Input, appendingTo bytes: inout [UInt8], _ maximum: Int, _ hasher: LibCrypto.Hasher) throws -> Int {
    switch input {
    case .file(let handle):
      let start = bytes.count
      let count = try handle.read(appendingTo: &bytes, maximum: maximum)
      bytes.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[start...])) }
      return count
    case .sheet(let sheet):
      return try sheet.read(appendingTo: &bytes, maximum: maximum)
    }
  }

  static func digest(_ input: Input, _ hasher: LibCrypto.Hasher) -> String {
    switch input {
    case .file: return SHA256.hex(digest: hasher.finish())
    case .sheet(let sheet): return sheet.sha256
    }
  }

  /// Opens a workbook's sheet (`nil`: the first) as a stream of CSV records: the sheet's text
  /// is the one an in-memory read parses (``XLSXReader``), its lines counted from the header
  /// row, so line `k` is sheet row ``headerRow`` `+ k − 1` (``sheetLocated(_:)`` names cells).
  /// The SHA-256 is the workbook file's.
  /// - Throws: ``DataError/workbook(file:reason:)`` and the CSV reader's header errors.
  public convenience init(workbook path: String, sheet: String?, chunkBytes: Int = 8 << 20) throws {
    try self.init(workbook: path, sheet: sheet, chunkBytes: chunkBytes, pieceBytes: 1 << 20)
  }

  /// ``init(workbook:sheet:chunkBytes:)`` inflating `pieceBytes` of XML at a time (tests cut
  /// the XML at every byte).
  convenience init(workbook path: String, sheet: String?, chunkBytes: Int, pieceBytes: Int) throws {
    let stream = try SheetStream(path: path, sheet: sheet, pieceBytes: pieceBytes)
    try self.init(input: .sheet(stream), file: stream.opened.name, chunkBytes: chunkBytes)
  }

  /// A workbook's bytes already in memory, streamed as ``init(workbook:sheet:chunkBytes:)``
  /// streams a file (the fuzzer's entry).
  public convenience init(workbookBytes bytes: [UInt8], file: String, sheet: String? = nil, chunkBytes: Int = 8 << 20, pieceBytes: Int = 1 << 20) throws {
    let stream = try SheetStream(bytes: bytes, file: file, sheet: sheet, pieceBytes: pieceBytes)
    try self.init(input: .sheet(stream), file: stream.opened.name, chunkBytes: chunkBytes)
  }

  /// Opens a CSV file, or a workbook (`.xlsx`, `.xls`, or ZIP bytes whatever the name) at its
  /// sheet `sheet`, as an in-memory read decides.
  public static func open(path: String, sheet: String?, chunkBytes: Int = 8 << 20) throws -> CSVStream {
    let lower = path.lowercased()
    var isWorkbook = lower.hasSuffix(".xlsx") || lower.hasSuffix(".xls")
    if !isWorkbook {
      let head = try POSIX.ReadHandle(path: path).read(maximum: 8)
      isWorkbook = XLSXReader.isZIP(head) || XLSXReader.isOLE2(head)
    }
    if isWorkbook { return try CSVStream(workbook: path, sheet: sheet, chunkBytes: chunkBytes) }
    return try CSVStream(path: path, chunkBytes: chunkBytes)
  }

  /// ``sample`` read as a table (a workbook's with its sheet, for cell locations).
  public func sampleTable() throws -> DataTable {
    var table = try CSVReader.parse(bytes: sample, file: file)
    if case .sheet(let sheet) = input, let headerRow = sheet.headerRow {
      table.sheet = .init(name: sheet.opened.sheetName, headerRow: headerRow, workbook: sheet.opened.file)
    }
    return table
  }

  /// The sheet row of the header of a workbook's stream (`nil` for a CSV file).
  public var headerRow: Int? {
    if case .sheet(let sheet) = input { return sheet.headerRow }
    return nil
  }

  /// An error of this stream's records located on the workbook's sheet (by cell, as an
  /// in-memory read locates it); a CSV file's errors are returned as they are.
  public func sheetLocated(_ error: DataError) -> DataError {
    guard case .sheet(let sheet) = input, let headerRow = sheet.headerRow else { return error }
    let located = sheet.opened.located(error, headerRow: headerRow)
    func cell(_ at: SourceLocation, _ column: String) -> SourceLocation {
      guard let index = headers.firstIndex(of: column) else { return at }
      let row = headerRow + at.line - 1
      return SourceLocation(file: at.file, line: row, column: index + 1, cell: "\(XLSXReader.columnLetters(index))\(row)")
    }
    switch located {
    case .nonNumeric(let at, let column, let value): return .nonNumeric(cell(at, column), column: column, value: value)
    case .ambiguousNumber(let at, let column, let value): return .ambiguousNumber(cell(at, column), column: column, value: value)
    case .nonFiniteValue(let at, let column, let value): return .nonFiniteValue(cell(at, column), column: column, value: value)
    case .missingValue(let at, let column): return .missingValue(cell(at, column), column: column)
    default: return located
    }
  }

  /// Opens the file and reads its header.
  /// - Throws: ``DataError`` as ``CSVReader`` does (unreadable, undecodable, empty, a bad header).
  public convenience init(path: String, chunkBytes: Int = 8 << 20) throws {
    try self.init(input: .file(try POSIX.ReadHandle(path: path)), file: path, chunkBytes: chunkBytes)
  }

  init(input: Input, file path: String, chunkBytes: Int) throws {
    precondition(chunkBytes >= 1 << 10, "chunks of at least 1 KiB")
    self.file = path
    self.chunkBytes = chunkBytes
    self.input = input
    var raw: [UInt8] = []
    var line = 1
    // Read until the header and at least one record boundary are in.
    var split = 0, total = 0, ended = false
    while true {
      let count = try Self.read(input, appendingTo: &raw, chunkBytes, hasher)
      total += count
      if count == 0 { ended = true; split = raw.count; break }
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
    self.firstRecordLine = line
    self.carry = rest
    self.bytesRead = total
    self.finished = ended
    if ended { digest = Self.digest(input, hasher) }
  }

  /// The next chunk of whole records (decoded to UTF-8), `nil` at the end of the file.
  public func next() throws -> CSVChunk? {
    if !pending.isEmpty {
      let chunk = CSVChunk(file: file, bytes: pending, end: pending.count)
      pending = []
      return chunk
    }
    while !finished {
      // The unfinished record first, then the new bytes after it (no other copy).
      var raw = carry
      carry = []
      raw.reserveCapacity(raw.count + chunkBytes)
      let count = try read(appendingTo: &raw)
      let split: Int
      if count == 0 {
        finished = true
        split = raw.count
      } else {
        split = CSVStream.lastRecordEnd(raw)
        if split == 0 { carry = raw; continue }  // a record longer than a chunk: read on
      }
      carry = Array(raw[split...])
      guard split > 0 else { continue }
      if encoding == .gb18030 {
        let decoded = try POSIX.convertGB18030ToUTF8(Array(raw[..<split]), file: file)
        return CSVChunk(file: file, bytes: decoded, end: decoded.count)
      }
      return CSVChunk(file: file, bytes: raw, end: split)
    }
    return nil
  }

  /// One past the last line feed that ends a record (outside quotes); 0 when there is none. A
  /// chunk always starts at a record boundary, so the quote state starts outside. GB18030's
  /// multi-byte sequences never contain `"` or a line feed. Without a quote in the bytes (the
  /// common case) only the last record is scanned, backwards.
  static func lastRecordEnd(_ bytes: [UInt8]) -> Int {
    bytes.withUnsafeBufferPointer { b in
      if !POSIX.contains(0x22, in: b, from: 0) {
        var i = b.count
        while i > 0 && b[i - 1] != 0x0A { i -= 1 }
        return i
      }
      var inQuotes = false, last = 0
      for i in 0..<b.count {
        let c = b[i]
        if c == 0x22 { inQuotes.toggle() } else if c == 0x0A && !inQuotes { last = i + 1 }
      }
      return last
    }
  }

  static func recordEnds(_ bytes: [UInt8], before end: Int) -> Int {
    var inQuotes = false, count = 0
    for i in 0..<end {
      let c = bytes[i]
      if c == 0x22 { inQuotes.toggle() } else if c == 0x0A && !inQuotes { count += 1 }
    }
    return count
  }
}

/// Whole records of a ``CSVStream``, UTF-8: `bytes[..<end]` (what follows is not part of it).
public struct CSVChunk: Sendable {
  public let file: String
  public let bytes: [UInt8]
  public let end: Int

  /// `bytes[..<end]` must be whole records in UTF-8.
  public init(file: String, bytes: [UInt8], end: Int) {
    precondition((0...bytes.count).contains(end), "a chunk ends inside its bytes")
    self.file = file
    self.bytes = bytes
    self.end = end
  }

  /// Calls `body` with the numbers of `numeric` fields (in that order) and the text of the
  /// `label` field of every record whose numeric fields are all present; returns how many
  /// records were read, how many were left out for a missing value, the missing values per
  /// entry of `numeric`, and the lines the chunk spans (the next chunk's `firstLine` is this
  /// one's plus that).
  ///
  /// - Parameter firstLine: the file line of the chunk's first byte (for error locations).
  ///
  /// - Throws: ``DataError/raggedRow(_:expected:found:)``, ``DataError/nonNumeric(_:column:value:)``,
  ///   ``DataError/ambiguousNumber(_:column:value:)``, ``DataError/nonFiniteValue(_:column:value:)``
  ///   with the file, line and column; or what `body` throws.
  public func forEachRow(
    firstLine: Int, numeric: [Int], label: Int?, headers: [String], strict: Bool = false, _ body: (UnsafeBufferPointer<Double>, String?) throws -> Void
  ) throws -> (rows: Int, dropped: Int, missing: [Int], lines: Int) {
    var missing = [Int](repeating: 0, count: numeric.count)
    var rows = 0, dropped = 0
    var values = [Double](repeating: 0, count: numeric.count)
    var fields: [CSVReader.FieldRange] = []
    // Field j's slot among the numeric values (-1: not read as a number).
    var slot = [Int](repeating: -1, count: headers.count)
    for (k, index) in numeric.enumerated() { slot[index] = k }
    var lines = 0
    try bytes.withUnsafeBufferPointer { whole in
      let buffer = UnsafeBufferPointer(rebasing: whole[..<end])
      var cursor = CSVReader.Cursor(buffer: buffer, delimiter: 0x2C, file: file)
      cursor.line = firstLine
      defer { lines = cursor.line - firstLine }
      while true {
        cursor.skipBlankLines()
        if cursor.atEnd { break }
        // A plain row (no quotes, plain decimals in the numeric fields) in one pass; anything
        // else goes the general way below, which names what is wrong.
        if let (end, labelRange) = values.withUnsafeMutableBufferPointer({ Self.plainRow(buffer, from: cursor.position, slots: slot, label: label, into: $0) }) {
          rows += 1
          let text = labelRange.map { CSVReader.trimmedText(UnsafeBufferPointer(rebasing: buffer[$0])) }
          try values.withUnsafeBufferPointer { try body($0, text) }
          cursor.position = end
          cursor.line += 1
          continue
        }
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
    return (rows, dropped, missing, lines)
  }

  /// One record without quotes whose numeric fields are plain decimals (`-12.5`, `3`, at most 19
  /// digits, no exponent, separators, `%` or spaces), parsed in one pass: one past its line end
  /// (LF or CRLF) and the label field's byte range; `nil` for anything else (the general parser
  /// then reads the row). A value is `m / 10ᵏ` with `m < 2⁵³` and `k ≤ 22`, one correctly rounded
  /// division (Clinger's fast path); a longer mantissa also returns `nil`.
  @inline(__always)
  static func plainRow(
    _ b: UnsafeBufferPointer<UInt8>, from start: Int, slots: [Int], label: Int?, into values: UnsafeMutableBufferPointer<Double>
  ) -> (end: Int, label: Range<Int>?)? {
    let count = b.count, width = slots.count
    var p = start, field = 0
    var labelRange: Range<Int>? = nil
    while true {
      let fieldStart = p
      let k = slots[field]
      if k >= 0 {
        var negative = false
        if p < count && b[p] == 0x2D { negative = true; p += 1 }
        var mantissa: UInt64 = 0, digits = 0, scale = 0
        var seenDot = false
        while p < count {
          let c = b[p]
          if c &- 0x30 < 10 {
            mantissa = mantissa &* 10 &+ UInt64(c &- 0x30)
            digits += 1
            if seenDot { scale += 1 }
          } else if c == 0x2E && !seenDot {
            seenDot = true
          } else {
            break
          }
          p += 1
        }
        guard digits > 0, digits <= 15, scale <= 22 else { return nil }
        let magnitude = Double(mantissa) / NumberParsing.powersOfTen[scale]
        values[k] = negative ? -magnitude : magnitude
      } else {
        while p < count, b[p] != 0x2C, b[p] != 0x0A, b[p] != 0x0D {
          if b[p] == 0x22 { return nil }
          p += 1
        }
        if field == label { labelRange = fieldStart..<p }
      }
      field += 1
      guard p < count else { return field == width ? (p, labelRange) : nil }
      let c = b[p]
      if c == 0x2C {
        guard field < width else { return nil }
        p += 1
        continue
      }
      guard field == width else { return nil }
      if c == 0x0A { return (p + 1, labelRange) }
      if c == 0x0D && p + 1 < count && b[p + 1] == 0x0A { return (p + 2, labelRange) }
      return nil
    }
  }
}
