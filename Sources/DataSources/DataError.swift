import WeightAnalysis

/// A problem with an input file, located as `file:line:column` (1-based; the column counts
/// characters from the start of the line, as editors do).
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
  public let file: String
  public let line: Int
  public let column: Int
  /// A workbook cell (`C7`): then `file` is `book.xlsx[Sheet1]` and the location reads
  /// `book.xlsx[Sheet1]!C7`.
  public let cell: String?
  public init(file: String, line: Int, column: Int, cell: String? = nil) {
    self.file = file
    self.line = line
    self.column = column
    self.cell = cell
  }
  public var description: String { cell.map { "\(file)!\($0)" } ?? "\(file):\(line):\(column)" }
}

/// Errors reading and selecting data. `description` is the diagnostic a compiler would print:
/// `file:line:column: error: what is wrong; how to fix it`.
public enum DataError: Error, Sendable, Equatable, CustomStringConvertible {
  case unreadable(file: String, reason: String)
  case undecodable(file: String, reason: String)
  /// A UTF-8 file with bytes that are not UTF-8 from `line` on (a cell pasted from a GBK file).
  case mixedEncoding(file: String, line: Int, byte: UInt8)
  case emptyFile(file: String)
  case noDataRows(file: String)
  case unterminatedQuote(SourceLocation)
  case raggedRow(SourceLocation, expected: Int, found: Int)
  case emptyHeader(SourceLocation, index: Int)
  case duplicateHeader(SourceLocation, name: String, firstColumn: Int)
  /// A header row wider than ``CSVReader/maximumColumns``.
  case tooManyColumns(SourceLocation, count: Int, limit: Int)
  case unknownColumn(file: String, name: String, suggestion: String?, role: String)
  case nonNumeric(SourceLocation, column: String, value: String)
  case ambiguousNumber(SourceLocation, column: String, value: String)
  case nonFiniteValue(SourceLocation, column: String, value: String)
  case missingValue(SourceLocation, column: String)
  case emptyColumn(file: String, column: String)
  case textColumn(file: String, column: String, example: String)
  /// Indicators of a weight config that are not columns of the data.
  case configColumns(file: String, names: [String], config: String)
  /// A money cell that is not an amount with at most two decimals.
  case badAmount(SourceLocation, column: String, value: String)
  /// A money cell above ``WeightAnalysis/Cents/maximum``.
  case amountTooLarge(SourceLocation, column: String, value: String)
  /// A period whose performance pay sums past what Int64 cents hold.
  case paySumTooLarge(file: String, period: String)
  /// A date that reads both day-first and month-first (`01/02/2025`).
  case ambiguousDate(SourceLocation, column: String, value: String)
  /// A timestamp column written in two formats.
  case mixedDateFormats(SourceLocation, column: String, value: String, first: String, firstLine: Int)
  /// A row `prepare` would drop, under strict mode (the reason says why).
  case unusableRow(SourceLocation, column: String, value: String, reason: String)
  /// Rows that repeat an entity and period (score would pay them twice).
  case duplicateRows(file: String, entity: String, period: String, value: String, firstLine: Int, repeatLine: Int, count: Int)
  /// A workbook that cannot be read (not a ZIP, an old .xls, no such sheet…).
  case workbook(file: String, reason: String)
  /// A workbook that cannot be written as asked (a sheet name Excel refuses, too many rows).
  case unwritableWorkbook(file: String, reason: String)
  /// A merged cell in a workbook's header row (or a header over several rows).
  case mergedHeader(SourceLocation, range: String)
  /// A cell beyond the header's last column.
  case unnamedColumn(SourceLocation)
  /// A column used as timestamps that holds none.
  case notTimestamps(file: String, column: String, example: String)

  public var description: String {
    switch self {
    case .unreadable(let file, let reason):
      return "\(file): error: cannot read the file: \(reason)"
    case .mixedEncoding(let file, let line, let byte):
      return "\(file):\(line): error: byte 0x\(String(byte, radix: 16, uppercase: true)) is not UTF-8, though the text before it is UTF-8 Chinese (a cell pasted from a GBK file?); re-type the cell or save the whole file as 'CSV UTF-8'"
    case .undecodable(let file, let reason):
      return "\(file): error: the file is neither UTF-8 nor GB18030 text (\(reason)); save it as 'CSV UTF-8' from your spreadsheet"
    case .emptyFile(let file):
      return "\(file):1:1: error: the file is empty; expected a header row followed by data rows"
    case .noDataRows(let file):
      return "\(file):2:1: error: the file has a header row but no data rows"
    case .unterminatedQuote(let at):
      return "\(at): error: a quoted field is never closed; add the closing '\"' (a quote inside a quoted field is written '\"\"')"
    case .raggedRow(let at, let expected, let found):
      return "\(at): error: row has \(found) field\(found == 1 ? "" : "s") but the header has \(expected); check for a missing or extra delimiter, or quote fields that contain commas"
    case .emptyHeader(let at, let index):
      return "\(at): error: column \(index) has an empty name in the header row; give it a name"
    case .duplicateHeader(let at, let name, let firstColumn):
      return "\(at): error: duplicate column name '\(shown(name))' (also column \(firstColumn)); rename one of them"
    case .tooManyColumns(let at, let count, let limit):
      return "\(at): error: the header row has \(count) columns, more than the \(limit) a table may have (Excel's limit); keep the columns you analyse"
    case .unknownColumn(let file, let name, let suggestion, let role):
      let hint = suggestion.map { "; did you mean '\($0)'?" } ?? ""
      return "\(file): error: no column named '\(shown(name))' (\(role))\(hint)"
    case .nonNumeric(let at, let column, let value):
      return "\(at): error: '\(shown(value))' in column '\(shown(column))' is not a number; fix the cell, or leave it empty to mark it missing"
    case .ambiguousNumber(let at, let column, let value):
      return "\(at): error: '\(shown(value))' in column '\(shown(column))' is ambiguous (a thousands separator or a decimal comma?); write it as a plain number such as 1234.5"
    case .nonFiniteValue(let at, let column, let value):
      return "\(at): error: '\(shown(value))' in column '\(shown(column))' is not a finite number; replace it with a value, or leave the cell empty to mark it missing"
    case .missingValue(let at, let column):
      return "\(at): error: missing value in column '\(shown(column))' (\(Setting.strict) forbids dropping rows); fill the cell or run without \(Setting.strict)"
    case .emptyColumn(let file, let column):
      return "\(file): error: column '\(shown(column))' has no values; fill it or leave it out"
    case .textColumn(let file, let column, let example):
      return "\(file): error: column '\(shown(column))' holds text such as '\(shown(example))', not numbers; choose a numeric column"
    case .configColumns(let file, let names, let config):
      return "\(file): error: the config \(config) scores indicators that are not columns of this file: \(names.joined(separator: ", ")); rename the columns or use a config made for this data"
    case .ambiguousDate(let at, let column, let value):
      return "\(at): error: '\(shown(value))' in column '\(shown(column))' could be day-first or month-first; state the format with \(Setting.dateFormat) dmy or \(Setting.dateFormat) mdy"
    case .mixedDateFormats(let at, let column, let value, let first, let firstLine):
      return "\(at): error: '\(shown(value))' in column '\(shown(column))' is not written like '\(shown(first))' (line \(firstLine)); make the column consistent, or state its format with \(Setting.dateFormat)"
    case .unusableRow(let at, let column, let value, let reason):
      return "\(at): error: \(reason) ('\(shown(value))' in column '\(shown(column))'); fix the row, or run without \(Setting.strict) to drop such rows and count them"
    case .duplicateRows(let file, let entity, let period, let value, let firstLine, let repeatLine, let count):
      return "\(file):\(repeatLine): error: \(count) row\(count == 1 ? "" : "s") repeat an earlier \(entity) × \(period) (first: \(value) at lines \(firstLine) and \(repeatLine)); each would be scored and paid again — remove the duplicates"
    case .workbook(let file, let reason):
      return "\(file): error: cannot read the workbook: \(reason)"
    case .unwritableWorkbook(let file, let reason):
      return "\(file): error: cannot write the workbook: \(reason)"
    case .mergedHeader(let at, let range):
      return "\(at): error: the header row has merged cells \(range) (a merged or multi-row header); unmerge them and give every column one name in one row"
    case .unnamedColumn(let at):
      return "\(at): error: this cell has no column name in the header row; name the column or clear the cell"
    case .notTimestamps(let file, let column, let example):
      return "\(file): error: column '\(shown(column))' holds no dates or times (such as '\(shown(example))'); name a timestamp column"
    case .badAmount(let at, let column, let value):
      return "\(at): error: '\(shown(value))' in column '\(shown(column))' is not an amount; write it like 12345.67 (at most two decimals, optional thousands separators)"
    case .amountTooLarge(let at, let column, let value):
      return "\(at): error: amount too large: '\(shown(value))' in column '\(shown(column))' is above 1,000,000,000,000.00, the largest salary read; check the cell (a unit or a misplaced separator?)"
    case .paySumTooLarge(let file, let period):
      return "\(file): error: the performance pay of period '\(period)' sums past 92,233,720,368,547,758.07, the most integer cents hold; check the salaries"
    }
  }
}

/// A cell as an error message quotes it: at most 60 characters (a whole 1 MB cell on one line
/// helps nobody), control characters escaped so a NUL or a newline cannot break the terminal or
/// the log: `\0`, `\t`, `\n`, `\r`, `\u{1B}`. Queries and server messages get a longer `limit`.
func shown(_ cell: String, limit: Int = 60) -> String {
  var out = ""
  var count = 0
  for scalar in cell.unicodeScalars {
    if count == limit {
      out += "…"
      break
    }
    switch scalar.value {
    case 0: out += "\\0"
    case 0x09: out += "\\t"
    case 0x0A: out += "\\n"
    case 0x0D: out += "\\r"
    case 0x01..<0x20, 0x7F: out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
    default: out.unicodeScalars.append(scalar)
    }
    count += 1
  }
  return out
}
