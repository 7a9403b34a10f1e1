import Foundation
import Testing
import TestSupport
import DataSources
import WeightAnalysis

@Suite("the pay link from the command line: one score, calibrated rules, rounding, fractions, salaries")
struct PayLinkCommandTests {
  static let history = "datasets/after-sales-history.csv"

  /// The bundled history's columns by name (it has no quoted fields).
  static func historyColumns() throws -> (header: [String], rows: [[String]]) {
    let text = try String(contentsOf: CLI.packageRoot.appendingPathComponent(history), encoding: .utf8)
    let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    return (lines[0], Array(lines.dropFirst()))
  }

  /// Spearman ρ of `score --format json`'s scores on `config` against the better (lower) churn.
  static func scoreSpearman(config: String) throws -> (rho: Double, rows: Int) {
    let (header, rows) = try historyColumns()
    let churnIndex = header.firstIndex(of: "churn_pct")!
    var churn: [String: Double] = [:]
    for row in rows { if let value = Double(row[churnIndex]) { churn[row[0] + " " + row[1]] = value } }
    let scored = try CLI.run(["score", "--config", config, "--data", history, "--format", "json"])
    #expect(scored.exitCode == 0, "\(scored.stderr)")
    let scoreRows = try jsonObject(scored.stdout)["rows"] as! [[String: Any]]
    let pairs = scoreRows.compactMap { row in churn["\(row["entity"] as! String) \(row["period"] as! String)"].map { (row["score"] as! Double, -$0) } }
    return (Backtest.spearman(pairs.map(\.0), pairs.map(\.1)), pairs.count)
  }

  func recommendConfig(_ directory: URL, _ extra: [String] = []) throws -> (json: [String: Any], config: String) {
    let config = directory.appendingPathComponent("config-\(extra.joined()).yaml").path
    let result = try CLI.run(
      ["recommend", "--data", Self.history, "--outcome", "churn_pct", "--preset", "retention", "--as-of", "2026-01-01T00:00:00Z", "--config-out", config, "--format", "json"]
        + extra)
    #expect(result.exitCode == 0, "\(result.stderr)")
    return (try jsonObject(result.stdout), config)
  }

  @Test("the ρ recommend reports is the ρ of score's own scores against the outcome (calibrated and article rules)")
  func oneScore() throws {
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    for scheme in [["--scoring", "article"], [], ["--round", "1"]] {
      let (recommendation, config) = try recommendConfig(directory, scheme)
      let reported = (recommendation["backtest"] as! [String: Any])["spearman"] as! Double
      let (recomputed, rows) = try Self.scoreSpearman(config: config)
      #expect(rows == 1432)
      #expect(abs(recomputed - reported) < 1e-12, "\(scheme): \(recomputed) vs \(reported)")
    }
  }

  @Test("calibrated rules spread the bundled history (validate --data passes); the article's response rule does not")
  func calibration() throws {
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let (calibrated, config) = try recommendConfig(directory)
    #expect(!(calibrated["warnings"] as! [String]).contains { $0.contains("scoring rule") })
    let valid = try CLI.run(["validate", config, "--data", Self.history])
    #expect(valid.exitCode == 0, "\(valid.stderr)")
    let score = try jsonObject(try CLI.run(["score", "--config", config, "--data", Self.history, "--format", "json"]).stdout)
    #expect((score["notes"] as! [String]).isEmpty)
    // The threshold under calibrated rules is the history's p10 score: few teams flagged.
    let flagged = score["flagged"] as! [String: Any]
    #expect((flagged["entities"] as! Int) <= 10 && (flagged["of"] as! Int) == 40)

    let (article, articleConfig) = try recommendConfig(directory, ["--scoring", "article"])
    let message = "The targets scoring rule of 'response_hours' gives 99.6% of the history's rows the same 6 points, so its weight hardly separates anyone. Calibrate it (--scoring calibrated) or change its thresholds."
    #expect((article["warnings"] as! [String]).contains(message))
    let invalid = try CLI.run(["validate", articleConfig, "--data", Self.history])
    #expect(invalid.exitCode == 65)
    #expect(invalid.stderr == "\(articleConfig): error: \(message)\n")
  }

  @Test("--round 1 writes whole-percent weights that validate, and the table shows both")
  func rounding() throws {
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let (json, config) = try recommendConfig(directory, ["--round", "1"])
    let weights = json["weights"] as! [[String: Any]]
    let rounded = weights.map { $0["rounded"] as! Double }
    #expect(rounded.map { Int(($0 * 100).rounded()) }.reduce(0, +) == 100)
    for value in rounded { #expect(value == (value * 100).rounded() / 100) }
    let text = try String(contentsOfFile: config, encoding: .utf8)
    #expect(text.contains("weight: 0.3\n") && text.contains("weight: 0.2\n"))
    #expect(try CLI.run(["validate", config]).exitCode == 0)
    let table = try CLI.run(["recommend", "--data", Self.history, "--outcome", "churn_pct", "--preset", "retention", "--round", "1"])
    #expect(table.stdout.contains("weight  config  bounds"))
  }

  @Test("percent columns written as fractions are named in a warning; --percent-scale fraction reads them as percent")
  func fractions() throws {
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let (header, rows) = try Self.historyColumns()
    let s = header.firstIndex(of: "satisfaction_pct")!
    let fractions = ([header] + rows.map { row in
      var row = row
      row[s] = Double(row[s]).map { String(format: "%.4f", $0 / 100) } ?? row[s]
      return row
    }).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
    let file = directory.appendingPathComponent("fractions.csv")
    try fractions.write(to: file, atomically: true, encoding: .utf8)
    let warned = try CLI.run(["fit", "--data", file.path, "--outcome", "churn_pct", "--format", "json"])
    #expect(warned.exitCode == 0, "\(warned.stderr)")
    let warning = (try jsonObject(warned.stdout)["warnings"] as! [String]).first { $0.contains("looks like fractions") }
    #expect(
      warning
        == "'satisfaction_pct' looks like fractions: every value lies within 0–1, so 0.823 is read as 0.823%; did you mean 82.3%? State it with --percent-scale fraction (multiply by 100) or --percent-scale percent (read as written).")
    let stated = try CLI.run(["fit", "--data", file.path, "--outcome", "churn_pct", "--format", "json", "--percent-scale", "fraction"])
    let original = try CLI.run(["fit", "--data", Self.history, "--outcome", "churn_pct", "--format", "json"])
    let weights = { (text: String) in try (jsonObject(text)["weights"] as! [[String: Any]]).map { $0["weight"] as! Double } }
    for (a, b) in zip(try weights(stated.stdout), try weights(original.stdout)) { #expect(abs(a - b) < 1e-9) }
    #expect(!(try jsonObject(stated.stdout)["warnings"] as! [String]).contains { $0.contains("looks like fractions") })
    let percent = try CLI.run(["fit", "--data", file.path, "--outcome", "churn_pct", "--format", "json", "--percent-scale", "percent"])
    #expect(!(try jsonObject(percent.stdout)["warnings"] as! [String]).contains { $0.contains("fractions") })
    // score warns the same way.
    let (_, config) = try recommendConfig(directory)
    let scored = try jsonObject(try CLI.run(["score", "--config", config, "--data", file.path, "--format", "json"]).stdout)
    #expect((scored["notes"] as! [String]).contains { $0.hasPrefix("'satisfaction_pct' looks like fractions") })
  }

  @Test("salaries per entity and period, a missing salary listed, and a step curve with a gate and a cap in exact cents")
  func salaries() throws {
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let config = directory.appendingPathComponent("c.yaml")
    try """
      schema: "kpi-weights/config"
      version: 1
      provenance:
        tool: "test"
        data:
          file: "d.csv"
          sha256: ""
          rows: 0
        outcome: "churn_pct"
        method: "lmg"
        blend: 0.5
        preset: "p"
        swot: ~
        asOf: "now"
      payPolicy:
        baseShare: 0.7
        performanceShare: 0.3
        warningThreshold: 6
        warningPeriods: 3
        missingValues: "skip"
        gate: 6
        cap: 1.1
        curve:
          - score: 6
            pay: 0.5
          - score: 8
            pay: 1.0
          - score: 9.5
            pay: 1.2
      indicators:
        - id: "a"
          direction: "higher"
          weight: 1.0
          lower: 0
          upper: 1
          scoring:
            kind: "linear"
            full: 100
            step: 10
            points: 1

      """.write(to: config, atomically: true, encoding: .utf8)
    #expect(try CLI.run(["validate", config.path]).exitCode == 0)
    let data = directory.appendingPathComponent("d.csv")
    try "team,month,a\nA,2025-01,100\nA,2025-02,80\nB,2025-01,60\nB,2025-02,100\n".write(to: data, atomically: true, encoding: .utf8)
    let salaries = directory.appendingPathComponent("s.csv")
    try "team,month,salary\nA,2025-01,10000.00\nA,2025-02,12000.00\nB,2025-01,\"9,000.00\"\n".write(to: salaries, atomically: true, encoding: .utf8)
    let result = try CLI.run(["score", "--config", config.path, "--data", data.path, "--salaries", salaries.path, "--format", "json"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    let json = try jsonObject(result.stdout)
    let rows = Dictionary(uniqueKeysWithValues: (json["rows"] as! [[String: Any]]).map { ("\($0["entity"]!) \($0["period"]!)", $0) })
    // A 2025-01: score 10 → 1.2 capped at 1.1 → 10000 × 30% × 1.1 = 3300.00; A 2025-02: 8 → 1.0 → 3600.00.
    #expect(rows["A 2025-01"]!["performancePay"] as! Double == 3300)
    #expect(rows["A 2025-02"]!["performancePay"] as! Double == 3600)
    // B 2025-01: score 6 → 0.5 → 9000 × 30% × 0.5 = 1350.00; B 2025-02 has no salary.
    #expect(rows["B 2025-01"]!["performancePay"] as! Double == 1350)
    #expect(rows["B 2025-02"]!["performancePay"] is NSNull)
    #expect(json["missingSalaries"] as! [String] == ["B 2025-02 (line 5)"])
    let table = try CLI.run(["score", "--config", config.path, "--data", data.path, "--salaries", salaries.path])
    #expect(table.stdout.contains("No salary for 1 row, so no pay is computed for it · 缺少薪资: B 2025-02 (line 5)"))
    // A salary given twice for the same entity and period is an error naming both lines.
    try "team,month,salary\nA,2025-01,1\nA,2025-01,2\n".write(to: salaries, atomically: true, encoding: .utf8)
    let twice = try CLI.run(["score", "--config", config.path, "--data", data.path, "--salaries", salaries.path])
    #expect(twice.exitCode == 65 && twice.stderr.contains("first: A 2025-01 at lines 2 and 3"), "\(twice.stderr)")
  }

  @Test("a preset file can fix an indicator's scoring rule (the article's); the others stay calibrated, and ρ stays score's")
  func presetRules() throws {
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let shown = try CLI.run(["presets", "show", "retention", "--format", "yaml"])
    let preset = shown.stdout.replacingOccurrences(
      of: "\"satisfaction_pct\": {target: 0.25, min: 0.05}", with: "\"satisfaction_pct\": {target: 0.25, min: 0.05, scoring: {kind: linear, full: 90, step: 5, points: 1}}")
    #expect(preset != shown.stdout, "\(shown.stdout)")
    let file = directory.appendingPathComponent("p.yaml")
    try preset.write(to: file, atomically: true, encoding: .utf8)
    let config = directory.appendingPathComponent("c.yaml").path
    let result = try CLI.run(["recommend", "--data", Self.history, "--outcome", "churn_pct", "--preset-file", file.path, "--config-out", config, "--format", "json"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    let text = try String(contentsOfFile: config, encoding: .utf8)
    #expect(text.contains("kind: \"linear\"\n      full: 90.0") && text.contains("kind: \"targets\""))
    // Written and read again, the preset keeps its rule.
    let parsed = try PresetFile.parse(preset, file: "p.yaml")
    #expect(parsed.scoring == ["satisfaction_pct": .linear(full: 90, step: 5, points: 1)])
    #expect(try PresetFile.parse(PresetFile.render(parsed), file: "again.yaml").scoring == parsed.scoring)
    // The backtest ρ is still the ρ of score's own scores.
    let reported = (try jsonObject(result.stdout)["backtest"] as! [String: Any])["spearman"] as! Double
    #expect(abs(try Self.scoreSpearman(config: config).rho - reported) < 1e-12)
  }

  @Test("prepare warns when a percent column it averages is written as fractions, and scales it when told")
  func prepareFractions() throws {
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let tickets = directory.appendingPathComponent("t.csv"), spec = directory.appendingPathComponent("s.yaml")
    try "team,created,rating_pct\nA,2025-01-03 09:00,0.8\nA,2025-01-05 10:00,0.9\nB,2025-01-04 11:00,0.7\n".write(to: tickets, atomically: true, encoding: .utf8)
    try "entity: team\nperiod: {column: created, every: month}\nmeasures:\n  satisfaction_pct: {mean: rating_pct}\n".write(to: spec, atomically: true, encoding: .utf8)
    let output = directory.appendingPathComponent("out.csv")
    let warned = try CLI.run(["prepare", "--data", tickets.path, "--spec", spec.path, "--output", output.path])
    #expect(warned.exitCode == 0, "\(warned.stderr)")
    #expect(warned.stderr.contains("warning: 'rating_pct' looks like fractions: every value lies within 0–1, so 0.8 is read as 0.8%; did you mean 80%?"))
    let scaled = try CLI.run(["prepare", "--data", tickets.path, "--spec", spec.path, "--output", output.path, "--force", "--percent-scale", "fraction"])
    #expect(scaled.exitCode == 0, "\(scaled.stderr)")
    #expect(try String(contentsOf: output, encoding: .utf8).contains("A,2025-01,85"))
  }
}
