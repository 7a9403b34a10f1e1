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
