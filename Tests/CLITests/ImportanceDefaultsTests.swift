import Foundation
import Testing
import TestSupport

/// Defaults that always run: a 0/1 outcome gets dominance, no intercept gets standardized.
@Suite("importance defaults: every command runs on a 0/1 outcome and without an intercept")
struct ImportanceDefaultsTests {
  static let customers = "datasets/customers.csv"

  @Test("fit on the bundled customers: a logistic model, dominance weights, the reason and the designations")
  func logisticDefault() throws {
    let table = try CLI.run(["fit", "--data", Self.customers, "--outcome", "churned"])
    #expect(table.exitCode == 0, "\(table.stderr)")
    #expect(table.stdout.contains("Weights · 权重 (--method dominance, the default for a 0/1 outcome:"))
    #expect(table.stdout.contains("Dominance · 优势分析 (McFadden's pseudo-R² over all 127 submodels;"))
    let json = try jsonObject(try CLI.run(["fit", "--data", Self.customers, "--outcome", "churned", "--format", "json", "--pseudo-r2", "estrella"]).stdout)
    #expect(json["method"] as? String == "dominance" && json["methodReason"] as? String == "the default for a 0/1 outcome")
    let dominance = try #require(json["dominance"] as? [String: Any])
    #expect(dominance["statistic"] as? String == "estrella")
    let complete = try #require(dominance["complete"] as? [[String]])
    #expect(complete.contains(["response_hours", "first_fix_pct"]))
  }

  @Test("recommend and compare run on a 0/1 outcome with defaults only")
  func otherCommands() throws {
    let recommend = try CLI.run(["recommend", "--data", Self.customers, "--outcome", "churned", "--preset", "retention"])
    #expect(recommend.exitCode == 0, "\(recommend.stderr)")
    let compare = try CLI.run(["compare", "--data", Self.customers, "--outcome", "churned", "--presets", "retention,balanced", "--include", "fit"])
    #expect(compare.exitCode == 0, "\(compare.stderr)")
  }

  @Test("without an intercept the default is standardized, linear or logistic; a method that does not apply stays an error")
  func noIntercept() throws {
    let linear = try jsonObject(try CLI.run(["fit", "--data", "datasets/after-sales-history.csv", "--outcome", "churn_pct", "--no-intercept", "--format", "json"]).stdout)
    #expect(linear["method"] as? String == "standardized" && linear["methodReason"] as? String == "the default without an intercept")
    let logistic = try CLI.run(["fit", "--data", Self.customers, "--outcome", "churned", "--no-intercept", "--format", "json"])
    #expect(logistic.exitCode == 0, "\(logistic.stderr)")
    let explicit = try CLI.run(["fit", "--data", Self.customers, "--outcome", "churned", "--method", "lmg"])
    #expect(explicit.exitCode == 64)
    #expect(explicit.stderr.contains("use --method dominance (the default: shares of a pseudo-R²), relative-weights or standardized"))
  }
}

@Suite("bootstrap differences against numpy")
struct BootstrapNumpyTests {
  @Test("fit --bootstrap 200 --seed 7: intervals of the weights, of every difference and of each rank equal a numpy reimplementation to 1e-10")
  func agrees() throws {
    let fixture = try jsonObject(try String(contentsOf: CLI.packageRoot.appendingPathComponent("Tests/WeightAnalysisTests/Fixtures/bootstrap-numpy.json"), encoding: .utf8))
    let result = try CLI.run(["fit", "--data", "datasets/after-sales-history.csv", "--outcome", "churn_pct", "--bootstrap", "200", "--seed", "7", "--quiet", "--format", "json"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    let json = try jsonObject(result.stdout)
    let bootstrap = try #require(json["bootstrap"] as? [String: Any])
    let ours = try #require(bootstrap["differences"] as? [[String: Any]])
    let expected = try #require(fixture["differences"] as? [[String: Any]])
    #expect(ours.count == expected.count && ours.count == 21)
    for (a, b) in zip(ours, expected) {
      #expect(a["a"] as? String == b["a"] as? String && a["b"] as? String == b["b"] as? String)
      #expect(abs((a["low"] as! Double) - (b["low"] as! Double)) < 1e-10 && abs((a["high"] as! Double) - (b["high"] as! Double)) < 1e-10, "\(a)")
    }
    let ranks = try #require(bootstrap["ranks"] as? [[String: Any]]), expectedRanks = try #require(fixture["ranks"] as? [[String: Any]])
    for (a, b) in zip(ranks, expectedRanks) { #expect(a["low"] as? Double == b["low"] as? Double && a["high"] as? Double == b["high"] as? Double) }
    let weights = try #require(json["weights"] as? [[String: Any]])
    let low = fixture["weightLow"] as! [Double], high = fixture["weightHigh"] as! [Double]
    let order = ["satisfaction_pct", "response_hours", "first_fix_pct", "resolution_hours", "complaint_resolution_pct", "cost_per_ticket", "utilization_pct"]
    for w in weights {
      let j = try #require(order.firstIndex(of: w["indicator"] as! String))
      #expect(abs((w["ciLow"] as! Double) - low[j]) < 1e-10 && abs((w["ciHigh"] as! Double) - high[j]) < 1e-10)
    }
  }
}
