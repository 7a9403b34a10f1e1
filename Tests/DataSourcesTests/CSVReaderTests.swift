import Foundation
import Testing
import TestSupport
@testable import DataSources

func parse(_ text: String, file: String = "data.csv") throws -> DataTable {
  try CSVReader.parse(bytes: Array(text.utf8), file: file)
}

@Suite("CSV reader")
struct CSVReaderTests {
  @Test("UTF-8 with BOM, CRLF, quoted fields with commas, quotes and newlines, Chinese headers")
  func spreadsheetExport() throws {
    let text = "\u{FEFF}团队,客户满意度,note,cost\r\n\"T01\",85.5,\"said \"\"fine\"\", ok\",\"1,234.5\"\r\nT02,90%,\"two\r\nlines\",\"12,345,678\"\r\n"
    let table = try parse(text)
    #expect(table.encoding == .utf8WithBOM)
    #expect(table.headers == ["团队", "客户满意度", "note", "cost"])
    #expect(table.rowCount == 2)
    #expect(table.columns[1].values == [85.5, 90])
    #expect(table.columns[3].values == [1234.5, 12_345_678])
    #expect(table.text(row: 0, column: 2) == "said \"fine\", ok")
    #expect(table.text(row: 1, column: 2) == "two\r\nlines")
    #expect(table.columns[0].isText && table.columns[1].isNumeric)
  }

  @Test("LF and lone CR line ends; blank lines are skipped; line numbers stay true")
  func lineEnds() throws {
    let table = try parse("a,b\n1,2\n\n3,4\r5,6\n")
    #expect(table.columns[0].values == [1, 3, 5])
    #expect(table.location(row: 2, column: 1) == SourceLocation(file: "data.csv", line: 5, column: 3))
  }

  @Test("GB18030 (Chinese Excel) is detected and decoded, not garbled")
  func gb18030() throws {
    let bytes: [UInt8] = [205, 197, 182, 211, 44, 191, 205, 187, 167, 194, 250, 210, 226, 182, 200, 10, 84, 48, 49, 44, 56, 53, 10]
    let table = try CSVReader.parse(bytes: bytes, file: "gbk.csv")
    #expect(table.encoding == .gb18030)
    #expect(table.headers == ["团队", "客户满意度"])
    #expect(table.columns[1].values == [85])
  }

  @Test("empty cells and NA markers are missing values")
  func missing() throws {
    let table = try parse("a,b\n1,\n2,NA\n3,#N/A\n4,5\n")
    let b = table.columns[1]
    #expect(b.missingCount == 3 && b.numericCount == 1 && b.firstMissingRow == 0)
    let selection = try table.numericColumns(["a", "b"], roles: ["x", "y"], strict: false)
    #expect(selection.droppedRows == 3 && selection.columns == [[4], [5]] && selection.keptRows == [3])
  }

  @Test(
    "numbers in the forms analysts export",
    arguments: [
      ("12", 12.0), ("-3.25", -3.25), (".5", 0.5), ("1e3", 1000), ("2.5E-2", 0.025), ("+7", 7), ("85%", 85), (" 42 ", 42),
      ("\"1,234\"", 1234), ("\"1,234,567.25\"", 1_234_567.25), ("0.1", 0.1), ("123456789012345678901", 123456789012345678901),
      ("3.141592653589793238", 3.141592653589793),
    ])
  func numbers(cell: String, expected: Double) throws {
    let table = try parse("x\n\(cell)\n")
    #expect(table.columns[0].values == [expected])
  }

  @Test("every cell of a random column reads back to the same double")
  func roundTrip() throws {
    var generator = SeededGenerator(seed: 12345)
    var values: [Double] = []
    for _ in 0..<2000 {
      let state = generator.next()
      let mantissa = Double(state >> 11) / Double(1 << 53)
      values.append((mantissa - 0.5) * pow(10, Double(Int(state % 40)) - 20))
    }
    let table = try parse("x\n" + values.map { "\($0)" }.joined(separator: "\n") + "\n")
    #expect(table.columns[0].values == values)
  }

  @Test("error: ragged row")
  func ragged() {
    #expect(
      message { _ = try parse("a,b,c\n1,2,3\n4,5\n") }
        == "data.csv:3:1: error: row has 2 fields but the header has 3; check for a missing or extra delimiter, or quote fields that contain commas")
  }

  @Test("error: unterminated quote")
  func unterminated() {
    #expect(
      message { _ = try parse("a,b\n1,\"oops\n2,3\n") }
        == "data.csv:2:3: error: a quoted field is never closed; add the closing '\"' (a quote inside a quoted field is written '\"\"')")
  }

  @Test("error: duplicate and empty headers")
  func headers() {
    #expect(message { _ = try parse("a,b,a\n1,2,3\n") } == "data.csv:1:5: error: duplicate column name 'a' (also column 1); rename one of them")
    #expect(message { _ = try parse("a,,c\n1,2,3\n") } == "data.csv:1:3: error: column 2 has an empty name in the header row; give it a name")
  }

  @Test("error: non-numeric cell in a used column, with line and column")
  func nonNumeric() throws {
    let table = try parse("team,满意度,cost\nT1,80,10\nT2,n/a?,11\nT3,82,12\nT4,83,13\n")
    #expect(
      message { _ = try table.numericColumns(["满意度"], roles: ["an indicator"], strict: false) }
        == "data.csv:3:4: error: 'n/a?' in column '满意度' is not a number; fix the cell, or leave it empty to mark it missing")
  }

  @Test("error: a text column used as a number")
  func textColumn() throws {
    let table = try parse("team,cost\nT1,10\nT2,11\n")
    #expect(
      message { _ = try table.numericColumns(["team"], roles: ["the --outcome"], strict: false) }
        == "data.csv: error: column 'team' holds text such as 'T1', not numbers; choose a numeric column")
  }

  @Test("error: non-finite and ambiguous numbers")
  func nonFiniteAndAmbiguous() throws {
    let table = try parse("a,b\n1,2\nNaN,\"1,5\"\n")
    #expect(
      message { _ = try table.numericColumns(["a"], roles: ["x"], strict: false) }
        == "data.csv:3:1: error: 'NaN' in column 'a' is not a finite number; replace it with a value, or leave the cell empty to mark it missing")
    #expect(
      message { _ = try table.numericColumns(["b"], roles: ["x"], strict: false) }
        == "data.csv:3:5: error: '1,5' in column 'b' is ambiguous (a thousands separator or a decimal comma?); write it as a plain number such as 1234.5")
    let overflow = try parse("a\n1e999\n")
    #expect(overflow.columns[0].firstProblem?.kind == .nonFinite)
  }

  @Test("error: unknown column with 'did you mean'")
  func unknownColumn() throws {
    let table = try parse("satisfaction_pct,churn_pct\n1,2\n")
    #expect(
      message { _ = try table.requireColumn("churn", role: "the --outcome") }
        == "data.csv: error: no column named 'churn' (the --outcome); did you mean 'churn_pct'?")
    #expect(
      message { _ = try table.requireColumn("satisfation_pct", role: "an indicator") }
        == "data.csv: error: no column named 'satisfation_pct' (an indicator); did you mean 'satisfaction_pct'?")
    #expect(message { _ = try table.requireColumn("zzz", role: "an indicator") } == "data.csv: error: no column named 'zzz' (an indicator)")
  }

  @Test("error: --strict fails on the first missing value")
  func strict() throws {
    let table = try parse("a,b\n1,2\n3,\n")
    #expect(
      message { _ = try table.numericColumns(["a", "b"], roles: ["x", "y"], strict: true) }
        == "data.csv:3:3: error: missing value in column 'b' (strict mode forbids dropping rows); fill the cell or run without strict mode")
  }

  @Test("error: empty file, header only, empty column, unreadable file")
  func emptyInputs() throws {
    #expect(message { _ = try parse("") } == "data.csv:1:1: error: the file is empty; expected a header row followed by data rows")
    #expect(message { _ = try parse("a,b\n") } == "data.csv:2:1: error: the file has a header row but no data rows")
    let table = try parse("a,b\n1,\n2,\n")
    #expect(message { _ = try table.numericColumns(["b"], roles: ["x"], strict: false) } == "data.csv: error: column 'b' has no values; fill it or leave it out")
    #expect(message { _ = try CSVReader.read(path: "/nonexistent/kpi.csv") } == "/nonexistent/kpi.csv: error: cannot read the file: no such file")
  }

  @Test("default indicators skip id/period columns, text columns and exclusions")
  func defaults() throws {
    let table = try parse("team,month,year,a,b,staff_id,churn\nT1,2024-01,2024,1,2,7,3\n")
    #expect(table.defaultIndicators(excluding: ["churn"]) == ["a", "b"])
  }
}

@Suite("CSV reader, two-core path for large files")
struct CSVParallelTests {
  static func bigText(rows: Int) -> String {
    var text = "team,a,b\n"
    text.reserveCapacity(rows * 32)
    for r in 0..<rows { text += "T\(r % 40),\(r).25,\(Double(r) * 0.5 + 0.125)\n" }
    return text
  }

  @Test("a file over 8 MB is split in two and reads exactly as one pass would")
  func splitMatchesSequential() throws {
    let rows = 400_000
    var text = Self.bigText(rows: rows)
    text = text.replacingOccurrences(of: "\nT39,399999.25,", with: "\nT39,,")  // a missing cell in the second half
    #expect(text.utf8.count > 8 << 20)
    let table = try parse(text)
    #expect(table.rowCount == rows)
    #expect(table.columns[1].values[123_456] == 123_456.25)
    #expect(table.columns[2].values[rows - 2] == Double(rows - 2) * 0.5 + 0.125)
    #expect(table.columns[1].firstMissingRow == rows - 1 && table.columns[1].missingCount == 1)
    #expect(table.location(row: rows - 1, column: 2) == SourceLocation(file: "data.csv", line: rows + 1, column: 6))
    #expect(table.text(row: 300_001, column: 0) == "T1")
  }

  @Test("an error in the second half reports its true line")
  func errorInSecondHalf() {
    let text = Self.bigText(rows: 400_000) + "T1,2\n"
    #expect(
      message { _ = try parse(text) }
        == "data.csv:400002:1: error: row has 2 fields but the header has 3; check for a missing or extra delimiter, or quote fields that contain commas")
  }
}
