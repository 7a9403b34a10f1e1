/// A database result written as the CSV text ``CSVReader`` reads: a header row of the column
/// names, then one line per row; a field is quoted when it holds a comma, a quote or a line
/// break. Numbers are written as text that reads back to the same value (integers in full,
/// doubles as Swift's shortest round-trip form), so nothing is lost between the database and the
/// fit, and the SHA-256 of these bytes identifies the rows as read.
struct ResultCSV {
  private(set) var bytes: [UInt8] = []
  private let columns: Int
  private var field = 0

  init(columns names: [String]) {
    columns = names.count
    for (j, name) in names.enumerated() {
      if j > 0 { bytes.append(0x2C) }
      XLSXReader.appendField(Array(name.utf8), to: &bytes)
    }
    bytes.append(0x0A)
  }

  private mutating func separate() {
    if field > 0 { bytes.append(0x2C) }
    field += 1
  }

  /// An empty field; in a one-column result `""`, since a blank line is not a row to the reader.
  mutating func appendMissing() {
    separate()
    if columns == 1 { bytes.append(contentsOf: [0x22, 0x22]) }
  }

  /// Number of rows appended.
  private(set) var rows = 0

  mutating func appendInteger(_ value: Int64) {
    separate()
    bytes.append(contentsOf: String(value).utf8)
  }

  mutating func appendDouble(_ value: Double) {
    separate()
    bytes.append(contentsOf: value.description.utf8)
  }

  mutating func appendText(_ utf8: UnsafeBufferPointer<UInt8>) {
    separate()
    XLSXReader.appendField(utf8, to: &bytes)
  }

  /// A row already in CSV form, line break included (PostgreSQL's `COPY … (FORMAT csv)` output).
  mutating func appendLine(_ line: UnsafeRawBufferPointer) {
    bytes.append(contentsOf: line)
    rows += 1
  }

  mutating func endRow() {
    precondition(field == columns, "ResultCSV: \(field) fields in a row of \(columns) columns")
    bytes.append(0x0A)
    field = 0
    rows += 1
  }
}
