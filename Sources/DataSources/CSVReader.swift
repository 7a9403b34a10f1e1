import Foundation

/// Reads CSV files as analysts export them from spreadsheets.
///
/// - UTF-8 with or without BOM; GB18030/GBK (Chinese Excel's "CSV") is detected because it is
///   not valid UTF-8, converted, and reported in ``DataTable/encoding``.
/// - LF, CRLF or CR line ends; quoted fields (RFC 4180) with delimiters, `""` and line breaks.
/// - Blank lines are skipped. Header names are trimmed and must be unique and non-empty.
/// - Every cell is parsed as a number (see `NumberParsing`) in one pass over the bytes.
///
/// Errors are ``DataError`` values with `file:line:column`.
public enum CSVReader {
  /// Reads and parses a file.
  public static func read(path: String, delimiter: Character = ",", progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> DataTable {
    try parse(bytes: readFile(path), file: path, delimiter: delimiter, progress: progress)
  }

  /// The bytes of a file, read straight into one array (no intermediate `Data`).
  /// - Throws: ``DataError/unreadable(file:reason:)``.
  public static func readFile(_ path: String) throws -> [UInt8] { try POSIX.readFile(path) }

  /// The widest table read: Excel's 16,384 columns.
  public static let maximumColumns = 16_384

  /// Parses bytes already in memory; `file` names them in messages.
  /// - Parameter progress: called now and then from the parsing threads with the bytes parsed so
  ///   far and the total (for a progress bar on large files).
  public static func parse(bytes raw: [UInt8], file: String, delimiter: Character = ",", progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> DataTable {
    guard let delimiterByte = delimiter.asciiValue else {
      preconditionFailure("The delimiter must be an ASCII character, got \(delimiter)")
    }
    let (bytes, encoding) = try TextDecoding.utf8Bytes(raw, file: file)
    return try bytes.withUnsafeBufferPointer { buffer -> DataTable in
      var cursor = Cursor(buffer: buffer, delimiter: delimiterByte, file: file)
      // Header.
      cursor.skipBlankLines()
      guard !cursor.atEnd else { throw DataError.emptyFile(file: file) }
      let headerFields = try cursor.record()
      // Linear in the header's width: a field's location is computed only for a message, and
      // duplicates are found through a dictionary.
      if headerFields.count > maximumColumns {
        throw DataError.tooManyColumns(location(buffer, byteOffset: headerFields[maximumColumns].fieldStart, file: file), count: headerFields.count, limit: maximumColumns)
      }
      var headers: [String] = []
      headers.reserveCapacity(headerFields.count)
      var seen: [String: Int] = [:]
      for (index, field) in headerFields.enumerated() {
        let name = fieldText(buffer, field)
        if name.isEmpty {
          throw DataError.emptyHeader(location(buffer, byteOffset: field.fieldStart, file: file), index: index + 1)
        }
        if let first = seen.updateValue(index, forKey: name) {
          throw DataError.duplicateHeader(location(buffer, byteOffset: field.fieldStart, file: file), name: name, firstColumn: first + 1)
        }
        headers.append(name)
      }
      cursor.skipBlankLines()
      let body = try parseBody(buffer, bodyStart: cursor.position, line: cursor.line, headers: headers, delimiter: delimiterByte, file: file, progress: progress)
      if body.rowStarts.isEmpty { throw DataError.noDataRows(file: file) }
      return DataTable(
        file: file, encoding: encoding, headers: headers, columns: body.columns, bytes: bytes, rowStarts: body.rowStarts,
        rowLines: body.rowLines, delimiter: delimiterByte)
    }
  }

  static func containsQuote(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
    POSIX.contains(0x22, in: buffer, from: start)
  }

  /// Byte range of one field: `start..<end` is its content (inside quotes when quoted),
  /// `fieldStart` where the field begins on its line.
  struct FieldRange {
    var fieldStart: Int
    var start: Int
    var end: Int
    var quoted: Bool
    var hasEscapedQuote: Bool
  }

  /// A reading position over the decoded bytes.
  struct Cursor {
    let buffer: UnsafeBufferPointer<UInt8>
    let delimiter: UInt8
    let file: String
    /// One past the last byte this cursor may read.
    let end: Int
    var position = 0
    var line = 1

    init(buffer: UnsafeBufferPointer<UInt8>, delimiter: UInt8, file: String, end: Int? = nil) {
      self.buffer = buffer
      self.delimiter = delimiter
      self.file = file
      self.end = end ?? buffer.count
    }

    var atEnd: Bool { position >= end }

    mutating func skipBlankLines() {
      let count = end
      while position < count {
        let c = buffer[position]
        if c == 0x0A { position += 1; line += 1 } else if c == 0x0D {
          position += 1
          if position < count && buffer[position] == 0x0A { position += 1 }
          line += 1
        } else if c == 0x20 || c == 0x09 {
          // A line of spaces only is blank too.
          var p = position
          while p < count && (buffer[p] == 0x20 || buffer[p] == 0x09) { p += 1 }
          if p == count || buffer[p] == 0x0A || buffer[p] == 0x0D { position = p } else { return }
        } else {
          return
        }
      }
    }

    mutating func record() throws -> [FieldRange] {
      var fields: [FieldRange] = []
      try record(into: &fields)
      return fields
    }

    /// Reads one record (possibly spanning lines inside quotes) and consumes its line end.
    /// - Parameter limit: stop after this many fields (the position is then inside the record;
    ///   for looking up one field of a row).
    mutating func record(into fields: inout [FieldRange], limit: Int = .max) throws {
      fields.removeAll(keepingCapacity: true)
      let count = end
      while true {
        if fields.count >= limit { return }
        let fieldStart = position
        var p = position
        while p < count && (buffer[p] == 0x20 || buffer[p] == 0x09) { p += 1 }
        if p < count && buffer[p] == 0x22 {  // quoted field
          let openQuote = p
          p += 1
          let contentStart = p
          var escaped = false
          var closed = false
          while p < count {
            let c = buffer[p]
            if c == 0x22 {
              if p + 1 < count && buffer[p + 1] == 0x22 { escaped = true; p += 2; continue }
              closed = true
              break
            }
            if c == 0x0A { line += 1 } else if c == 0x0D && !(p + 1 < count && buffer[p + 1] == 0x0A) { line += 1 }
            p += 1
          }
          if !closed {
            throw DataError.unterminatedQuote(CSVReader.location(buffer, byteOffset: openQuote, file: file))
          }
          let contentEnd = p
          p += 1
          while p < count && (buffer[p] == 0x20 || buffer[p] == 0x09) { p += 1 }
          fields.append(FieldRange(fieldStart: fieldStart, start: contentStart, end: contentEnd, quoted: true, hasEscapedQuote: escaped))
          if p < count && buffer[p] != delimiter && buffer[p] != 0x0A && buffer[p] != 0x0D {
            // Text after the closing quote: keep it in the field as text (lenient, like Excel).
            while p < count && buffer[p] != delimiter && buffer[p] != 0x0A && buffer[p] != 0x0D { p += 1 }
            fields[fields.count - 1].end = p
            fields[fields.count - 1].hasEscapedQuote = true
          }
        } else {
          while p < count {
            let c = buffer[p]
            if c == delimiter || c == 0x0A || c == 0x0D { break }
            p += 1
          }
          fields.append(FieldRange(fieldStart: fieldStart, start: fieldStart, end: p, quoted: false, hasEscapedQuote: false))
        }
        if p >= count { position = p; return }
        let c = buffer[p]
        if c == delimiter { position = p + 1; continue }
        // Line end.
        if c == 0x0D && p + 1 < count && buffer[p + 1] == 0x0A { p += 2 } else { p += 1 }
        line += 1
        position = p
        return
      }
    }
  }

  /// Field `index` of the record starting at `offset`, scanning no further than that field;
  /// `scratch` is reused between calls so a lookup allocates nothing.
  static func fieldRange(_ buffer: UnsafeBufferPointer<UInt8>, from offset: Int, delimiter: UInt8, index: Int, scratch: inout [FieldRange]) -> FieldRange? {
    var cursor = Cursor(buffer: buffer, delimiter: delimiter, file: "")
    cursor.position = offset
    guard (try? cursor.record(into: &scratch, limit: index + 1)) != nil, index < scratch.count else { return nil }
    return scratch[index]
  }

  /// Field ranges of the record starting at `offset` (for on-demand text and locations).
  static func fieldRanges(_ buffer: UnsafeBufferPointer<UInt8>, from offset: Int, delimiter: UInt8) -> [FieldRange] {
    var cursor = Cursor(buffer: buffer, delimiter: delimiter, file: "")
    cursor.position = offset
    return (try? cursor.record()) ?? []
  }

  static func fieldText(_ buffer: UnsafeBufferPointer<UInt8>, _ field: FieldRange) -> String {
    // Without escaped quotes the field's bytes are the text: no copy.
    guard field.quoted && field.hasEscapedQuote else { return trimmedText(UnsafeBufferPointer(rebasing: buffer[field.start..<field.end])) }
    let bytes = buffer[field.start..<field.end]
    var unescaped: [UInt8] = []
    var k = bytes.startIndex
    while k < bytes.endIndex {
      unescaped.append(bytes[k])
      if bytes[k] == 0x22 && k + 1 < bytes.endIndex && bytes[k + 1] == 0x22 { k += 2 } else { k += 1 }
    }
    return unescaped.withUnsafeBufferPointer { trimmedText($0) }
  }

  /// A cell's text from its bytes: spaces and tabs trimmed on the bytes; an end that is not
  /// ASCII (U+3000, U+00A0…) goes through Foundation's `.whitespaces`, so the result is the same
  /// either way.
  static func trimmedText(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    var lower = 0, upper = bytes.count
    while lower < upper && (bytes[lower] == 0x20 || bytes[lower] == 0x09) { lower += 1 }
    while upper > lower && (bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09) { upper -= 1 }
    let slice = UnsafeBufferPointer(rebasing: bytes[lower..<upper])
    let text = String(decoding: slice, as: UTF8.self)
    if lower < upper && (startsWithUnicodeSpace(slice) || endsWithUnicodeSpace(slice)) {
      return text.trimmingCharacters(in: .whitespaces)
    }
    return text
  }

  /// Whether UTF-8 bytes begin with a non-ASCII space (U+00A0, U+1680, U+2000–U+200A, U+202F,
  /// U+205F, U+3000: Unicode's Zs), the only ones Foundation's `.whitespaces` adds to space and tab.
  static func startsWithUnicodeSpace<Bytes: RandomAccessCollection<UInt8>>(_ b: Bytes) -> Bool where Bytes.Index == Int {
    let i = b.startIndex
    guard b.count >= 2, b[i] >= 0xC2 else { return false }
    if b[i] == 0xC2 { return b[i + 1] == 0xA0 }
    guard b.count >= 3 else { return false }
    return isSpaceSequence(b[i], b[i + 1], b[i + 2])
  }

  static func endsWithUnicodeSpace<Bytes: RandomAccessCollection<UInt8>>(_ b: Bytes) -> Bool where Bytes.Index == Int {
    let e = b.endIndex
    guard b.count >= 2, b[e - 1] >= 0x80 else { return false }
    if b[e - 2] == 0xC2 && b[e - 1] == 0xA0 { return true }
    guard b.count >= 3 else { return false }
    return isSpaceSequence(b[e - 3], b[e - 2], b[e - 1])
  }

  static func isSpaceSequence(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Bool {
    switch (a, b) {
    case (0xE1, 0x9A): return c == 0x80
    case (0xE2, 0x80): return (0x80...0x8A).contains(c) || c == 0xAF
    case (0xE2, 0x81): return c == 0x9F
    case (0xE3, 0x80): return c == 0x80
    default: return false
    }
  }

  /// `file:line:column` of a byte offset: the line counts LF, CRLF and lone CR; the column
  /// counts Unicode scalars (a Chinese character is one column).
  /// - Parameters:
  ///   - start: a byte offset at the start of a line at or before `byteOffset` whose line number
  ///     is `startLine` (a row's start, so a lookup costs the row's length, not the file's).
  /// - Complexity: O(`byteOffset − start`).
  static func location(_ buffer: UnsafeBufferPointer<UInt8>, byteOffset: Int, file: String, from start: Int = 0, startLine: Int = 1) -> SourceLocation {
    var line = startLine
    var lineStart = start
    var p = start
    while p < byteOffset && p < buffer.count {
      let c = buffer[p]
      if c == 0x0A {
        line += 1
        lineStart = p + 1
      } else if c == 0x0D {
        if p + 1 < buffer.count && buffer[p + 1] == 0x0A { p += 1 }
        line += 1
        lineStart = p + 1
      }
      p += 1
    }
    var column = 1
    var q = lineStart
    while q < byteOffset && q < buffer.count {
      if buffer[q] & 0xC0 != 0x80 { column += 1 }
      q += 1
    }
    return SourceLocation(file: file, line: line, column: column)
  }
}
