import Foundation
import Testing
import TestSupport

func jsonObject(_ text: String) throws -> [String: Any] {
  try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

@Suite("Weighting methods from the command line")
struct WeightingCommandsTests {
  static let history = "datasets/after-sales-history.csv"

  @Test("fit --method: every method returns weights that sum to 1 and names itself", arguments: ["lmg", "relative-weights", "standardized", "nnls"])
  func methods(method: String) throws {
    let result = try CLI.run(["fit", "--data", Self.history, "--outcome", "churn_pct", "--method", method, "--format", "json"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    let json = try jsonObject(result.stdout)
    #expect(json["method"] as? String == method)
    #expect(json["model"] as? String == "linear")
    let weights = json["weights"] as! [[String: Any]]
    let total = weights.reduce(0.0) { $0 + ($1["weight"] as! Double) }
    #expect(abs(total - 1) < 1e-12)
    #expect(weights.allSatisfy { $0["ciLow"] == nil })
  }

  @Test("--bootstrap with --seed and --group is reproducible, adds intervals, and draws no bar when piped")
  func bootstrap() throws {
    let arguments = ["fit", "--data", Self.history, "--outcome", "churn_pct", "--bootstrap", "200", "--seed", "7", "--group", "team", "--format", "json"]
    let first = try CLI.run(arguments), second = try CLI.run(arguments)
    #expect(first.exitCode == 0, "\(first.stderr)")
    #expect(first.stdout == second.stdout)
    #expect(first.stderr.isEmpty)
    let json = try jsonObject(first.stdout)
    let bootstrap = json["bootstrap"] as! [String: Any]
    #expect(bootstrap["replicates"] as? Int == 200 && bootstrap["units"] as? Int == 40 && bootstrap["group"] as? String == "team")
    #expect(bootstrap["seed"] as? String == "7")
    for w in json["weights"] as! [[String: Any]] {
      let low = w["ciLow"] as! Double, high = w["ciHigh"] as! Double, weight = w["weight"] as! Double
      #expect(low <= high && low >= 0 && high <= 1)
      if weight > 0 { #expect(low <= weight + 0.05 && weight - 0.05 <= high) }
    }
    let otherSeed = try CLI.run(["fit", "--data", Self.history, "--outcome", "churn_pct", "--bootstrap", "200", "--seed", "8", "--group", "team", "--format", "json"])
    #expect(otherSeed.stdout != first.stdout)
  }

  @Test("a 0/1 outcome fits a logistic model with z statistics and McFadden's pseudo-R²")
  func logistic() throws {
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("customers.csv")
    var rows = "customer,satisfaction_pct,response_hours,churned\n"
    var generator = SeededGenerator(seed: 12345)
    func uniform() -> Double { generator.openUniform() }
    for i in 0..<300 {
      let satisfaction = 70 + 25 * uniform(), response = 1 + 20 * uniform()
      let eta = -0.5 - 0.12 * (satisfaction - 82) + 0.1 * (response - 10)
      let churned = uniform() < 1 / (1 + exp(-eta)) ? 1 : 0
      rows += "C\(i),\(String(format: "%.1f", satisfaction)),\(String(format: "%.2f", response)),\(churned)\n"
    }
    try rows.write(to: file, atomically: true, encoding: .utf8)
    let result = try CLI.run(["fit", "--data", file.path, "--outcome", "churned", "--direction", "churned=lower", "--method", "standardized", "--format", "json"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    let json = try jsonObject(result.stdout)
    #expect(json["model"] as? String == "logistic")
    #expect((json["pseudoRSquared"] as! Double) > 0)
    let coefficients = json["coefficients"] as! [[String: Any]]
    #expect(coefficients.allSatisfy { $0["z"] != nil && $0["t"] == nil })
    let table = try CLI.run(["fit", "--data", file.path, "--outcome", "churned", "--direction", "churned=lower", "--method", "standardized"])
    #expect(table.stdout.hasPrefix("Logistic fit · 逻辑回归拟合: churned"))
    #expect(table.stdout.contains("Pseudo R² (McFadden)"))
    let defaults = try jsonObject(try CLI.run(["fit", "--data", file.path, "--outcome", "churned", "--direction", "churned=lower", "--format", "json"]).stdout)
    #expect(defaults["method"] as? String == "dominance")
    let lmg = try CLI.run(["fit", "--data", file.path, "--outcome", "churned", "--direction", "churned=lower", "--method", "lmg"])
    #expect(lmg.exitCode == 64)
    #expect(lmg.stderr.hasPrefix("kpi-weights: error: --method lmg does not apply here: the outcome 'churned' is 0/1"))
  }

  @Test("objective --method: JSON states the method and its invariances", arguments: ["entropy", "critic", "sd", "cv", "merec"])
  func objective(method: String) throws {
    let result = try CLI.run(["objective", "--data", Self.history, "--method", method, "--format", "json"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    let json = try jsonObject(result.stdout)
    #expect(json["method"] as? String == method)
    #expect(json["offsetInvariant"] as? Bool == ["entropy", "critic", "sd"].contains(method))
    let weights = json["weights"] as! [[String: Any]]
    #expect(weights.count == 7)
    #expect(abs(weights.reduce(0.0) { $0 + ($1["weight"] as! Double) } - 1) < 1e-12)
  }

  @Test("ahp: JSON with λmax, CI and CR; an inconsistent matrix fails naming the pair unless allowed")
  func ahp() throws {
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let good = directory.appendingPathComponent("manager.csv")
    try ",satisfaction_pct,response_hours,first_fix_pct\nsatisfaction_pct,1,3,5\nresponse_hours,,1,2\nfirst_fix_pct,,,1\n".write(to: good, atomically: true, encoding: .utf8)
    let result = try CLI.run(["ahp", "--matrix", good.path, "--format", "json"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    let json = try jsonObject(result.stdout)
    #expect(json["method"] as? String == "ahp-eigenvector")
    #expect(abs((json["lambdaMax"] as! Double) - 3.0036945) < 1e-6)
    #expect((json["consistencyRatio"] as! Double) < 0.1 && json["consistencyIndex"] != nil)
    let bad = directory.appendingPathComponent("bad.yaml")
    try "indicators: [a, b, c]\nmatrix:\n  - [1, 9, 1/9]\n  - [~, 1, 9]\n  - [~, ~, 1]\n".write(to: bad, atomically: true, encoding: .utf8)
    let refused = try CLI.run(["ahp", "--matrix", bad.path])
    #expect(refused.exitCode == 65)
    #expect(refused.stderr.hasPrefix("kpi-weights: error: The pairwise comparisons are inconsistent: consistency ratio "))
    #expect(refused.stderr.contains("Revise it, or pass --allow-inconsistent to proceed."))
    let allowed = try CLI.run(["ahp", "--matrix", bad.path, "--allow-inconsistent"])
    #expect(allowed.exitCode == 0)
    #expect(allowed.stdout.contains("Consistency ratio"))
    let two = try CLI.run(["ahp", "--matrix", good.path, "--matrix", good.path, "--format", "json"])
    #expect(try jsonObject(two.stdout)["experts"] as? Int == 2)
  }

  @Test("--catalog: entries the data lacks and unknown --direction columns are errors with a suggestion")
  func catalogAndDirections() throws {
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let catalog = directory.appendingPathComponent("catalog.yaml")
    try "indicators:\n  - id: satisfation_pct\n    zh: 满意度\n    direction: higher\n".write(to: catalog, atomically: true, encoding: .utf8)
    let missing = try CLI.run(["fit", "--data", Self.history, "--outcome", "churn_pct", "--catalog", catalog.path])
    #expect(missing.exitCode == 65)
    #expect(
      missing.stderr
        == "\(Self.history): error: no column named 'satisfation_pct' (the catalog entry from \(catalog.path) (mark it `optional: true` if this dataset may lack it)); did you mean 'satisfaction_pct'?\n")
    let direction = try CLI.run(["fit", "--data", Self.history, "--outcome", "churn_pct", "--direction", "respons_hours=lower"])
    #expect(direction.exitCode == 65)
    #expect(direction.stderr == "\(Self.history): error: no column named 'respons_hours' (--direction); did you mean 'response_hours'?\n")
    let broken = directory.appendingPathComponent("broken.yaml")
    try "indicators:\n  - id: x\n    direction: sideways\n".write(to: broken, atomically: true, encoding: .utf8)
    let bad = try CLI.run(["fit", "--data", Self.history, "--outcome", "churn_pct", "--catalog", broken.path])
    #expect(bad.exitCode == 65)
    #expect(bad.stderr == "\(broken.path):3:16: error: indicators[0].direction: expected 'higher' or 'lower' (which way is better), got 'sideways'\n")
  }
}
