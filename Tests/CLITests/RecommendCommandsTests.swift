import Foundation
import Testing
import TestSupport
import DataSources
import Reports
import WeightAnalysis

@Suite("recommend, compare, export, validate, presets")
struct RecommendCommandsTests {
  static let history = "datasets/after-sales-history.csv"

  @Test("recommend --format json: the contract, the article's bounds, Σw = 1")
  func recommendJSON() throws {
    for (preset, check) in [
      ("cost-reduction", { (w: [String: [String: Any]]) in
        let cost = w["cost_per_ticket"]!["weight"] as! Double
        #expect(cost >= 0.30 - 1e-12 && cost <= 0.40 + 1e-12)
      }),
      ("brand-image", { (w: [String: [String: Any]]) in #expect((w["satisfaction_pct"]!["weight"] as! Double) >= 0.40 - 1e-12) }),
      ("retention", { (w: [String: [String: Any]]) in
        // The article: slow responses cost returning customers, so response time rises from 10% to about 20%.
        let response = w["response_hours"]!
        #expect(response["target"] as! Double == 0.10)
        #expect(abs((response["weight"] as! Double) - 0.20) < 0.02)
        #expect(response["activeBound"] as? String == "lower")
        #expect((response["reason"] as! String).contains("because the history links 'response_hours' to 'churn_pct'"))
      }),
    ] as [(String, ([String: [String: Any]]) -> Void)] {
      let result = try CLI.run(["recommend", "--data", Self.history, "--outcome", "churn_pct", "--preset", preset, "--format", "json"])
      #expect(result.exitCode == 0, "\(result.stderr)")
      let json = try jsonObject(result.stdout)
      #expect(json["preset"] as? String == preset)
      let weights = json["weights"] as! [[String: Any]]
      for w in weights {
        for key in ["indicator", "weight", "fitted", "target", "lower", "upper", "activeBound", "reason"] { #expect(w[key] != nil, "\(key)") }
      }
      #expect(abs(weights.reduce(0.0) { $0 + ($1["weight"] as! Double) } - 1) < 1e-12)
      let backtest = json["backtest"] as! [String: Any]
      #expect((backtest["spearman"] as! Double) > 0.5 && (backtest["rSquared"] as! Double) > 0.3)
      check(Dictionary(uniqueKeysWithValues: weights.map { ($0["indicator"] as! String, $0) }))
    }
  }

  @Test("golden: recommend table with a SWOT file")
  func recommendGolden() throws {
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let swot = directory.appendingPathComponent("swot.yaml")
    try "strengths:\n  - text: 高效的服务流程\n    raise: [first_fix_pct]\n    strength: 2\nthreats:\n  - text: rivals win on satisfaction\n    raise: [satisfaction_pct]\n"
      .write(to: swot, atomically: true, encoding: .utf8)
    let result = try CLI.run(["recommend", "--data", Self.history, "--outcome", "churn_pct", "--preset", "efficiency", "--swot", swot.path])
    #expect(result.exitCode == 0, "\(result.stderr)")
    try CLI.expectMatchesGolden(result.stdout, "recommend-efficiency-swot.txt")
  }

  @Test("infeasible presets, unknown presets and indicators fail with exact messages")
  func errors() throws {
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let preset = directory.appendingPathComponent("greedy.yaml")
    try "id: greedy\nweights:\n  satisfaction_pct: {target: 0.5, min: 0.6}\n  cost_per_ticket: {target: 0.5, min: 0.5}\n".write(to: preset, atomically: true, encoding: .utf8)
    let infeasible = try CLI.run(["recommend", "--data", Self.history, "--outcome", "churn_pct", "--preset-file", preset.path])
    #expect(infeasible.exitCode == 65)
    #expect(
      infeasible.stderr
        == "kpi-weights: error: Infeasible bounds: the floors add up to 110% (satisfaction_pct ≥ 60%, cost_per_ticket ≥ 50%), more than 100%; lower some of them.\n")
    let unknown = try CLI.run(["recommend", "--data", Self.history, "--outcome", "churn_pct", "--preset", "growth"])
    #expect(unknown.exitCode == 65)
    #expect(unknown.stderr == "kpi-weights: error: No built-in preset 'growth'; available: balanced, cost-reduction, brand-image, efficiency, retention (or --preset-file FILE).\n")
    let typo = directory.appendingPathComponent("typo.yaml")
    try "id: typo\nweights:\n  satisfation_pct: {target: 1}\n".write(to: typo, atomically: true, encoding: .utf8)
    let missing = try CLI.run(["recommend", "--data", Self.history, "--outcome", "churn_pct", "--preset-file", typo.path])
    #expect(missing.exitCode == 65)
    #expect(missing.stderr == "kpi-weights: error: preset 'typo' names 'satisfation_pct', which is not among the analysed indicators; did you mean 'satisfaction_pct'?.\n")
  }

  @Test("export → validate → export again is lossless; validate reports broken configs")
  func exportValidate() throws {
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    for name in ["config.yaml", "config.json"] {
      let file = directory.appendingPathComponent(name)
      let arguments = ["export", "--data", Self.history, "--outcome", "churn_pct", "--preset", "brand-image", "--as-of", "2026-11-29T08:00:00Z", "--output", file.path]
      let first = try CLI.run(arguments)
      #expect(first.exitCode == 0, "\(first.stderr)")
      let text = try String(contentsOf: file, encoding: .utf8)
      let again = try CLI.run(arguments)
      #expect(again.exitCode == 73)  // never overwrites without --force
      let forced = try CLI.run(arguments + ["--force"])
      #expect(forced.exitCode == 0)
      #expect(try String(contentsOf: file, encoding: .utf8) == text)
      let valid = try CLI.run(["validate", file.path, "--data", Self.history])
      #expect(valid.exitCode == 0, "\(valid.stderr)")
      #expect(valid.stdout.hasSuffix("valid (schema kpi-weights/config v1, 7 indicators, weights sum to 1, preset brand-image)\n"))
      #expect(text.contains("85b7a9d4fdea2692c47c81ce7441e684e3bc7d74b5debf81796b7ee76c6f791d"))
    }
    let broken = directory.appendingPathComponent("broken.yaml")
    let good = try String(contentsOf: directory.appendingPathComponent("config.yaml"), encoding: .utf8)
    try good.replacingOccurrences(of: "version: 1", with: "version: 7").write(to: broken, atomically: true, encoding: .utf8)
    let version = try CLI.run(["validate", broken.path])
    #expect(version.exitCode == 65)
    #expect(version.stderr.contains("version: schema version 7 is not supported (supported: 1); use a newer kpi-weights"))
    var lines = good.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let index = lines.firstIndex { $0.hasPrefix("    weight: ") }!
    lines[index] = "    weight: 0.9"
    try lines.joined(separator: "\n").write(to: broken, atomically: true, encoding: .utf8)
    let sum = try CLI.run(["validate", broken.path])
    #expect(sum.exitCode == 65)
    #expect(sum.stderr.contains("error: the weights sum to "))
    #expect(sum.stderr.contains(", not 1 (tolerance 1e-9)"))
  }

  @Test("compare --format json: sets with weights, ρ, R², τ; the table fits 80 columns")
  func compare() throws {
    let arguments = ["compare", "--data", Self.history, "--outcome", "churn_pct", "--presets", "balanced,cost-reduction,brand-image", "--include", "fit,recommended,entropy", "--bootstrap", "50"]
    let json = try CLI.run(arguments + ["--format", "json"])
    #expect(json.exitCode == 0, "\(json.stderr)")
    let sets = try jsonObject(json.stdout)["sets"] as! [[String: Any]]
    #expect(sets.map { $0["name"] as! String } == ["balanced", "cost-reduction", "brand-image", "fit-lmg", "recommended", "entropy"])
    for set in sets {
      #expect((set["weights"] as! [[String: Any]]).count == 7)
      #expect(set["spearman"] is Double && set["rSquared"] is Double && set["kendallTau"] is Double)
    }
    #expect(sets[0]["kendallTau"] as! Double == 1)
    // Who moves between bands, not only how many.
    for set in sets {
      let movers = set["movers"] as! [[String: Any]]
      #expect(movers.count == set["movedBetweenBands"] as! Int)
      for m in movers { #expect(["top", "middle", "bottom"].contains(m["from"] as! String) && m["from"] as! String != m["to"] as! String) }
    }
    let table = try CLI.run(arguments)
    for line in table.stdout.split(separator: "\n") { #expect(displayColumns(String(line)) <= 80, "\(line)") }
  }

  @Test("presets list and show")
  func presets() throws {
    let list = try CLI.run(["presets", "list"])
    #expect(list.exitCode == 0)
    try CLI.expectMatchesGolden(list.stdout, "presets-list.txt")
    let show = try CLI.run(["presets", "show", "brand-image"])
    let line = show.stdout.split(separator: "\n").first { $0.hasPrefix("satisfaction_pct") }.map(String.init) ?? ""
    #expect(line.hasSuffix("40%  40%"))
    #expect(show.stdout.contains("Source: seed article: 要是重点在提升品牌形象,客户满意度的权重可能达到40%甚至更高"))
  }
}

/// Terminal columns of a line (CJK wide characters count two).
func displayColumns(_ text: String) -> Int {
  text.unicodeScalars.reduce(0) { width, scalar in
    let v = scalar.value
    let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v)
      || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v)
    return width + (wide ? 2 : 1)
  }
}

@Suite("score: points, pay and warnings from a config")
struct ScoreCommandTests {
  @Test("golden: three months of six-figure salaries, one skipped cell, one warned employee")
  func golden() throws {
    let config = try CLI.golden("score-config.yaml").path, data = try CLI.golden("score-month.csv").path
    let table = try CLI.run(["score", "--config", config, "--data", data, "--salary", "salary"])
    #expect(table.exitCode == 0, "\(table.stderr)")
    try CLI.expectMatchesGolden(table.stdout.replacingOccurrences(of: data, with: "score-month.csv"), "score-table.txt")
    let json = try jsonObject(try CLI.run(["score", "--config", config, "--data", data, "--salary", "salary", "--format", "json"]).stdout)
    let rows = json["rows"] as! [[String: Any]]
    let e01 = rows.first { $0["entity"] as? String == "E01" && $0["period"] as? String == "2025-10" }!
    // 0.5·10 + 0.3·10 + 0.2·10 = 10 → 30% of 8,000.00 = 2,400.00
    #expect(e01["score"] as? Double == 10 && e01["performancePay"] as? Double == 2400 && e01["totalPay"] as? Double == 8000)
    let e02 = rows.first { $0["entity"] as? String == "E02" && $0["period"] as? String == "2025-10" }!
    // 85% → 9 points; 3 h → 6; 70% → 6: 4.5 + 1.8 + 1.2 = 7.5 → 7500 × 30% × 0.75 = 1687.50
    #expect(e02["score"] as? Double == 7.5 && e02["performancePay"] as? Double == 1687.5)
    #expect((e02["points"] as! [String: Double]) == ["satisfaction_pct": 9, "response_hours": 6, "first_fix_pct": 6])
    let warnings = json["warnings"] as! [[String: Any]]
    #expect(warnings.count == 1 && warnings[0]["entity"] as? String == "E03" && (warnings[0]["periods"] as! [String]).count == 3)
    let skipped = json["skipped"] as! [[String: Any]]
    #expect(skipped.count == 1 && skipped[0]["entity"] as? String == "E04")
    #expect((json["summary"] as! [[String: Any]]).count == 3)
  }

  @Test("score lists the columns the config does not use, with why, in the table and as ignoredColumns")
  func ignoredColumns() throws {
    let config = try CLI.golden("score-config.yaml").path
    let table = try CLI.run(["score", "--config", config, "--data", "datasets/after-sales-history.csv", "--entity", "team"])
    #expect(table.exitCode == 0, "\(table.stderr)")
    #expect(
      table.stdout.contains(
        "Ignored columns · 未使用的列: resolution_hours (not in the config), complaint_resolution_pct (not in the config), cost_per_ticket (not in the config), utilization_pct (not in the config), churn_pct (another outcome), repeat_purchase_pct (another outcome)\n"
      ), "\(table.stdout.prefix(600))")
    let json = try jsonObject(try CLI.run(["score", "--config", config, "--data", "datasets/after-sales-history.csv", "--entity", "team", "--format", "json"]).stdout)
    let ignored = (json["ignoredColumns"] as! [[String: String]]).map { "\($0["column"]!): \($0["reason"]!)" }
    #expect(ignored.first == "resolution_hours: not in the config" && ignored.last == "repeat_purchase_pct: another outcome" && ignored.count == 6)
  }

  @Test("mismatched data and bad configs fail before any scoring, with exact messages")
  func errors() throws {
    let config = try CLI.golden("score-config.yaml").path
    let mismatch = try CLI.run(["score", "--config", config, "--data", "datasets/after-sales-history.csv", "--entity", "team"])
    #expect(mismatch.exitCode == 0)  // the bundled history has every indicator
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let data = directory.appendingPathComponent("d.csv")
    // 'satisfaction' is an alias of satisfaction_pct: only first_fix_pct is missing.
    try "team,month,satisfaction,response_hours\nT1,2025-01,90,2\n".write(to: data, atomically: true, encoding: .utf8)
    let missing = try CLI.run(["score", "--config", config, "--data", data.path])
    #expect(missing.exitCode == 65)
    #expect(
      missing.stderr
        == "\(data.path): error: the config \(config) scores indicators that are not columns of this file: first_fix_pct; rename the columns or use a config made for this data\n")
    let bad = directory.appendingPathComponent("bad.yaml")
    try (try String(contentsOfFile: config, encoding: .utf8)).replacingOccurrences(of: "weight: 0.5", with: "weight: 0.6").write(to: bad, atomically: true, encoding: .utf8)
    let sum = try CLI.run(["score", "--config", bad.path, "--data", data.path])
    #expect(sum.exitCode == 65)
    #expect(sum.stderr == "\(bad.path): error: the weights sum to 1.1, not 1 (tolerance 1e-9) (run kpi-weights validate for details)\n")
    let money = directory.appendingPathComponent("m.csv")
    try "employee_id,month,satisfaction_pct,response_hours,first_fix_pct,salary\nE1,2025-01,90,2,70,12.345\n".write(to: money, atomically: true, encoding: .utf8)
    let amount = try CLI.run(["score", "--config", config, "--data", money.path, "--salary", "salary"])
    #expect(amount.exitCode == 65)
    #expect(amount.stderr == "\(money.path):2:20: error: '12.345' in column 'salary' is not an amount; write it like 12345.67 (at most two decimals, optional thousands separators)\n")
  }
}

@Suite("Weight config round trip")
struct ConfigRoundTripTests {
  @Test("write → load → write is lossless in YAML and JSON, every scoring rule included")
  func roundTrip() throws {
    let text = try String(contentsOf: try CLI.golden("score-config.yaml"), encoding: .utf8)
    var config = try WeightConfigFile.parse(text, file: "score-config.yaml")
    config.indicators[2].scoring = .minMax
    config.indicators.append(
      WeightConfig.Indicator(
        id: "x", chineseLabel: "中文", englishLabel: "Quote \"me\"", unit: "", direction: .lowerIsBetter, weight: 0, lower: 0, upper: 0.3,
        scoring: .targets(limits: [(1, 10), (24, 6)], beyond: 0, interpolate: true)))
    config.provenance.swotFile = "swot.yaml"
    config.provenance.swotSHA256 = "abc"
    for format in [WeightConfigFile.Format.yaml, .json] {
      let written = WeightConfigFile.render(config, format: format)
      let loaded = try WeightConfigFile.parse(written, file: "c")
      #expect(loaded == config)
      #expect(WeightConfigFile.render(loaded, format: format) == written)
    }
  }
}
