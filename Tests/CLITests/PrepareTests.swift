import DataSources
import Foundation
import Testing
import TestSupport

@Suite("prepare: ticket-level exports to entity × period rows")
struct PrepareTests {
  static var python: URL { CLI.packageRoot.appendingPathComponent(".venv/bin/python") }
  static let tickets = "datasets/helpdesk-tickets.gbk.csv"

  /// Rows of a CSV keyed by their first `keys` cells.
  func table(_ text: String, keys: Int) -> (header: [String], rows: [String: [String]]) {
    let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    var rows: [String: [String]] = [:]
    for line in lines.dropFirst() { rows[line.prefix(keys).joined(separator: "|")] = Array(line.dropFirst(keys)) }
    return (lines.first ?? [], rows)
  }

  func reference(_ kind: String) throws -> String {
    let process = Process()
    process.executableURL = Self.python
    process.arguments = [CLI.packageRoot.appendingPathComponent("scripts/prepare_reference.py").path, kind, CLI.packageRoot.appendingPathComponent(Self.tickets).path]
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    return String(decoding: data, as: UTF8.self)
  }

  @Test(
    "the shipped specs agree with pandas on the sample to 1e-12, cell by cell",
    arguments: [("datasets/helpdesk.prepare.yaml", "team-month", 2), ("datasets/helpdesk-customers.prepare.yaml", "customer", 1)])
  func agreesWithPandas(spec: String, kind: String, keys: Int) throws {
    guard FileManager.default.isExecutableFile(atPath: Self.python.path) else {
      Issue.record("\(Self.python.path) is missing: run the tests with `make test`")
      return
    }
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let output = directory.appendingPathComponent("out.csv")
    let result = try CLI.run(["prepare", "--data", Self.tickets, "--spec", spec, "--output", output.path])
    #expect(result.exitCode == 0, "\(result.stderr)")
    let ours = table(try String(contentsOf: output, encoding: .utf8), keys: keys)
    let theirs = table(try reference(kind), keys: keys)
    #expect(ours.header == theirs.header)
    #expect(ours.rows.count == theirs.rows.count && ours.rows.count > 40)
    for (key, cells) in theirs.rows {
      let mine = try #require(ours.rows[key], "group \(key)")
      for (a, b) in zip(mine, cells) {
        if b.isEmpty || b == "nan" {
          #expect(a.isEmpty, "\(key): \(a) vs \(b)")
        } else {
          let u = try #require(Double(a)), v = try #require(Double(b))
          #expect(relativeError(u, v, floor: 1e-300) <= 1e-12, "\(key): \(a) vs \(b)")
        }
      }
    }
  }

  @Test("the summary counts rows in, rows out and drops by reason with the first location; the provenance is written beside the output")
  func summaryAndProvenance() throws {
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let output = directory.appendingPathComponent("team-months.csv")
    let result = try CLI.run(["prepare", "--data", Self.tickets, "--spec", "datasets/helpdesk.prepare.yaml", "--output", output.path])
    #expect(
      result.stderr == """
        prepare: 2400 rows in, 48 rows out (所属团队 × month)
          dropped 1 row: unreadable timestamp in 创建时间 (first at datasets/helpdesk-tickets.gbk.csv:14:19)
          dropped 2 rows: 首次响应时间 before 创建时间 (first at datasets/helpdesk-tickets.gbk.csv:12:36)
        wrote \(output.path) and \(output.path).provenance.json

        """)
    let provenance = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output.path + ".provenance.json"))) as? [String: Any]
    #expect(provenance?["schema"] as? String == "kpi-weights/prepared")
    #expect(provenance?["spec"] as? String == "datasets/helpdesk.prepare.yaml")
    #expect((provenance?["inputSHA256"] as? String)?.count == 64)
    let again = try CLI.run(["prepare", "--data", Self.tickets, "--spec", "datasets/helpdesk.prepare.yaml", "--output", output.path])
    #expect(again.exitCode == 73)
    let strict = try CLI.run(["prepare", "--data", Self.tickets, "--spec", "datasets/helpdesk.prepare.yaml", "--output", directory.appendingPathComponent("s.csv").path, "--strict"])
    #expect(strict.exitCode == 65)
    #expect(
      strict.stderr
        == "datasets/helpdesk-tickets.gbk.csv:14:19: error: unreadable timestamp in 创建时间 ('待定' in column '创建时间'); fix the row, or run without --strict to drop such rows and count them\n")
  }

  @Test("the built-in helpdesk spec takes the column roles from options and gives the same table as the shipped spec")
  func builtInSpec() throws {
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let a = directory.appendingPathComponent("a.csv"), b = directory.appendingPathComponent("b.csv")
    _ = try CLI.run(["prepare", "--data", Self.tickets, "--spec", "datasets/helpdesk.prepare.yaml", "--output", a.path])
    let result = try CLI.run([
      "prepare", "--data", Self.tickets, "--spec", "helpdesk", "--output", b.path, "--entity", "所属团队", "--created", "创建时间", "--first-response", "首次响应时间",
      "--resolved", "解决时间", "--score", "满意度评分", "--reopened", "是否重开", "--cost", "处理成本(元)", "--customer", "客户编号", "--churned", "客户是否流失",
    ])
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(try String(contentsOf: a, encoding: .utf8) == String(contentsOf: b, encoding: .utf8))
  }

  @Test("the prepared team months fit with the catalog's directions, and the customers fit a logistic model")
  func fitsAfterPrepare() throws {
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let months = directory.appendingPathComponent("m.csv"), customers = directory.appendingPathComponent("c.csv")
    _ = try CLI.run(["prepare", "--data", Self.tickets, "--spec", "datasets/helpdesk.prepare.yaml", "--output", months.path])
    _ = try CLI.run(["prepare", "--data", Self.tickets, "--spec", "datasets/helpdesk-customers.prepare.yaml", "--output", customers.path])
    let fit = try CLI.run(["fit", "--data", months.path, "--outcome", "churn_pct", "--format", "json"])
    #expect(fit.exitCode == 0, "\(fit.stderr)")
    #expect(fit.stdout.contains("\"column\": \"所属团队\",\n      \"reason\": \"id\""))
    let logistic = try CLI.run(["fit", "--data", customers.path, "--outcome", "churned", "--method", "standardized", "--format", "json"])
    #expect(logistic.exitCode == 0, "\(logistic.stderr)")
    #expect(logistic.stdout.contains("\"model\": \"logistic\""))
  }

  @Test("a recommend on prepared data records the spec and the ticket-level input in its config")
  func provenanceInConfig() throws {
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let months = directory.appendingPathComponent("m.csv"), config = directory.appendingPathComponent("w.yaml")
    _ = try CLI.run(["prepare", "--data", Self.tickets, "--spec", "datasets/helpdesk.prepare.yaml", "--output", months.path])
    let result = try CLI.run([
      "recommend", "--data", months.path, "--outcome", "churn_pct", "--preset", "balanced", "--config-out", config.path, "--as-of", "2026-01-01T00:00:00Z",
    ])
    #expect(result.exitCode == 0, "\(result.stderr)")
    let text = try String(contentsOf: config, encoding: .utf8)
    #expect(text.contains("  prepared:\n    spec: \"datasets/helpdesk.prepare.yaml\"\n    specSHA256: \""))
    #expect(text.contains("    input: \"datasets/helpdesk-tickets.gbk.csv\"\n    inputSHA256: \""))
    let validate = try CLI.run(["validate", config.path])
    #expect(validate.exitCode == 0, "\(validate.stderr)")
    // Edited data no longer matches the recorded output hash: no claim is made.
    try (try String(contentsOf: months, encoding: .utf8) + "").replacingOccurrences(of: "\n", with: "\r\n").write(to: months, atomically: true, encoding: .utf8)
    let edited = directory.appendingPathComponent("w2.yaml")
    _ = try CLI.run(["recommend", "--data", months.path, "--outcome", "churn_pct", "--preset", "balanced", "--config-out", edited.path])
    #expect(!(try String(contentsOf: edited, encoding: .utf8)).contains("prepared:"))
  }

  @Test("an .xlsx output holds the same table as the CSV, reads in openpyxl as numbers, and is the same bytes every run")
  func workbookOutput() throws {
    guard FileManager.default.isExecutableFile(atPath: Self.python.path) else {
      Issue.record("\(Self.python.path) is missing: run the tests with `make test`")
      return
    }
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let csv = directory.appendingPathComponent("m.csv"), book = directory.appendingPathComponent("m.xlsx"), again = directory.appendingPathComponent("m2.xlsx")
    for output in [csv, book, again] {
      let result = try CLI.run(["prepare", "--data", Self.tickets, "--spec", "datasets/helpdesk.prepare.yaml", "--output", output.path])
      #expect(result.exitCode == 0, "\(result.stderr)")
    }
    #expect(try Data(contentsOf: book) == Data(contentsOf: again))
    // Our reader gives back the CSV's table, cell for cell.
    let table = try XLSXReader.parse(bytes: [UInt8](Data(contentsOf: book)), file: "m.xlsx", sheet: "prepared")
    let expected = try CSVReader.parse(bytes: [UInt8](Data(contentsOf: csv)), file: "m.csv")
    #expect(table.headers == expected.headers)
    #expect(table.rowCount == expected.rowCount && table.rowCount == 48)
    for column in 0..<table.headers.count {
      #expect(table.texts(column: column) == expected.texts(column: column), "column \(table.headers[column])")
    }
    // openpyxl sees numbers (not text) and the provenance sheet.
    let process = Process()
    process.executableURL = Self.python
    process.arguments = [
      "-c",
      """
      import openpyxl, sys
      book = openpyxl.load_workbook(sys.argv[1])
      sheet = book["prepared"]
      rows = list(sheet.iter_rows(values_only=True))
      print(book.sheetnames, rows[0][:3], type(rows[1][2]).__name__, type(rows[1][7]).__name__, len(rows), sheet.freeze_panes)
      """,
      book.path,
    ]
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let printed = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(printed == "['prepared', 'provenance'] ('所属团队', 'month', 'response_hours') float int 49 A2\n")
  }

  @Test("the sample's workbook copy (date cells, number cells, absent blanks) prepares to the same table as its GBK CSV; drops name cells")
  func workbookInput() throws {
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let fromCSV = directory.appendingPathComponent("c.csv"), fromBook = directory.appendingPathComponent("b.csv")
    _ = try CLI.run(["prepare", "--data", Self.tickets, "--spec", "datasets/helpdesk.prepare.yaml", "--output", fromCSV.path])
    let result = try CLI.run(["prepare", "--data", "datasets/helpdesk-tickets.xlsx", "--spec", "datasets/helpdesk.prepare.yaml", "--output", fromBook.path])
    #expect(
      result.stderr == """
        prepare: 2400 rows in, 48 rows out (所属团队 × month)
          dropped 1 row: unreadable timestamp in 创建时间 (first at datasets/helpdesk-tickets.xlsx[工单]!D14)
          dropped 2 rows: 首次响应时间 before 创建时间 (first at datasets/helpdesk-tickets.xlsx[工单]!E12)
        wrote \(fromBook.path) and \(fromBook.path).provenance.json

        """)
    #expect(try Data(contentsOf: fromBook) == Data(contentsOf: fromCSV))
  }
}
