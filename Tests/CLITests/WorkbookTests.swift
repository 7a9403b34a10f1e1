import Foundation
import Testing
import TestSupport

/// `--format xlsx` read back by two readers that are not ours: openpyxl (every double exactly)
/// and LibreOffice (its CSV export of raw values, 15 significant digits).
@Suite("Excel workbooks out: fit, recommend, compare, score, export")
struct WorkbookTests {
  static let history = "datasets/after-sales-history.csv"
  static let python = CLI.packageRoot.appendingPathComponent(".venv/bin/python").path
  static let base = ["--data", history, "--outcome", "churn_pct"]

  struct Sheets {
    let openpyxl: [String: [String: Any]]
    let libreoffice: [String: [String: Any]]
    func rows(_ sheet: String) -> [[Any]] { openpyxl[sheet]?["rows"] as? [[Any]] ?? [] }
    func formats(_ sheet: String) -> [[String]] { openpyxl[sheet]?["formats"] as? [[String]] ?? [] }
    func text(_ sheet: String) -> [[String]] { libreoffice[sheet]?["rows"] as? [[String]] ?? [] }
    var names: [String] { Array(openpyxl.keys) }
  }

  static func read(_ file: URL) throws -> Sheets {
    func dump(_ reader: String) throws -> [String: [String: Any]] {
      let result = try CLI.runTool(python, [CLI.packageRoot.appendingPathComponent("scripts/xlsx_dump.py").path, file.path, "--reader", reader])
      try #require(result.exitCode == 0, "xlsx_dump.py --reader \(reader): \(result.stderr) (LibreOffice: .ci/run installs libreoffice-calc-nogui)")
      let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
      return try #require(object["sheets"] as? [String: [String: Any]])
    }
    return Sheets(openpyxl: try dump("openpyxl"), libreoffice: try dump("libreoffice"))
  }

  /// LibreOffice's raw-value text of a number in a percent cell ("29.6003940121562%") or a plain one.
  static func libreOffice(_ value: Double, percent: Bool) -> String {
    let shown = String(format: "%.15g", percent ? value * 100 : value)
    return percent ? shown + "%" : shown
  }

  static func number(_ any: Any?) -> Double? { (any as? NSNumber)?.doubleValue }

  /// Runs `arguments` twice, as JSON and as a workbook; returns the JSON object and the sheets.
  static func both(_ arguments: [String], in directory: URL, name: String) throws -> ([String: Any], Sheets) {
    let json = try CLI.run(arguments + ["--format", "json"])
    try #require(json.exitCode == 0, "\(json.stderr)")
    let file = directory.appendingPathComponent("\(name).xlsx")
    let xlsx = try CLI.run(arguments + ["--format", "xlsx", "--output", file.path])
    try #require(xlsx.exitCode == 0, "\(xlsx.stderr)")
    return (try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]), try read(file))
  }

  /// The common checks: first sheet `weights`, headers in both languages, the header row frozen,
  /// `warnings` and `provenance` sheets, and the weight column equal to `weights` in both readers.
  static func checkWeights(_ sheets: Sheets, column: Int, expected: [String: Double], warnings: Bool = true) {
    let rows = sheets.rows("weights")
    let header = rows.first?.compactMap { $0 as? String } ?? []
    #expect(Array(header.prefix(4)) == ["指标 indicator", "中文名 label_zh", "英文名 label_en", "方向 direction"], "\(header)")
    #expect(sheets.openpyxl["weights"]?["frozen"] as? String == "A2")
    if warnings { #expect(sheets.names.contains("warnings")) }
    #expect(sheets.names.contains("provenance"))
    let lo = sheets.text("weights")
    #expect(rows.count == expected.count + 1 && lo.count == expected.count + 1)
    for (r, row) in rows.enumerated().dropFirst() {
      let id = row[0] as? String ?? "?"
      guard let want = expected[id] else {
        Issue.record("unexpected indicator \(id)")
        continue
      }
      #expect(number(row[column]) == want, "openpyxl \(id): \(row[column]) vs \(want)")
      #expect(sheets.formats("weights")[r][column] == "0.00%")
      #expect(lo[r][column] == libreOffice(want, percent: true), "LibreOffice \(id): \(lo[r][column]) vs \(libreOffice(want, percent: true))")
    }
  }

  @Test("fit and recommend: the weights read back exactly, with labels, formats, warnings in both languages and provenance")
  func fitAndRecommend() throws {
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let (fit, fitSheets) = try Self.both(["fit"] + Self.base, in: directory, name: "fit")
    let fitted = Dictionary(uniqueKeysWithValues: (fit["weights"] as! [[String: Any]]).map { ($0["indicator"] as! String, Self.number($0["weight"])!) })
    Self.checkWeights(fitSheets, column: 4, expected: fitted)
    let warnings = fitSheets.rows("warnings").dropFirst()
    #expect(warnings.map { $0[0] as? String ?? "" } == (fit["warnings"] as! [String]))
    #expect(warnings.map { $0[1] as? String ?? "" } == (fit["warnings_zh"] as! [String]))
    #expect(fitSheets.rows("coefficients").count == (fit["coefficients"] as! [Any]).count + 1)

    let (recommend, sheets) = try Self.both(["recommend"] + Self.base + ["--preset", "retention", "--as-of", "2026-12-01"], in: directory, name: "recommend")
    let weights = recommend["weights"] as! [[String: Any]]
    Self.checkWeights(sheets, column: 4, expected: Dictionary(uniqueKeysWithValues: weights.map { ($0["indicator"] as! String, Self.number($0["weight"])!) }))
    #expect(Array(sheets.names).sorted() == ["pay", "provenance", "sensitivity", "warnings", "weights"])
    // The reasons in both languages, as the JSON has them.
    let header = sheets.rows("weights")[0].map { $0 as? String ?? "" }
    let zh = try #require(header.firstIndex(of: "说明 reason_zh")), en = try #require(header.firstIndex(of: "说明（英文） reason_en"))
    for row in sheets.rows("weights").dropFirst() {
      let json = try #require(weights.first { $0["indicator"] as? String == row[0] as? String })
      #expect(row[zh] as? String == json["reason_zh"] as? String && row[en] as? String == json["reason"] as? String)
    }
    let provenance = Dictionary(uniqueKeysWithValues: sheets.rows("provenance").dropFirst().map { ($0[0] as! String, $0[1] as? String ?? "") })
    #expect(provenance["preset"] == "retention" && provenance["as_of"] == "2026-12-01" && provenance["standard_errors"] == "cluster" && provenance["cluster"] == "team")
  }

  @Test("compare, score (points 0.00, pay #,##0.00 from cents) and export read back exactly")
  func compareScoreExport() throws {
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let (compare, sheets) = try Self.both(["compare"] + Self.base + ["--presets", "retention,balanced"], in: directory, name: "compare")
    let sets = compare["sets"] as! [[String: Any]]
    for (k, set) in sets.enumerated() {
      let weights = (set["weights"] as! [[String: Any]]).map { ($0["indicator"] as! String, Self.number($0["weight"])!) }
      Self.checkWeights(sheets, column: 4 + k, expected: Dictionary(uniqueKeysWithValues: weights))
    }
    let setRows = sheets.rows("sets").dropFirst()
    #expect(setRows.map { $0[0] as? String } == sets.map { $0["name"] as? String })
    for (row, set) in zip(setRows, sets) { #expect(Self.number(row[1]) == Self.number(set["spearman"])) }

    // Score with salaries: a salary per team-month, in cents.
    let config = directory.appendingPathComponent("c.yaml")
    #expect(try CLI.run(["export"] + Self.base + ["--preset", "retention", "--as-of", "2026-12-01", "--output", config.path]).exitCode == 0)
    let lines = try String(contentsOfFile: CLI.packageRoot.appendingPathComponent(Self.history).path, encoding: .utf8).split(separator: "\n")
    let header = lines[0].split(separator: ",", omittingEmptySubsequences: false)
    let team = header.firstIndex(of: "team")!, month = header.firstIndex(of: "month")!
    var salaries = "team,month,salary\n"
    for (k, line) in lines.dropFirst().enumerated() {
      let cells = line.split(separator: ",", omittingEmptySubsequences: false)
      salaries += "\(cells[team]),\(cells[month]),\(9000 + k % 97).\(String(format: "%02d", k % 100))\n"
    }
    let salaryFile = directory.appendingPathComponent("s.csv")
    try salaries.write(to: salaryFile, atomically: true, encoding: .utf8)
    let (score, scoreSheets) = try Self.both(["score", "--config", config.path, "--data", Self.history, "--salaries", salaryFile.path], in: directory, name: "score")
    let rows = score["rows"] as! [[String: Any]]
    let table = scoreSheets.rows("scores"), formats = scoreSheets.formats("scores"), lo = scoreSheets.text("scores")
    #expect(table.count == rows.count + 1 && lo.count == rows.count + 1)
    #expect(scoreSheets.openpyxl["scores"]?["frozen"] as? String == "A2")
    let pay = try #require(table[0].firstIndex { ($0 as? String)?.hasSuffix("performance_pay") == true })
    for (r, json) in rows.enumerated() {
      let row = table[r + 1]
      #expect(row[0] as? String == json["entity"] as? String && Self.number(row[2]) == Self.number(json["score"]))
      #expect(formats[r + 1][2] == "0.00" && formats[r + 1][pay] == "#,##0.00")
      #expect(Self.number(row[pay]) == Self.number(json["performancePay"]), "row \(r)")
      #expect(lo[r + 1][2] == Self.libreOffice(Self.number(json["score"])!, percent: false))
      #expect(Double(lo[r + 1][pay]) == Self.number(json["performancePay"]), "LibreOffice row \(r): \(lo[r + 1][pay])")
    }

    let exported = directory.appendingPathComponent("config.xlsx")
    #expect(try CLI.run(["export"] + Self.base + ["--preset", "retention", "--as-of", "2026-12-01", "--output", exported.path]).exitCode == 0)
    let configJSON = directory.appendingPathComponent("config.json")
    #expect(try CLI.run(["export"] + Self.base + ["--preset", "retention", "--as-of", "2026-12-01", "--output", configJSON.path]).exitCode == 0)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: configJSON)) as? [String: Any])
    let configWeights = Dictionary(uniqueKeysWithValues: (object["indicators"] as! [[String: Any]]).map { ($0["id"] as! String, Self.number($0["weight"])!) })
    let exportSheets = try Self.read(exported)
    Self.checkWeights(exportSheets, column: 4, expected: configWeights, warnings: false)
    #expect(exportSheets.names.sorted() == ["pay", "provenance", "weights"])
    // The same bytes every run.
    let again = directory.appendingPathComponent("config2.xlsx")
    #expect(try CLI.run(["export"] + Self.base + ["--preset", "retention", "--as-of", "2026-12-01", "--output", again.path]).exitCode == 0)
    #expect(try Data(contentsOf: exported) == Data(contentsOf: again))
  }

  @Test("--format xlsx needs an .xlsx --output")
  func needsOutput() throws {
    let none = try CLI.run(["fit"] + Self.base + ["--format", "xlsx"])
    #expect(none.exitCode == 64 && none.stderr.hasPrefix("Error: --format xlsx writes a workbook: give --output FILE.xlsx\n"))
    let wrong = try CLI.run(["fit"] + Self.base + ["--format", "xlsx", "--output", "fit.csv"])
    #expect(wrong.exitCode == 64 && wrong.stderr.hasPrefix("Error: --format xlsx writes a workbook: --output must end in .xlsx; got 'fit.csv'\n"))
  }
}
