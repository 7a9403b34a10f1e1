@testable import DataSources
import Foundation
import Testing
import TestSupport
import WeightAnalysis

/// Workbooks written by openpyxl and converted by LibreOffice (`scripts/make_xlsx_fixtures.py`),
/// read back cell by cell against openpyxl's own reading (`expected-xlsx.json`).
@Suite("xlsx reader")
struct XLSXReaderTests {
  static func bytes(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: FixtureLoader.url(name, "xlsx", in: .module))) }

  @Test("every cell reads as openpyxl reads it: strings, numbers, booleans, blanks, errors, dates in both systems, cached formula values",
    arguments: ["openpyxl-history", "openpyxl-1904", "libreoffice-history"])
  func cells(name: String) throws {
    let expected = try FixtureLoader.json("expected-xlsx", in: .module)["\(name).xlsx"] as? [[Any]] ?? []
    let table = try XLSXReader.parse(bytes: Self.bytes(name), file: "\(name).xlsx")
    #expect(table.headers == expected[0].map { "\($0)" })
    #expect(table.rowCount == expected.count - 1)
    for (row, cells) in expected.dropFirst().enumerated() {
      for (column, cell) in cells.enumerated() {
        if let number = cell as? NSNumber, !(cell is String) {
          #expect(table.columns[column].values[row] == number.doubleValue, "\(name) row \(row) column \(column)")
        } else {
          let text = "\(cell)"
          #expect(table.text(row: row, column: column) == text, "\(name) row \(row) column \(column)")
        }
      }
    }
  }

  @Test("sheets by name and number; errors name the workbook, the sheet and the cell")
  func sheetsAndErrors() throws {
    let bytes = try Self.bytes("openpyxl-history")
    #expect(try XLSXReader.parse(bytes: bytes, file: "h.xlsx", sheet: "说明").headers == ["note"])
    #expect(try XLSXReader.parse(bytes: bytes, file: "h.xlsx", sheet: "2").headers == ["note"])
    #expect(message { _ = try XLSXReader.parse(bytes: bytes, file: "h.xlsx", sheet: "Sheet9") } == "h.xlsx: error: cannot read the workbook: it has no sheet 'Sheet9'; its sheets are '历史', '说明'")
    let table = try XLSXReader.parse(bytes: bytes, file: "h.xlsx")
    #expect(table.location(row: 2, column: 7).description == "h.xlsx[历史]!H4")
    #expect(message { _ = try table.numericColumns(["团队"], roles: ["x"], strict: false) } == "h.xlsx[历史]: error: column '团队' holds text such as '华东一组', not numbers; choose a numeric column")
    #expect(message { _ = try table.numericColumns(["平均响应时长(小时)"], roles: ["x"], strict: true) } == "h.xlsx[历史]!D3: error: missing value in column '平均响应时长(小时)' (strict mode forbids dropping rows); fill the cell or run without strict mode")
    #expect(
      message { _ = try XLSXReader.parse(bytes: Self.bytes("openpyxl-merged"), file: "m.xlsx") }
        == "m.xlsx[Sheet1]!A1:B1: error: the header row has merged cells A1:B1 (a merged or multi-row header); unmerge them and give every column one name in one row")
    let xls: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]
    #expect(message { _ = try XLSXReader.parse(bytes: xls, file: "old.xls") } == "old.xls: error: cannot read the workbook: it is an old Excel .xls workbook; save it as .xlsx or CSV")
    #expect(message { _ = try XLSXReader.parse(bytes: Array("a,b\n1,2\n".utf8), file: "x.xlsx") } == "x.xlsx: error: cannot read the workbook: it is not a readable .xlsx (ZIP) archive")
  }

  @Test("Excel serials: the 1900 system with its fictitious leap day, and the 1904 system")
  func serials() {
    #expect(XLSXReader.dateText(1, date1904: false) == "1900-01-01")
    #expect(XLSXReader.dateText(59, date1904: false) == "1900-02-28")
    #expect(XLSXReader.dateText(60, date1904: false) == "1900-02-29")
    #expect(XLSXReader.dateText(61, date1904: false) == "1900-03-01")
    #expect(XLSXReader.dateText(45658.3368055556, date1904: false) == "2025-01-01 08:05:00")
    #expect(XLSXReader.dateText(0, date1904: true) == "1904-01-01")
    #expect(XLSXReader.dateText(44196, date1904: true) == "2025-01-01")
    #expect(XLSXReader.isDateFormat(id: 14, code: nil) && !XLSXReader.isDateFormat(id: 2, code: nil))
    #expect(XLSXReader.isDateFormat(id: 164, code: "yyyy\"年\"m\"月\"d\"日\"") && !XLSXReader.isDateFormat(id: 165, code: "[Red]0.00\"d\""))
    #expect(XLSXReader.columnLetters(0) == "A" && XLSXReader.columnLetters(25) == "Z" && XLSXReader.columnLetters(26) == "AA" && XLSXReader.columnLetters(701) == "ZZ")
  }
}

@Suite("xlsx writer")
struct XLSXWriterTests {
  @Test("what it writes reads back the same: escaped and spaced text, Chinese, numbers in round-trip form, gaps")
  func roundTrip() throws {
    let values: [Double] = [1e-5, -0.1, 1e20, 0.1 + 0.2, 42, -7]
    let rows: [[XLSXWriter.Cell]] =
      [[.text("名称"), .text("value"), .text("note")]]
      + values.enumerated().map { k, value in
        [.text(["A&B <x>", " 前后空格 ", "引号\"", "逗号,分隔", "tab\there", "控制\u{1}字符"][k]), .number(value), k == 2 ? .empty : .text("n\(k)")]
      }
    let bytes = try XLSXWriter.workbook([.init(name: "数据", rows: rows)], file: "t.xlsx")
    let table = try XLSXReader.parse(bytes: bytes, file: "t.xlsx")
    #expect(table.headers == ["名称", "value", "note"])
    #expect(table.texts(column: 0) == ["A&B <x>", "前后空格", "引号\"", "逗号,分隔", "tab\there", "控制字符"])
    #expect(table.columns[1].values == values)
    #expect(table.texts(column: 2) == ["n0", "n1", "", "n3", "n4", "n5"])
    #expect(try XLSXWriter.workbook([.init(name: "数据", rows: rows)], file: "t.xlsx") == bytes)
  }

  @Test("sheet names Excel refuses are errors naming the file and the fix")
  func sheetNames() {
    #expect(throws: DataError.unwritableWorkbook(file: "t.xlsx", reason: "'a/b' cannot be a sheet name (1–31 characters, none of : \\ / ? * [ ])")) {
      try XLSXWriter.workbook([.init(name: "a/b", rows: [])], file: "t.xlsx")
    }
    #expect(throws: DataError.unwritableWorkbook(file: "t.xlsx", reason: "two sheets are named 'Data' and 'data' (Excel ignores case in sheet names)")) {
      try XLSXWriter.workbook([.init(name: "Data", rows: []), .init(name: "data", rows: [])], file: "t.xlsx")
    }
  }
}

@Suite("xlsx archives whose structure points outside the file")
struct XLSXBoundsTests {
  @Test("the fuzzer's crashes (an entry offset, a data descriptor past the end) are named workbook errors, not traps", arguments: [
    "fuzz-xlsx-offset-past-end", "fuzz-xlsx-descriptor-past-end",
  ])
  func fuzzFinding(name: String) throws {
    let bytes = [UInt8](try Data(contentsOf: FixtureLoader.url(name, "xlsx", in: .module)))
    #expect(throws: DataError.self) { try XLSXReader.parse(bytes: bytes, file: "f.xlsx") }
  }

  @Test("every truncation of a real workbook is refused with a reason or read, never a trap")
  func truncations() throws {
    let bytes = [UInt8](try Data(contentsOf: FixtureLoader.url("openpyxl-history", "xlsx", in: .module)))
    for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 200)) {
      _ = try? XLSXReader.parse(bytes: Array(bytes[..<cut]), file: "t.xlsx")
    }
    #expect(XLSXReader.zipBoundsProblem(bytes) == nil)
    #expect(XLSXReader.zipBoundsProblem(Array(bytes.dropLast(30))) != nil)
  }

  /// The fuzzer's third finding: a directory entry whose compressed size cuts the DEFLATE
  /// stream short sent ZIPFoundation's inflate loop round forever (a 10 s timeout). Its styles
  /// part is damaged too, and the styles are read before the sheet (once for both the in-memory
  /// and the streaming read), so that is the part named.
  @Test("a DEFLATE stream cut short by its directory entry is a named error, not an endless loop")
  func truncatedDeflate() throws {
    let bytes = [UInt8](try Data(contentsOf: FixtureLoader.url("fuzz-xlsx-truncated-deflate", "xlsx", in: .module)))
    #expect(throws: DataError.workbook(file: "f.xlsx", reason: "its part xl/styles.xml cannot be decompressed")) {
      try XLSXReader.parse(bytes: bytes, file: "f.xlsx")
    }
    #expect(throws: DataError.workbook(file: "f.xlsx", reason: "its part xl/styles.xml cannot be decompressed")) {
      try CSVStream(workbookBytes: bytes, file: "f.xlsx", sheet: nil, chunkBytes: 1 << 16, pieceBytes: 1 << 10)
    }
  }

  /// The fuzzer's fourth finding (on our own ZIP reader): an entry declaring an uncompressed size
  /// of gigabytes from a few compressed bytes made the output buffer that large up front.
  @Test("a declared size beyond what DEFLATE can produce is a named error, allocated for nothing")
  func declaredSizeBomb() throws {
    let bytes = [UInt8](try Data(contentsOf: FixtureLoader.url("fuzz-xlsx-declared-size-bomb", "xlsx", in: .module)))
    #expect(throws: DataError.self) { try XLSXReader.parse(bytes: bytes, file: "f.xlsx") }
    do {
      _ = try XLSXReader.parse(bytes: bytes, file: "f.xlsx")
    } catch let error as DataError {
      #expect(error.description.contains("more than DEFLATE can produce"), "\(error)")
    }
  }

  /// A directory CRC-32 that does not match the part, and a damaged DEFLATE stream.
  @Test("a wrong CRC-32 and a damaged compressed part are named, not read")
  func crcMismatch() throws {
    var bytes = [UInt8](try Data(contentsOf: FixtureLoader.url("openpyxl-history", "xlsx", in: .module)))
    guard case .success(let entries) = XLSXReader.zipDirectory(bytes), let entry = entries["xl/workbook.xml"] else {
      Issue.record("the fixture's directory does not read")
      return
    }
    let directory = XLSXReader.ZIPEntry(method: entry.method, compressedSize: entry.compressedSize, uncompressedSize: entry.uncompressedSize, crc32: entry.crc32 ^ 1, dataStart: entry.dataStart)
    guard case .failure(let problem) = XLSXReader.extract(directory, from: bytes, name: "xl/workbook.xml") else {
      Issue.record("a wrong CRC-32 was accepted")
      return
    }
    #expect(problem.reason == "its part xl/workbook.xml is damaged (CRC-32 mismatch)")
    bytes[entry.dataStart] ^= 0xFF
    guard case .failure = XLSXReader.extract(entry, from: bytes, name: "xl/workbook.xml") else {
      Issue.record("a damaged DEFLATE stream was accepted")
      return
    }
  }
}
