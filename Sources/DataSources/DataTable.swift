import Foundation

/// A table read from a delimited text file, with every column parsed as numbers where it can be.
///
/// Cells are kept as `Double` (NaN where missing or not numeric); the text of any cell can be
/// recovered on demand from the decoded file bytes, so text columns (team, month) cost nothing
/// until they are used. Every row remembers the file line it starts on, so any cell can be
/// reported as `file:line:column`.
public struct DataTable: Sendable {
  /// The path as given (used in messages).
  public let file: String
  public let encoding: DetectedEncoding
  /// Column names as the analysis knows them (catalog ids after ``renamingColumns(_:)``).
  public internal(set) var headers: [String]
  public internal(set) var columns: [DataColumn]
  /// Column names as the file has them, where a column was renamed (empty: none was).
  public private(set) var fileHeaders: [String] = []
  /// The workbook sheet the table was read from (locations then name cells).
  public internal(set) var sheet: Sheet? = nil

  /// Where a table read from a workbook came from.
  public struct Sheet: Sendable, Equatable {
    public let name: String
    /// The sheet row of the header (data row k is on sheet row `headerRow + line − 1`).
    public let headerRow: Int
    public let workbook: String
  }
  /// Number of data rows (blank lines are not rows).
  public var rowCount: Int { rowStarts.count }

  /// UTF-8 bytes of the file (BOM removed, converted if it was GB18030).
  let bytes: [UInt8]
  /// Byte offset where each data row starts.
  let rowStarts: [Int]
  /// 1-based line number where each data row starts.
  let rowLines: [Int32]
  let delimiter: UInt8
  /// Cells of indexed columns (``indexingFields(columns:)``): column → one span per row.
  var fieldSpans: [Int: [UInt64]] = [:]

  /// Index of the column named `name`, if any.
  public func columnIndex(named name: String) -> Int? { headers.firstIndex(of: name) }

  /// The name column `index` has in the file (what a person sees at its cells' locations).
  public func fileHeader(_ index: Int) -> String { fileHeaders.isEmpty ? headers[index] : fileHeaders[index] }

  /// The table with columns renamed (`[file header: new name]`), e.g. to catalog ids; messages
  /// about cells keep naming the file's header.
  public func renamingColumns(_ names: [String: String]) -> DataTable {
    guard !names.isEmpty else { return self }
    var table = self
    table.fileHeaders = (0..<headers.count).map(fileHeader)
    for (index, header) in headers.enumerated() {
      guard let name = names[header] else { continue }
      table.headers[index] = name
      table.columns[index].name = name
    }
    return table
  }
}

/// One column's numbers and what the reader learnt about it.
public struct DataColumn: Sendable {
  public internal(set) var name: String
  /// One value per row; NaN where the cell is missing, non-finite, ambiguous or text.
  public internal(set) var values: [Double]
  public internal(set) var numericCount = 0
  public internal(set) var missingCount = 0
  public internal(set) var textCount = 0
  /// First cell that is not usable as a number (row index, reason).
  public internal(set) var firstProblem: (row: Int, kind: CellProblem)? = nil
  /// First missing cell's row index.
  public internal(set) var firstMissingRow: Int? = nil

  public enum CellProblem: Sendable, Equatable { case text, nonFinite, ambiguous }

  /// A column is numeric when it has numbers and fewer text cells than numbers: a stray
  /// "n/a"-like word in a numeric column is then an error to report, not a reason to treat the
  /// whole column as text.
  public var isNumeric: Bool { numericCount > 0 && textCount < numericCount }

  public var isText: Bool { textCount > 0 && !isNumeric }
}

extension DataTable {
  /// The raw text of a cell (quotes removed, `""` unescaped, surrounding spaces trimmed).
  public func text(row: Int, column: Int) -> String {
    bytes.withUnsafeBufferPointer { buffer in
      var scratch: [CSVReader.FieldRange] = []
      guard let field = CSVReader.fieldRange(buffer, from: rowStarts[row], delimiter: delimiter, index: column, scratch: &scratch) else { return "" }
      return CSVReader.fieldText(buffer, field)
    }
  }

  /// Calls `body` with each row's cell bytes in column `index` (spaces and tabs trimmed; a quoted
  /// cell's content inside the quotes; a cell with escaped quotes as its text's bytes), without
  /// making strings.
  func forEachField(column index: Int, _ body: (Int, UnsafeBufferPointer<UInt8>) -> Void) {
    if let spans = fieldSpans[index] {
      bytes.withUnsafeBufferPointer { buffer in
        for (row, span) in spans.enumerated() {
          if span & Self.slowSpan != 0 {
            var text = text(row: row, column: index)
            text.withUTF8 { body(row, $0) }
          } else {
            let start = Int(span >> Self.spanLengthBits), length = Int(span & ((1 << Self.spanLengthBits) - 1))
            body(row, UnsafeBufferPointer(rebasing: buffer[start..<(start + length)]))
          }
        }
      }
      return
    }
    bytes.withUnsafeBufferPointer { buffer in
      var scratch: [CSVReader.FieldRange] = []
      for row in 0..<rowCount {
        guard let field = CSVReader.fieldRange(buffer, from: rowStarts[row], delimiter: delimiter, index: index, scratch: &scratch) else {
          body(row, UnsafeBufferPointer(start: nil, count: 0))
          continue
        }
        let span = Self.span(buffer, field)
        if span & Self.slowSpan != 0 {
          var text = CSVReader.fieldText(buffer, field)
          text.withUTF8 { body(row, $0) }
        } else {
          let start = Int(span >> Self.spanLengthBits), length = Int(span & ((1 << Self.spanLengthBits) - 1))
          body(row, UnsafeBufferPointer(rebasing: buffer[start..<(start + length)]))
        }
      }
    }
  }

  /// The 1-based file line on which data row `row` starts. O(1).
  public func line(ofRow row: Int) -> Int { Int(rowLines[row]) }

  /// All texts of a column (for id and period columns), as ``text(row:column:)`` gives them.
  /// - Complexity: O(bytes up to the field in each row), O(cell) for an indexed column
  ///   (``indexingFields(columns:)``); no per-row allocation but the text itself.
  public func texts(column: Int) -> [String] {
    var texts: [String] = []
    texts.reserveCapacity(rowCount)
    forEachField(column: column) { _, bytes in texts.append(CSVReader.trimmedText(bytes)) }
    return texts
  }

  /// Location of a cell for messages: line of its row, and the character column where the
  /// field starts on that line.
  /// - Complexity: O(length of the row): the scan starts at the row's own start and line.
  public func location(row: Int, column: Int) -> SourceLocation {
    if let sheet {
      let sheetRow = sheet.headerRow + Int(rowLines[row]) - 1
      return SourceLocation(file: file, line: sheetRow, column: column + 1, cell: "\(XLSXReader.columnLetters(column))\(sheetRow)")
    }
    return bytes.withUnsafeBufferPointer { buffer in
      let fields = CSVReader.fieldRanges(buffer, from: rowStarts[row], delimiter: delimiter)
      let start = column < fields.count ? fields[column].fieldStart : rowStarts[row]
      return CSVReader.location(buffer, byteOffset: start, file: file, from: rowStarts[row], startLine: Int(rowLines[row]))
    }
  }
}

extension DataTable {
  /// The table with the numbers of column `index` multiplied by `factor` (a percent scale stated
  /// by the user: fractions read as percent). Texts and locations are unchanged.
  public func scalingColumn(_ index: Int, by factor: Double) -> DataTable {
    var table = self
    table.columns[index].values = columns[index].values.map { $0 * factor }
    return table
  }
}
