/// A database result written as the CSV text ``CSVReader`` reads: a header row of the column
/// names, then one line per row; a field is quoted when it holds a comma, a quote or a line
/// break. Numbers are written as text that reads back to the same value (integers in full,
/// doubles as Swift's shortest round-trip form), so nothing is lost between the database and the
/// fit, and the SHA-256 of these bytes identifies the rows as read.
struct ResultCSV {
  private(set) var bytes: [UInt8] = []
  private let columns: Int
  private var field = 0

  /// Called with the bytes so far each time they reach ``chunkBytes`` at the end of a row, and
  /// once more by ``finish()`` (`nil`: the bytes are kept whole); the first chunk starts with
  /// the header line, of ``headerLength`` bytes.
  private let onChunk: (([UInt8]) throws -> Void)?
  private let chunkBytes: Int
  /// The length of the header line (the first chunk's first bytes).
  let headerLength: Int

  init(columns names: [String], chunkBytes: Int = .max, onChunk: (([UInt8]) throws -> Void)? = nil) {
    columns = names.count
    self.chunkBytes = chunkBytes
    self.onChunk = onChunk
    for (j, name) in names.enumerated() {
      if j > 0 { bytes.append(0x2C) }
      XLSXReader.appendField(Array(name.utf8), to: &bytes)
    }
    bytes.append(0x0A)
    headerLength = bytes.count
  }

  /// Hands over a full chunk at a row's end.
  private mutating func rowEnded() throws {
    guard let onChunk, bytes.count >= chunkBytes else { return }
    let chunk = bytes
    bytes.removeAll(keepingCapacity: true)
    try onChunk(chunk)
  }

  /// Hands over the last bytes (chunked reading only).
  mutating func finish() throws {
    guard let onChunk else { return }
    let chunk = bytes
    bytes = []
    try onChunk(chunk)
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
  mutating func appendLine(_ line: UnsafeRawBufferPointer) throws {
    bytes.append(contentsOf: line)
    rows += 1
    try rowEnded()
  }

  mutating func endRow() throws {
    precondition(field == columns, "ResultCSV: \(field) fields in a row of \(columns) columns")
    bytes.append(0x0A)
    field = 0
    rows += 1
    try rowEnded()
  }
}
