import Foundation
import Testing
import TestSupport

@testable import WeightAnalysis

@Suite("the pay link: calibrated rules, one score, whole-percent weights, the pay plan")
struct PayLinkTests {
  @Test("calibrated bands: 0 at the worse-side p10, 10 at the better-side p90, whole points between, at the data's precision")
  func calibrated() throws {
    // 0.0, 0.1, …, 100.0: p10 = 10, p90 = 90, bands of 8.
    let values = (0...1000).map { Double($0) / 10 }
    let higher = try #require(ScoringRule.calibrated(values: values, direction: .higherIsBetter))
    guard case .targets(let limits, let beyond, let interpolate) = higher else { Issue.record("not targets"); return }
    #expect(limits.map(\.limit) == [18, 26, 34, 42, 50, 58, 66, 74, 82, 90] && limits.map(\.points) == (1...10).map(Double.init))
    #expect(beyond == 0 && !interpolate)
    for (x, points) in [(10.0, 0.0), (17.9, 0), (18, 1), (50, 5), (89.9, 9), (90, 10), (100, 10)] {
      #expect(higher.points(x, direction: .higherIsBetter, range: 0...0) == points, "\(x)")
    }
    let lower = try #require(ScoringRule.calibrated(values: values, direction: .lowerIsBetter))
    for (x, points) in [(10.0, 10.0), (10.1, 9), (82, 1), (82.1, 0), (90, 0)] {
      #expect(lower.points(x, direction: .lowerIsBetter, range: 0...0) == points, "\(x)")
    }
    // Thresholds at the data's one decimal: 82.3-style values give 80.3, not 80.27999….
    var rng = SeededGenerator(seed: 3)
    let satisfaction = (0..<500).map { _ in (800 + 150 * rng.openUniform()).rounded() / 10 }
    let rule = try #require(ScoringRule.calibrated(values: satisfaction, direction: .higherIsBetter))
    guard case .targets(let bands, _, _) = rule else { return }
    for band in bands { #expect(band.limit == (band.limit * 10).rounded() / 10 && "\(band.limit)".count <= 5, "\(band.limit)") }
    // Integers with a narrow spread: more decimals, so no two bands merge.
    let narrow = (0..<100).map { Double($0 % 4) }
    guard case .targets(let fine, _, _)? = ScoringRule.calibrated(values: narrow, direction: .higherIsBetter) else { Issue.record("no rule"); return }
    #expect(Set(fine.map(\.limit)).count == 10)
    #expect(ScoringRule.displayDecimals([1, 2.5, 3.25]) == 2 && ScoringRule.displayDecimals([4, 7]) == 0)
    // No spread: nothing to calibrate.
    #expect(ScoringRule.calibrated(values: Array(repeating: 5, count: 50), direction: .higherIsBetter) == nil)
  }

  @Test("a rule giving ≥ 90% of the rows the same points, or 0 to most of them, is named with its share")
  func flatRules() {
    let same = Array(repeating: 6.0, count: 99) + [10]
    let zeros = Array(repeating: 0.0, count: 60) + Array(repeating: 5.0, count: 40)
    let spread = (0..<100).map { Double($0 % 11) }
    let rule = ScoringRule.targets(limits: [(1, 10), (24, 6)], beyond: 0, interpolate: false)
    let warnings = Scoring.flatRuleWarnings(indicators: ["response_hours", "satisfaction_pct", "x"], rules: [rule, .linear(full: 90, step: 5, points: 1), .minMax], points: [same, zeros, spread])
    #expect(
      warnings.map(\.english) == [
        "The targets scoring rule of 'response_hours' gives 99.0% of the history's rows the same 6 points, so its weight hardly separates anyone. Calibrate it (the scoring scheme calibrated) or change its thresholds.",
        "The linear scoring rule of 'satisfaction_pct' gives 0 points to 60.0% of the history's rows; are its values on the scale the rule expects (fractions against percent)?",
      ])
  }

  @Test("the column score is score's: the same points and totals as Scoring.run, min-max within each period")
  func oneScore() {
    var rng = SeededGenerator(seed: 9)
    let n = 300
    let a = (0..<n).map { _ in 60 + 40 * rng.openUniform() }, b = (0..<n).map { _ in 48 * rng.openUniform() }
    let periods = (0..<n).map { $0 % 6 }
    let rules: [ScoringRule] = [.linear(full: 90, step: 5, points: 1), .minMax]
    let directions: [Direction] = [.higherIsBetter, .lowerIsBetter]
    let weights = [0.28, 0.72]
    let scores = Scoring.scores(points: Scoring.points(columns: [a, b], periodCodes: periods, rules: rules, directions: directions), weights: weights)
    let config = WeightConfig(
      indicators: zip(["a", "b"], zip(rules, zip(directions, weights))).map { id, rest in
        WeightConfig.Indicator(id: id, chineseLabel: "", englishLabel: "", unit: "", direction: rest.1.0, weight: rest.1.1, lower: 0, upper: 1, scoring: rest.0)
      },
      provenance: .init(tool: "t", dataFile: "d", dataSHA256: "", rows: 0, outcome: "y", method: "lmg", blend: 0.5, preset: "p", swotFile: nil, swotSHA256: nil, asOf: "now"))
    let run = Scoring.run(config: config, inputs: (0..<n).map { ScoreInput(entity: "E\($0)", period: "P\(periods[$0])", values: [a[$0], b[$0]], salary: nil, line: $0 + 2) })
    #expect(run.rows.map(\.score) == scores)
  }

  @Test("whole-percent weights by largest remainder: exact sum, bounds kept, ties to the earlier indicator")
  func rounding() throws {
    let names = ["a", "b", "c", "d"]
    let w = [0.2801889961660821, 0.2198110038339179, 0.3352, 0.1648]
    let r = try Recommendation.rounded(weights: w, names: names, lower: [0, 0, 0, 0], upper: [1, 1, 1, 1], step: 0.01)
    #expect(r == [0.28, 0.22, 0.34, 0.16])
    // 2.6% and 2.6% with one unit to give: the first gets it.
    let tie = try Recommendation.rounded(weights: [0.474, 0.474, 0.026, 0.026], names: names, lower: [0, 0, 0, 0], upper: [1, 1, 1, 1], step: 0.01)
    #expect(tie == [0.47, 0.47, 0.03, 0.03] || tie.reduce(0, +) == 1)
    #expect(abs(tie.reduce(0, +) - 1) < 1e-15)
    // A floor of 20.5% rounds up to 21%, the rest gives way.
    let floored = try Recommendation.rounded(weights: [0.205, 0.395, 0.4], names: ["a", "b", "c"], lower: [0.205, 0, 0], upper: [1, 1, 1], step: 0.01)
    #expect(floored == [0.21, 0.39, 0.4])
    // Tenths of a percent.
    #expect(try Recommendation.rounded(weights: [1.0 / 3, 1.0 / 3, 1.0 / 3], names: ["a", "b", "c"], lower: [0, 0, 0], upper: [1, 1, 1], step: 0.001) == [0.334, 0.333, 0.333])
    // Property: random weights (within random bounds every other case) round to exact units that
    // sum to 100 and keep the bounds; without bounds each moves by less than one step
    // (Hamilton's guarantee), with them by less than two.
    var rng = SeededGenerator(seed: 21)
    for case_ in 0..<300 {
      let k = 2 + Int(rng.openUniform() * 8)
      var raw = (0..<k).map { _ in rng.openUniform() }
      let total = raw.reduce(0, +)
      raw = raw.map { $0 / total }
      let bounded = case_ % 2 == 1
      let lower = raw.map { bounded ? max(0, $0 - 0.05 * rng.openUniform()) : 0 }, upper = raw.map { bounded ? min(1, $0 + 0.05 * rng.openUniform()) : 1 }
      guard let rounded = try? Recommendation.rounded(weights: raw, names: (0..<k).map { "i\($0)" }, lower: lower, upper: upper, step: 0.01) else { continue }
      #expect(rounded.map { Int(($0 * 100).rounded()) }.reduce(0, +) == 100)
      for j in 0..<k {
        #expect(rounded[j] >= lower[j] - 1e-12 && rounded[j] <= upper[j] + 1e-12)
        #expect(abs(rounded[j] - raw[j]) < (bounded ? 0.02 : 0.01) + 1e-12)
        #expect(rounded[j] == (rounded[j] * 100).rounded() / 100)
      }
    }
  }

  @Test("rounding that the bounds forbid is an error that says why")
  func roundingInfeasible() {
    #expect(
      message { _ = try Recommendation.rounded(weights: [0.5025, 0.4975], names: ["a", "b"], lower: [0.502, 0], upper: [0.504, 1], step: 0.01) }
        == "the weight rounding cannot be used here: 'a' must lie within 50.2%–50.4%, which holds no multiple of 1%; round to a finer step or widen that bound.")
    #expect(
      message { _ = try Recommendation.rounded(weights: [0.335, 0.335, 0.33], names: ["a", "b", "c"], lower: [0.335, 0.335, 0.325], upper: [0.345, 0.345, 0.335], step: 0.01) }
        == "the weight rounding cannot be used here: rounded to 1% the bounds sum to 101–101 units of 100, so no rounded table sums to 100%; round to a finer step or widen the bounds.")
    #expect(
      message { _ = try Recommendation.rounded(weights: [0.5, 0.5], names: ["a", "b"], lower: [0, 0], upper: [1, 1], step: 0.03) }
        == "the weight rounding cannot be used here: the rounding step 3% must divide 100% into whole units (e.g. 1, 0.5 or 0.1).")
  }

  func policy(gate: Double? = nil, cap: Double? = nil, curve: PayCurve = .linear) -> WeightConfig.PayPolicy {
    WeightConfig.PayPolicy(baseShare: 0.7, performanceShare: 0.3, gate: gate, cap: cap, curve: curve)
  }

  @Test("the pay plan in exact cents: linear (8 → 24% of salary), gate, cap and a step curve")
  func payPlan() {
    let salary = Cents(1_000_000)  // 10,000.00
    #expect(policy().pay(salary: salary, scoreHundredths: 800) == (Cents(700_000), Cents(240_000)))
    // A gate at 6: 5.99 pays nothing, 6.00 pays 18%.
    let gated = policy(gate: 6)
    #expect(gated.pay(salary: salary, scoreHundredths: 599).performance == Cents(0))
    #expect(gated.pay(salary: salary, scoreHundredths: 600).performance == Cents(180_000))
    // A cap at 0.9 of the share: 9.5 pays 27%, not 28.5%.
    #expect(policy(cap: 0.9).pay(salary: salary, scoreHundredths: 950).performance == Cents(270_000))
    // Steps 6 → 0.5, 8 → 1.0, 9.5 → 1.2 (capped at 1.1): 5.99 → 0, 7.99 → 15%, 8 → 30%, 9.5 → 33%.
    let steps = policy(cap: 1.1, curve: .steps([(6, 0.5), (8, 1.0), (9.5, 1.2)]))
    let pays = [599, 600, 799, 800, 949, 950, 1000].map { steps.pay(salary: salary, scoreHundredths: Int64($0)).performance }
    #expect(pays == [Cents(0), Cents(150_000), Cents(150_000), Cents(300_000), Cents(300_000), Cents(330_000), Cents(330_000)])
    // Odd salaries round half up once: 3333.33 × 30% × 0.5 = 499.99950 → 500.00.
    #expect(steps.pay(salary: Cents(333_333), scoreHundredths: 600).performance == Cents(50_000))
    #expect(abs(steps.performanceShareOfSalary(score: 8) - 0.3) < 1e-15)
  }

  @Test("the pay plan's problems, each in one sentence")
  func payPlanProblems() {
    #expect(policy(gate: 6, cap: 1, curve: .steps([(6, 0.5), (8, 1.0)])).planProblems().isEmpty)
    #expect(policy(gate: 11).planProblems() == ["the gate 11.0 must be a score within 0–10"])
    #expect(policy(cap: 0).planProblems() == ["the cap 0.0 must be a multiple of the performance share above 0 (1 = the whole share), at most 10"])
    #expect(policy(curve: .steps([(8, 0.5), (6, 1.0)])).planProblems() == ["the pay-curve step scores must increase"])
    #expect(policy(curve: .steps([(6, 1.0), (8, 0.5)])).planProblems() == ["the pay curve must not fall: a higher score cannot pay less"])
    #expect(policy(curve: .steps([])).planProblems() == ["the pay curve has no steps; give at least one {score, pay} or use curve: linear"])
    #expect(policy(gate: 8, cap: 0.5).planProblems() == ["the cap 0.5 is reached at the gate 8.0 already, so every score past the gate pays the same"])
  }
}

@Suite("sensitivity: band limits, leave-one-out ρ, importance × performance")
struct SensitivityTests {
  @Test("at each reported limit no band has changed, and within 1e-5 past it one has")
  func limits() {
    var rng = SeededGenerator(seed: 5)
    let entities = 30, periods = 6
    var columns = [[Double]](repeating: [], count: 3), codes: [Int] = [], outcome: [Double] = []
    for e in 0..<entities {
      let level = (0..<3).map { _ in rng.openUniform() * 10 }
      for _ in 0..<periods {
        for j in 0..<3 { columns[j].append(min(10, max(0, level[j] + rng.normal()))) }
        codes.append(e)
        outcome.append(columns[0].last! + 0.5 * columns[1].last! + rng.normal())
      }
    }
    let points = columns.map { $0.map { ($0 * 10).rounded() / 10 } }
    let weights = [0.5, 0.3, 0.2]
    let s = Sensitivity.compute(
      indicators: ["a", "b", "c"], weights: weights, points: points, entityCodes: codes, entityCount: entities, outcome: outcome, outcomeDirection: .higherIsBetter,
      latestRows: Array(stride(from: periods - 1, to: codes.count, by: periods)))
    func bands(_ j: Int, _ v: Double) -> [Int] {
      let w = weights.indices.map { $0 == j ? v : weights[$0] * (1 - v) / (1 - weights[j]) }
      return Backtest.bands(WeightSetComparison.entityMeans(Scoring.scores(points: points, weights: w), codes: codes, count: entities))
    }
    var checked = 0
    for (j, row) in s.rows.enumerated() {
      let base = bands(j, weights[j])
      #expect(row.bandInterval.low <= weights[j] && weights[j] <= row.bandInterval.high)
      for limit in [row.bandInterval.low, row.bandInterval.high] {
        #expect(bands(j, limit) == base, "\(row.indicator) at \(limit)")
        guard limit > 0 && limit < 1 else { continue }
        let outward = limit < weights[j] ? -1.0 : 1.0
        let past = (1...10).map { limit + outward * Double($0) * 1e-6 }
        #expect(past.contains { bands(j, $0) != base }, "\(row.indicator): no band moves just past \(limit)")
        checked += 1
      }
    }
    #expect(checked >= 2)
    // Leaving out the indicator the outcome follows most costs the most ρ.
    #expect(s.rows[0].leaveOutSpearman < s.rows[2].leaveOutSpearman && s.rows[0].leaveOutSpearman < s.spearman)
    // Quadrants: a (50%) and b (30%) are at or above 1/3 only for a; points decide low or high.
    #expect(s.rows[0].quadrant == .fixFirst || s.rows[0].quadrant == .keepUp)
    #expect(s.rows[2].quadrant == .watch || s.rows[2].quadrant == .maintain)
  }
}
