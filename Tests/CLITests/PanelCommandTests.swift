import Foundation
import Testing
import TestSupport

/// `fit --fixed-effects`, `--lag`, `--lead-outcome`, `--weights`, `--set` on the bundled confounded history.
@Suite("fit on a confounded panel: fixed effects and a lag recover the response-time effect pooled OLS inverts")
struct PanelCommandTests {
  static let history = "datasets/confounded-history.csv"

  func fit(_ arguments: [String]) throws -> [String: Any] {
    let result = try CLI.run(["fit", "--data", Self.history, "--outcome", "churn_pct", "--format", "json"] + arguments)
    #expect(result.exitCode == 0, "\(result.stderr)")
    return try jsonObject(result.stdout)
  }

  func row(_ json: [String: Any], _ key: String, _ term: String) -> [String: Any]? {
    (json[key] as? [[String: Any]])?.first { ($0["term"] ?? $0["indicator"]) as? String == term }
  }

  @Test("pooled: response time gets the wrong sign and weight 0; within team and month with last month's response time: its true +0.10 and a weight")
  func recovers() throws {
    let pooled = try fit([])
    let pooledResponse = try #require(row(pooled, "coefficients", "response_hours"))
    #expect((pooledResponse["estimate"] as! Double) < -0.05)
    #expect(row(pooled, "weights", "response_hours")?["weight"] as? Double == 0)

    let within = try fit(["--fixed-effects", "team,month", "--lag", "response_hours=1"])
    let lag = try #require(row(within, "coefficients", "response_hours_lag1"))
    #expect(abs((lag["estimate"] as! Double) - 0.10) < 0.02)
    #expect((row(within, "weights", "response_hours_lag1")?["weight"] as? Double ?? 0) > 0.05)
    let effects = try #require(within["fixedEffects"] as? [String: Any])
    #expect(effects["columns"] as? [String] == ["team", "month"] && effects["levels"] as? [Int] == [40, 35] && effects["absorbedParameters"] as? Int == 74)
    #expect(within["lagDroppedRows"] as? Int == 40 && within["n"] as? Int == 1_400)
    #expect(within["hasIntercept"] as? Bool == false)

    let table = try CLI.run(["fit", "--data", Self.history, "--outcome", "churn_pct", "--fixed-effects", "team,month", "--lag", "response_hours=1"])
    #expect(table.stdout.contains("Fixed effects · 固定效应: team (40 levels) + month (35 levels), 74 parameters absorbed"))
    #expect(table.stdout.contains("平均响应时间 (上月)"))
    #expect(table.stdout.contains("1400 used, 40 dropped (0 for missing values, 40 for lags/leads)"))
  }

  @Test("recommend: the retention floor fires only within team and month with the lag, which folds into response time; both backtests out of sample")
  func retentionFloor() throws {
    let pooled = try CLI.run(["recommend", "--data", Self.history, "--outcome", "churn_pct", "--preset", "retention"])
    #expect(pooled.stdout.contains("response_hours: raised to the 5% floor set by retention"))
    let within = try CLI.run(["recommend", "--data", Self.history, "--outcome", "churn_pct", "--preset", "retention", "--fixed-effects", "team,month", "--lag", "response_hours=1"])
    #expect(within.exitCode == 0, "\(within.stderr)")
    #expect(within.stdout.contains("response_hours: raised to the 20% floor set by retention, because the history links 'response_hours' to 'churn_pct' (p = 0.603, clustered by team; p = 1.31e-13 for response_hours_lag1, clustered by team)"))
    #expect(within.stdout.contains("'response_hours' carries the fitted weight of its lag (response_hours_lag1 10.3%) as well as its own (2.5%)"))
    #expect(!within.stdout.contains("response_hours_lag1   "))
    let json = try jsonObject(try CLI.run(["recommend", "--data", Self.history, "--outcome", "churn_pct", "--preset", "retention", "--fixed-effects", "team,month", "--lag", "response_hours=1", "--format", "json"]).stdout)
    let rolling = try #require((json["backtest"] as? [String: Any])?["rollingOrigin"] as? [String: Any])
    #expect((rolling["origins"] as? [Any])?.count == 18)
  }

  @Test("weights, outcome leads and sets reach the JSON contract")
  func weightsLeadsSets() throws {
    let json = try fit(["--weights", "tickets", "--lead-outcome", "1", "--set", "speed=response_hours,resolution_hours"])
    #expect(json["weightsColumn"] as? String == "tickets" && (json["weightTotal"] as? Double ?? 0) > 100_000)
    #expect(json["leadOutcome"] as? Int == 1 && json["lagDroppedRows"] as? Int == 40)
    let sets = try #require(json["sets"] as? [[String: Any]])
    #expect(sets.count == 1 && sets[0]["name"] as? String == "speed" && sets[0]["members"] as? [String] == ["response_hours", "resolution_hours"])
    let share = try #require(sets[0]["share"] as? Double)
    #expect(share > 0 && share < 1)
  }

  @Test("bad panel options are errors that say what to write")
  func errors() throws {
    let lag = try CLI.run(["fit", "--data", Self.history, "--outcome", "churn_pct", "--lag", "response_hours"])
    #expect(lag.exitCode == 64)
    #expect(lag.stderr.contains("--lag takes INDICATOR=PERIODS with PERIODS from 1 to 1000, e.g. --lag response_hours=1 (got 'response_hours')"))
    let set = try CLI.run(["fit", "--data", Self.history, "--outcome", "churn_pct", "--set", "a=response_hours", "--set", "b=response_hours"])
    #expect(set.stderr.contains("'response_hours' is in both --set a and --set b; each indicator can be in one set"))
    let hc3 = try CLI.run(["fit", "--data", Self.history, "--outcome", "churn_pct", "--fixed-effects", "team,month", "--se", "hc3"])
    #expect(hc3.stderr.contains("hc3 with two fixed-effect dimensions needs the leverage of every dummy; use hc1 or cluster"))
  }
}
