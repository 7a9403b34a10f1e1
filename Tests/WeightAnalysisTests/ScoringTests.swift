import Foundation
import Testing
import TestSupport

@testable import WeightAnalysis

@Suite("Scoring rules, pay in cents, warnings")
struct ScoringTests {
  let any = 0.0...100.0

  @Test(
    "the article's satisfaction rule: 10 at ≥ 90%, minus 1 per 5 points below",
    arguments: [(95.0, 10.0), (90.0, 10.0), (89.99, 9.0), (85.0, 9.0), (84.9, 8.0), (80.0, 8.0), (50.0, 2.0), (40.0, 0.0), (10.0, 0.0)])
  func linearBands(value: Double, expected: Double) {
    #expect(ScoringRule.linear(full: 90, step: 5, points: 1).points(value, direction: .higherIsBetter, range: any) == expected)
  }

  @Test("linear bands mirror for lower-is-better values")
  func linearLower() {
    let rule = ScoringRule.linear(full: 2, step: 1, points: 2)
    #expect(rule.points(1.5, direction: .lowerIsBetter, range: any) == 10)
    #expect(rule.points(2.5, direction: .lowerIsBetter, range: any) == 8)
    #expect(rule.points(9, direction: .lowerIsBetter, range: any) == 0)
  }

  @Test(
    "the article's response-time targets: within 1 h = 10, within 24 h = 6, beyond = 0",
    arguments: [(0.5, 10.0), (1.0, 10.0), (1.01, 6.0), (24.0, 6.0), (24.5, 0.0)])
  func targets(value: Double, expected: Double) {
    #expect(ScoringRule.targets(limits: [(1, 10), (24, 6)], beyond: 0, interpolate: false).points(value, direction: .lowerIsBetter, range: any) == expected)
  }

  @Test("targets interpolate between limits when asked; floors for higher-is-better")
  func targetsInterpolated() {
    let rule = ScoringRule.targets(limits: [(1, 10), (24, 6)], beyond: 0, interpolate: true)
    #expect(abs(rule.points(12.5, direction: .lowerIsBetter, range: any) - 8) < 1e-12)
    #expect(rule.points(24, direction: .lowerIsBetter, range: any) == 6)
    let floors = ScoringRule.targets(limits: [(60, 6), (80, 10)], beyond: 0, interpolate: false)
    #expect(floors.points(85, direction: .higherIsBetter, range: any) == 10)
    #expect(floors.points(70, direction: .higherIsBetter, range: any) == 6)
    #expect(floors.points(59.9, direction: .higherIsBetter, range: any) == 0)
  }

  @Test("step tables and min-max against the period's population")
  func stepsAndMinMax() {
    let steps = ScoringRule.steps(edges: [(0, 2), (60, 6), (80, 10)])
    #expect(steps.points(-1, direction: .higherIsBetter, range: any) == 0)
    #expect(steps.points(0, direction: .higherIsBetter, range: any) == 2)
    #expect(steps.points(79.99, direction: .higherIsBetter, range: any) == 6)
    #expect(steps.points(80, direction: .higherIsBetter, range: any) == 10)
    #expect(ScoringRule.minMax.points(30, direction: .higherIsBetter, range: 20...40) == 5)
    #expect(ScoringRule.minMax.points(20, direction: .lowerIsBetter, range: 20...40) == 10)
    #expect(ScoringRule.minMax.points(7, direction: .higherIsBetter, range: 7...7) == 10)
  }

  @Test("amounts parse exactly to cents", arguments: [
    ("12345", Int64(1_234_500)), ("12345.6", 1_234_560), ("12,345.67", 1_234_567), ("¥8,000", 800_000), ("0.05", 5),
  ])
  func parseCents(text: String, cents: Int64) {
    #expect(Cents.parse(text) == Cents(cents))
  }

  @Test("malformed amounts are rejected", arguments: ["1,23", "12.345", "-5", "abc", "", "1e3"])
  func badCents(text: String) {
    #expect(Cents.parse(text) == nil)
  }

  func config(_ weights: [(String, Double, ScoringRule)], threshold: Double = 6, periods: Int = 3, missing: WeightConfig.PayPolicy.MissingPolicy = .skip) -> WeightConfig {
    WeightConfig(
      indicators: weights.map { WeightConfig.Indicator(id: $0.0, chineseLabel: "", englishLabel: "", unit: "", direction: .higherIsBetter, weight: $0.1, lower: 0, upper: 1, scoring: $0.2) },
      provenance: .init(tool: "t", dataFile: "d", dataSHA256: "", rows: 0, outcome: "y", method: "lmg", blend: 0.5, preset: "p", swotFile: nil, swotSHA256: nil, asOf: "now"),
      payPolicy: .init(baseShare: 0.7, performanceShare: 0.3, warningThreshold: threshold, warningPeriods: periods, missingValues: missing))
  }

  @Test("a score of 8 with a 30% performance share pays 24% of salary (the article), in exact cents")
  func articlePay() {
    let c = config([("a", 1, .steps(edges: [(0, 8)]))])
    let result = Scoring.run(config: c, inputs: [ScoreInput(entity: "E1", period: "2025-01", values: [1], salary: Cents(1_000_000), line: 2)])
    let row = result.rows[0]
    #expect(row.score == 8)
    #expect(row.performancePay == Cents(240_000) && row.basePay == Cents(700_000) && row.totalPay == Cents(940_000))
    // Half a cent rounds up: 1 cent × 50% × 10/10.
    let half = WeightConfig(indicators: c.indicators, provenance: c.provenance, payPolicy: .init(baseShare: 0.5, performanceShare: 0.5))
    let tiny = Scoring.run(config: half, inputs: [ScoreInput(entity: "E", period: "p", values: [1], salary: Cents(1), line: 2)])
    #expect(tiny.rows[0].score == 8 && tiny.rows[0].performancePay == Cents(0) && tiny.rows[0].basePay == Cents(1))
    // 3333.33 at score 7.77: 333333 × 3000 × 777 / 10⁷ = 77699.92… → 77700 cents.
    let odd = Scoring.run(config: config([("a", 1, .steps(edges: [(0, 7.77)]))]), inputs: [ScoreInput(entity: "E", period: "p", values: [1], salary: Cents(333_333), line: 2)])
    #expect(odd.rows[0].performancePay == Cents(77_700))
    #expect(Cents(77_700).description == "777.00" && Cents(5).description == "0.05")
  }

  @Test("three consecutive periods below 6 are flagged; two are not; a skipped period breaks the run")
  func warnings() {
    let c = config([("a", 1, .minMax)])
    func input(_ e: String, _ p: String, _ v: Double?) -> ScoreInput { ScoreInput(entity: e, period: p, values: [v], salary: nil, line: 1) }
    // Population per period: a second entity at 100 makes the first one's min-max score v/10.
    var inputs: [ScoreInput] = []
    let months = ["2025-1", "2025-2", "2025-3", "2025-4", "2025-10"]
    let low: [String: [Double?]] = ["A": [50, 40, 55, 90, 30], "B": [50, 40, 90, 50, 50], "C": [50, nil, 50, 50, 90]]
    for (k, m) in months.enumerated() {
      inputs.append(input("Z", m, 100))
      inputs.append(input("floor", m, 0))
      for e in ["A", "B", "C"] { inputs.append(input(e, m, low[e]![k])) }
    }
    let result = Scoring.run(config: c, inputs: inputs)
    let flagged = result.warnings.map(\.entity)
    #expect(flagged.contains("A") && !flagged.contains("B") && !flagged.contains("C"))
    let a = result.warnings.first { $0.entity == "A" }!
    #expect(a.periods == ["2025-1", "2025-2", "2025-3"])
    #expect(a.reason.english == "score below 6 for 3 consecutive periods (5.00, 4.00, 5.50): training or a warning under the pay policy")
    #expect(result.skipped.map { [$0.entity, $0.period, $0.reason.english, $0.reason.chinese] } == [["C", "2025-2", "missing a (line 1); missingValues: skip", "缺少 a（第 1 行）；missingValues: skip"]])
    #expect(Scoring.periodOrder("2025-2", "2025-10"))
    // With missingValues: zero the indicator scores 0 instead.
    let zero = Scoring.run(config: config([("a", 1, .minMax)], missing: .zero), inputs: [input("C", "m", nil), input("D", "m", 3)])
    #expect(zero.rows.first { $0.entity == "C" }!.score == 0 && zero.skipped.isEmpty)
  }
}
