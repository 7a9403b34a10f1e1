import Foundation
import Testing
import TestSupport

@Suite("Jupyter notebook export")
struct NotebookTests {
  /// The venv `make test` creates (scripts/python-env.sh).
  static var python: URL { CLI.packageRoot.appendingPathComponent(".venv/bin/python") }

  @Test("the exported notebook is nbformat 4.5, validates, executes headless, and recomputes our weights to 1e-8", arguments: ["zh", "en"])
  func executes(lang: String) throws {
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let notebook = directory.appendingPathComponent("churn-\(lang).ipynb")
    let result = try CLI.run([
      "notebook", "--data", CLI.packageRoot.appendingPathComponent("datasets/after-sales-history.csv").path, "--outcome", "churn_pct",
      "--preset", "retention", "--lang", lang, "--out", notebook.path,
    ])
    #expect(result.exitCode == 0, "\(result.stderr)")
    let json = try jsonObject(try String(contentsOf: notebook, encoding: .utf8))
    #expect(json["nbformat"] as? Int == 4 && json["nbformat_minor"] as? Int == 5)
    let cells = json["cells"] as! [[String: Any]]
    #expect(cells.allSatisfy { $0["id"] is String })
    #expect(cells.filter { $0["cell_type"] as? String == "code" }.allSatisfy { $0["outputs"] is [Any] })
    let metadata = (json["metadata"] as! [String: Any])["kpi_weights"] as! [String: Any]
    #expect(metadata["data_sha256"] as? String == "85b7a9d4fdea2692c47c81ce7441e684e3bc7d74b5debf81796b7ee76c6f791d")
    guard FileManager.default.isExecutableFile(atPath: Self.python.path) else {
      Issue.record("\(Self.python.path) is missing: run the tests with `make test`, which creates it (scripts/python-env.sh)")
      return
    }
    #expect(try Self.execute(notebook) < 1e-8)
  }

  /// Executes a notebook headless (scripts/check_notebook.py in .venv): its largest difference
  /// between our weights and the Python recomputation.
  static func execute(_ notebook: URL) throws -> Double {
    let process = Process()
    process.executableURL = Self.python
    process.arguments = [CLI.packageRoot.appendingPathComponent("scripts/check_notebook.py").path, notebook.path]
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(stderr)")
    let line = try #require(stdout.split(separator: "\n").first { $0.hasPrefix("max_abs_difference=") })
    return try #require(Double(line.dropFirst("max_abs_difference=".count)))
  }

  @Test(
    "defaults only, on a 0/1 outcome and without an intercept: the notebook recomputes the dominance or standardised weights with statsmodels to 1e-8",
    arguments: [["datasets/customers.csv", "churned"], ["datasets/customers.csv", "churned", "--no-intercept"], ["datasets/after-sales-history.csv", "churn_pct", "--no-intercept"]])
  func defaults(arguments: [String]) throws {
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let notebook = directory.appendingPathComponent("defaults.ipynb")
    let result = try CLI.run(
      ["notebook", "--data", CLI.packageRoot.appendingPathComponent(arguments[0]).path, "--outcome", arguments[1], "--lang", "en", "--out", notebook.path]
        + arguments.dropFirst(2))
    #expect(result.exitCode == 0, "\(result.stderr)")
    guard FileManager.default.isExecutableFile(atPath: Self.python.path) else {
      Issue.record("\(Self.python.path) is missing: run the tests with `make test`, which creates it (scripts/python-env.sh)")
      return
    }
    #expect(try Self.execute(notebook) < 1e-8)
  }

  /// Runs check_notebook.py and returns its result lines (max_abs_difference, recommended_difference, stderr).
  static func check(_ notebook: URL) throws -> [String: String] {
    let result = try CLI.runTool(Self.python.path, [CLI.packageRoot.appendingPathComponent("scripts/check_notebook.py").path, notebook.path])
    try #require(result.exitCode == 0, "\(result.stderr)")
    var fields: [String: String] = [:]
    for line in result.stdout.split(separator: "\n") {
      guard let equals = line.firstIndex(of: "=") else { continue }
      fields[String(line[..<equals])] = String(line[line.index(after: equals)...])
    }
    return fields
  }

  @Test("on any input the tool accepted — a GBK CSV with Chinese headers, an .xlsx sheet — the notebook reads the same rows, recomputes the recommended weights with scipy to 1e-8, and writes nothing to stderr")
  func anyInput() throws {
    try #require(FileManager.default.isExecutableFile(atPath: Self.python.path), "run the tests with `make test` (scripts/python-env.sh)")
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    // The bundled history with Chinese headers, in GB18030 (what Chinese Excel saves as CSV).
    let gbk = directory.appendingPathComponent("history.gbk.csv")
    let convert = try CLI.runTool("python3", [
      "-c",
      "import sys; t = open(sys.argv[1], encoding='utf-8').read(); h, rest = t.split('\\n', 1); "
        + "h = h.replace('satisfaction_pct', '客户满意度').replace('response_hours', '平均响应时间').replace('first_fix_pct', '一次修复率'); "
        + "open(sys.argv[2], 'w', encoding='gb18030').write(h + '\\n' + rest)",
      CLI.packageRoot.appendingPathComponent("datasets/after-sales-history.csv").path, gbk.path,
    ])
    try #require(convert.exitCode == 0, "\(convert.stderr)")
    // Team-months prepared from the helpdesk workbook, written as a workbook.
    let workbook = directory.appendingPathComponent("team-months.xlsx")
    let prepared = try CLI.run([
      "prepare", "--data", "datasets/helpdesk-tickets.xlsx", "--spec", "datasets/helpdesk.prepare.yaml", "--output", workbook.path,
    ])
    try #require(prepared.exitCode == 0, "\(prepared.stderr)")
    for (data, preset, extra) in [
      (gbk.path, "retention", ["--objective", "entropy"]), (workbook.path, "balanced", []), (gbk.path, "brand-image", ["--direction", "utilization_pct=higher", "--method", "standardized"]),
    ] {
      let notebook = directory.appendingPathComponent("nb-\(preset).ipynb")
      let result = try CLI.run(["notebook", "--data", data, "--outcome", "churn_pct", "--preset", preset, "--lang", "zh", "--out", notebook.path] + extra)
      try #require(result.exitCode == 0, "\(result.stderr)")
      let fields = try Self.check(notebook)
      #expect(Double(fields["max_abs_difference"] ?? "") ?? 1 < 1e-8, "\(data): \(fields)")
      #expect(Double(fields["recommended_difference"] ?? "") ?? 1 < 1e-8, "\(data): \(fields)")
      #expect(fields["stderr"] == "[]", "\(data): the notebook wrote to stderr: \(fields["stderr"] ?? "")")
    }
  }

  @Test("the shipped example is what the tool exports today")
  func shippedExample() throws {
    let shipped = CLI.packageRoot.appendingPathComponent("notebooks-export/after-sales-churn.ipynb")
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let fresh = directory.appendingPathComponent("fresh.ipynb")
    // Same arguments as the shipped file's recorded command, written elsewhere.
    let result = try CLI.run([
      "notebook", "--data", "datasets/after-sales-history.csv", "--outcome", "churn_pct", "--preset", "retention", "--lang", "zh",
      "--out", "notebooks-export/after-sales-churn.ipynb", "--force",
    ].map { $0 == "notebooks-export/after-sales-churn.ipynb" ? fresh.path : $0 })
    #expect(result.exitCode == 0)
    let normalise = { (text: String) in
      text.replacingOccurrences(of: fresh.path, with: "notebooks-export/after-sales-churn.ipynb")
        .replacingOccurrences(of: CLI.packageRoot.appendingPathComponent("datasets/after-sales-history.csv").path, with: "../datasets/after-sales-history.csv")
    }
    let expected = try String(contentsOf: shipped, encoding: .utf8)
    let actual = normalise(try String(contentsOf: fresh, encoding: .utf8))
    let exported = jsonCells(actual), kept = jsonCells(expected)
    let hint = "re-export with: kpi-weights notebook --data datasets/after-sales-history.csv --outcome churn_pct --preset retention --lang zh --out notebooks-export/after-sales-churn.ipynb --force"
    #expect(exported.count == kept.count, "\(hint)")
    for (a, b) in zip(exported, kept) {
      // The text around the numbers is identical; the numbers (weights in shortest round-trip
      // form, whose last digit depends on the BLAS kernel of the machine) agree to 1e-12.
      #expect(numberPattern.stringByReplacingMatches(in: a, range: NSRange(a.startIndex..., in: a), withTemplate: "#")
        == numberPattern.stringByReplacingMatches(in: b, range: NSRange(b.startIndex..., in: b), withTemplate: "#"), "\(hint)")
      let x = numbers(a), y = numbers(b)
      #expect(x.count == y.count, "\(hint)")
      for (u, v) in zip(x, y) { #expect(relativeError(u, v, floor: 1e-12) <= 1e-12, "\(u) vs \(v); \(hint)") }
    }
  }

  let numberPattern = try! NSRegularExpression(pattern: "-?[0-9]+\\.[0-9]+(e-?[0-9]+)?")

  func numbers(_ text: String) -> [Double] {
    numberPattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { Range($0.range, in: text).flatMap { Double(text[$0]) } }
  }

  /// Code cells' sources, which carry every number the notebook checks.
  func jsonCells(_ text: String) -> [String] {
    guard let json = try? jsonObject(text), let cells = json["cells"] as? [[String: Any]] else { return [] }
    return cells.filter { $0["cell_type"] as? String == "code" }.map { (($0["source"] as? [String]) ?? []).joined() }
      .map { $0.replacingOccurrences(of: "DATA = \"[^\"]*\"", with: "DATA", options: .regularExpression) }
  }
}
