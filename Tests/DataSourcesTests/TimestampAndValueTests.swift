import DataSources
import Foundation
import Testing
import TestSupport
import WeightAnalysis

@Suite("Timestamps, yes/no values and periods")
struct TimestampAndValueTests {
  static func table(_ text: String) throws -> DataTable { try CSVReader.parse(bytes: Array(text.utf8), file: "t.csv") }
  static let noon = Double(Timestamp.daysFromCivil(year: 2025, month: 1, day: 2)) * 86_400 + 12 * 3600

  @Test(
    "each format reads to the same instant",
    arguments: [
      ("2025-01-02 12:00", TimestampFormat.iso), ("2025-01-02T12:00:00", .iso), ("2025-01-02T20:00:00+08:00", .iso), ("2025-01-02T12:00:00Z", .iso),
      ("2025/01/02 12:00", .ymd), ("2025/1/2 12:00:00", .ymd), ("2025年1月2日 12:00", .chinese), ("2025年01月02日 12:00:00", .chinese),
      ("02/01/2025 12:00", .dmy), ("01/02/2025 12:00", .mdy),
    ])
  func formats(text: String, format: TimestampFormat) {
    #expect(Timestamp.parse(text, format: format) == Self.noon)
  }

  @Test("calendar rules: leap days, month lengths, fractions, and what is not a timestamp")
  func calendar() {
    #expect(Timestamp.parse("2024-02-29", format: .iso) == Double(Timestamp.daysFromCivil(year: 2024, month: 2, day: 29)) * 86_400)
    #expect(Timestamp.parse("2025-02-29", format: .iso) == nil)
    #expect(Timestamp.parse("1900-02-29", format: .iso) == nil)
    #expect(Timestamp.parse("2000-02-29", format: .iso) != nil)
    #expect(Timestamp.parse("2025-04-31", format: .iso) == nil)
    #expect(Timestamp.parse("2025-01-01 24:00", format: .iso) == nil)
    #expect(Timestamp.parse("2025-01-01 08:05:00.250", format: .iso) == Double(8 * 3600 + 5 * 60) + 0.25 + Double(Timestamp.daysFromCivil(year: 2025, month: 1, day: 1)) * 86_400)
    #expect(Timestamp.parse("待定", format: .iso) == nil && Timestamp.detect("待定") == nil)
    #expect(Timestamp.daysFromCivil(year: 1970, month: 1, day: 1) == 0)
    #expect(Timestamp.civilFromDays(Timestamp.daysFromCivil(year: 2031, month: 12, day: 31)) == (2031, 12, 31))
    #expect(Timestamp.civil(0).weekday == 4)  // 1970-01-01 was a Thursday
  }

  @Test("a column is read in its one format; day-or-month-first and mixed columns are errors unless the format is stated")
  func columns() throws {
    let good = try Self.table("t\n2025/01/02 12:00\n\n2025/01/03 12:00\nbad\n")
    let read = try good.timestamps(column: 0)
    #expect(read.format == .ymd && read.values[0] == Self.noon && read.values[1] == Self.noon + 86_400 && read.unreadableRows == [2])
    let ambiguous = try Self.table("t\n01/02/2025\n")
    #expect(message { _ = try ambiguous.timestamps(column: 0) } == "t.csv:2:1: error: '01/02/2025' in column 't' could be day-first or month-first; state the format with the date format setting dmy or the date format setting mdy")
    #expect(try ambiguous.timestamps(column: 0, format: .dmy).values[0] == Double(Timestamp.daysFromCivil(year: 2025, month: 2, day: 1)) * 86_400)
    let mixed = try Self.table("t\n2025-01-01\n2025年1月2日\n")
    #expect(message { _ = try mixed.timestamps(column: 0) } == "t.csv:3:1: error: '2025年1月2日' in column 't' is not written like '2025-01-01' (line 2); make the column consistent, or state its format with the date format setting")
    #expect(try Self.table("t\n2025-01-01 08:00\n").looksLikeTimestamps(column: 0))
    #expect(!(try Self.table("t\nhello\n").looksLikeTimestamps(column: 0)))
  }

  @Test("yes/no columns read as 1/0 (是/否, 有/无, Y/N, yes/no, true/false, 1/0); other text stays text")
  func yesNo() throws {
    let table = try Self.table("a,b,c,d\n是,Y,TRUE,有\n否,n,false,无\n,yes,1,NA\n是,No,0,有\n")
    let (read, converted) = table.readingYesNoColumns()
    #expect(converted == ["a", "b", "c", "d"])
    #expect(read.columns[0].values.map { $0.isNaN ? -1 : $0 } == [1, 0, -1, 1])
    #expect(read.columns[1].values == [1, 0, 1, 0])
    #expect(read.columns[2].values == [1, 0, 1, 0])
    #expect(read.columns[3].values.map { $0.isNaN ? -1 : $0 } == [1, 0, -1, 1])
    #expect(read.columns[0].isNumeric && read.columns[0].missingCount == 1)
    let text = try Self.table("a\n是\n可能\n")
    #expect(text.readingYesNoColumns().converted.isEmpty)
  }

  @Test("periods: named columns, YYYYMM numbers and period labels; duplicates of entity × period are found")
  func periods() throws {
    let table = try Self.table("团队,年月,score,label\nA,202501,1,2025-01\nA,202502,2,2025-02\nB,202501,3,2025年1月\nA,202501,4,2025-Q1\n")
    #expect(table.isPeriodColumn(1) && !table.isPeriodColumn(2))
    #expect(table.isPeriodColumn(3))
    #expect(table.periodColumn() == 1 && table.entityColumn() == 0)
    #expect(table.duplicateRows(entity: 0, period: 1).map { [$0.first, $0.repeat] } == [[0, 3]])
    #expect(DataTable.isPeriodLabel("2025-W03") && !DataTable.isPeriodLabel("2025-13") && !DataTable.isPeriodLabel("T01"))
  }
}
