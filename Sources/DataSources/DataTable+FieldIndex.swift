import LinearAlgebra

/// Where each cell of a few columns lies in the table's bytes, found in one pass.
///
/// A row's fields are only known by scanning it from its start, so reading k columns one by one
/// scans every row k times. ``indexingFields(columns:)`` scans each row once, on both cores,
/// and keeps every cell of the chosen columns as one `UInt64` span (a row without quotes is split
/// at its delimiters directly; one with quotes goes through the RFC 4180 record reader):
///
///     bit 63       1: read this cell through ``text(row:column:)`` (escaped quotes, > 8 MiB)
///     bits 23…62   byte offset of the cell (spaces and tabs trimmed, inside its quotes)
///     bits 0…22    byte length
///
/// so 8 bytes a cell, and every later reader of those columns (``forEachField(column:_:)``,
/// ``texts(column:)``, ``codes(column:)``, timestamps, yes/no) goes straight to the bytes.
extension DataTable {
  static let slowSpan: UInt64 = 1 << 63
  static let spanLengthBits: UInt64 = 23

  /// The table with the cells of `columns` indexed (columns already indexed are kept).
  public func indexingFields(columns wanted: [Int]) -> DataTable {
    let columns = Array(Set(wanted.filter { $0 >= 0 && $0 < headers.count && fieldSpans[$0] == nil })).sorted()
    guard let last = columns.last, rowCount > 0 else { return self }
    var spans = columns.map { _ in [UInt64](repeating: 0, count: rowCount) }
    let rows = rowCount
    let parts = rows >= 100_000 ? 2 : 1
    bytes.withUnsafeBufferPointer { buffer in
      withMutableBufferPointers(&spans) { sinks in
        let writers = sinks.map { Parallel.DisjointRows($0) }
        let shared = Parallel.Shared((buffer, rowStarts))
        _ = try? Parallel.map(parts) { k in
          let range = (rows * k / parts)..<(rows * (k + 1) / parts)
          let own = writers.map { writer in
            guard let own = writer.claim(range) else { preconditionFailure("field index parts overlap at rows \(range)") }
            return own
          }
          let (buffer, rowStarts) = shared.value
          var scratch: [CSVReader.FieldRange] = []
          var cursor = CSVReader.Cursor(buffer: buffer, delimiter: delimiter, file: "")
          let delimiter = self.delimiter
          rows: for row in range {
            // Fast path: an unquoted row is split at delimiters up to the last wanted field.
            var start = rowStarts[row], field = 0, c = 0
            fast: while c < columns.count {
              var end = start
              while end < buffer.count {
                let byte = buffer[end]
                if byte == delimiter || byte == 0x0A || byte == 0x0D { break }
                if byte == 0x22 { break fast }  // a quote: the general record reader below
                end += 1
              }
              if field == columns[c] {
                own[c][row - range.lowerBound] = Self.span(buffer, CSVReader.FieldRange(fieldStart: start, start: start, end: end, quoted: false, hasEscapedQuote: false))
                c += 1
              }
              guard end < buffer.count, buffer[end] == delimiter else {
                // The row ends: the wanted fields beyond it are empty.
                while c < columns.count { own[c][row - range.lowerBound] = 0; c += 1 }
                continue rows
              }
              start = end + 1
              field += 1
            }
            if c == columns.count { continue }
            cursor.position = rowStarts[row]
            let complete = (try? cursor.record(into: &scratch, limit: last + 1)) != nil
            for (c, column) in columns.enumerated() {
              own[c][row - range.lowerBound] = complete && column < scratch.count ? Self.span(buffer, scratch[column]) : (complete ? 0 : Self.slowSpan)
            }
          }
        }
      }
    }
    var table = self
    for (c, column) in columns.enumerated() { table.fieldSpans[column] = spans[c] }
    return table
  }

  /// A cell's span (see the type's notes).
  static func span(_ buffer: UnsafeBufferPointer<UInt8>, _ field: CSVReader.FieldRange) -> UInt64 {
    if field.quoted && field.hasEscapedQuote { return slowSpan }
    var lower = field.start, upper = field.end
    while lower < upper && (buffer[lower] == 0x20 || buffer[lower] == 0x09) { lower += 1 }
    while upper > lower && (buffer[upper - 1] == 0x20 || buffer[upper - 1] == 0x09) { upper -= 1 }
    let length = upper - lower
    guard length < 1 << spanLengthBits, lower < 1 << 40 else { return slowSpan }
    return UInt64(lower) << spanLengthBits | UInt64(length)
  }
}
