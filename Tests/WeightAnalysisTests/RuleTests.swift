import Foundation
import Testing
import TestSupport
@testable import WeightAnalysis

/// The rules the workflows call by name, each tested here once.
@Suite("Named rules: bounds, linked floors, feasibility, confidences, comparison, applicability, statistics")
struct RuleTests {
  static let retention = Preset(
    id: "retention", chineseName: "客户留存", englishName: "Retention", rationale: "", source: "",
    targets: ["a": 0.5, "b": 0.3, "c": 0.2], lower: ["a": 0.1], upper: ["a": 0.6], lowerWhenLinked: ["b": 0.35], defaultBlend: 0.7)

  static func weight(_ id: String, _ w: Double, expected: Bool = true, interval: (Double, Double)? = nil) -> IndicatorWeight {
    IndicatorWeight(
      indicator: id, weight: w, score: w, standardizedCoefficient: 0.1, direction: .higherIsBetter, directionInferred: false, hasExpectedSign: expected,
      interval: interval.map { (low: $0.0, high: $0.1) })
  }

  @Test("linked: expected sign and p < 0.05, both required")
  func linked() {
    let weights = [Self.weight("a", 0.5), Self.weight("b", 0.3), Self.weight("c", 0.2, expected: false)]
    #expect(Preset.linkedIndicators(weights: weights, pValues: [0.01, 0.05, 0.001]) == ["a"])
    #expect(Preset.linkedIndicators(weights: weights, pValues: [nil, 0.049, 0.001]) == ["b"])
  }

  @Test("bounds: min/max from the preset, the conditional floor only when linked, [0, 1] otherwise")
  func bounds() {
    let unlinked = Self.retention.bounds(for: ["a", "b", "c", "d"], linked: [], outcome: "churn_pct")
    #expect(unlinked.lower == [0.1, 0, 0, 0] && unlinked.upper == [0.6, 1, 1, 1])
    #expect(unlinked.origins.map { $0?.english } == ["retention", nil, nil, nil])
    #expect(unlinked.unappliedFloors.map(\.indicator) == ["b"] && unlinked.unappliedFloors.map(\.floor) == [0.35])
    let linked = Self.retention.bounds(for: ["a", "b", "c"], linked: ["b"], outcome: "churn_pct")
    #expect(linked.lower == [0.1, 0.35, 0])
    #expect(linked.origins[1]?.english == "retention, because the history links 'b' to 'churn_pct'")
    #expect(linked.unappliedFloors.isEmpty)
    let plain = Self.retention.bounds(for: ["a", "b", "c"], linked: ["b"], outcome: "churn_pct", conditional: false)
    #expect(plain.lower == [0.1, 0, 0])
  }

  @Test("feasibility: one check, one message for floors above 100% and ceilings below")
  func feasibility() throws {
    try Recommendation.requireFeasible(indicators: ["a", "b"], lower: [0.5, 0.5], upper: [1, 1])
    #expect(throws: AnalysisError.infeasibleBounds("the floors add up to 110% (a ≥ 60%, b ≥ 50%), more than 100%; lower some of them")) {
      try Recommendation.requireFeasible(indicators: ["a", "b"], lower: [0.6, 0.5], upper: [1, 1])
    }
    #expect(throws: AnalysisError.infeasibleBounds("the ceilings add up to 70%, less than 100%; raise some of them")) {
      try Recommendation.requireFeasible(indicators: ["a", "b"], lower: [0, 0], upper: [0.3, 0.4])
    }
  }

  @Test("confidences: α without an interval, α/(1 + u²) with one, 1 − α for the preset, 0.25 for AHP and objective")
  func confidences() {
    #expect(SourceConfidence.fit(alpha: 0.7, weight: 0.3, interval: nil) == 0.7)
    // u = (0.4 − 0.2) / (2·0.3) = 1/3 → 0.7 / (1 + 1/9)
    #expect(relativeError(SourceConfidence.fit(alpha: 0.7, weight: 0.3, interval: (0.2, 0.4)), 0.7 / (1 + 1.0 / 9)) < 1e-15)
    // A zero weight is floored at 0.01 in u.
    #expect(relativeError(SourceConfidence.fit(alpha: 0.5, weight: 0, interval: (0, 0.02)), 0.25) < 1e-15)
    #expect(SourceConfidence.preset(alpha: 0.7) == 1 - 0.7)
    #expect(SourceConfidence.ahpShare == 0.25 && SourceConfidence.objectiveShare == 0.25)
  }

  @Test("applicability: logistic fits take dominance, relative weights and standardized; collinear and no-intercept fits only standardized")
  func applicability() throws {
    for method in ImportanceMethod.allCases where method != .standardized {
      if method == .dominance {
        try method.requireApplicable(outcome: "churned", logistic: true, includeIntercept: true)
        #expect(throws: AnalysisError.self) { try method.requireApplicable(outcome: "churned", logistic: true, includeIntercept: false) }
      } else if method == .relativeWeights {
        try method.requireApplicable(outcome: "churned", logistic: true, includeIntercept: true)
      } else {
        #expect(throws: AnalysisError.self) { try method.requireApplicable(outcome: "churned", logistic: true, includeIntercept: true) }
      }
      #expect(throws: AnalysisError.self) { try method.requireApplicable(outcome: "y", logistic: false, includeIntercept: true, rank: 2, parameters: 3) }
      #expect(throws: AnalysisError.self) { try method.requireApplicable(outcome: "y", logistic: false, includeIntercept: false) }
      try method.requireApplicable(outcome: "y", logistic: false, includeIntercept: true, rank: 3, parameters: 3)
    }
    try ImportanceMethod.standardized.requireApplicable(outcome: "churned", logistic: true, includeIntercept: false, rank: 1, parameters: 3)
    // The defaults always apply.
    for (logistic, centred, collinear) in [(true, true, false), (true, false, false), (false, true, false), (false, false, false), (false, true, true)] {
      let method = ImportanceMethod.defaultChoice(logistic: logistic, centred: centred, collinear: collinear).method
      try method.requireApplicable(outcome: "y", logistic: logistic, includeIntercept: centred, rank: collinear ? 2 : 3, parameters: 3)
    }
  }

  @Test("ranking warnings: failed replicates, intervals wider than the weight, neighbours whose difference interval contains 0")
  func rankingWarnings() {
    var result = BootstrapResult(low: [0.4, 0.1, 0.0], high: [0.6, 0.45, 0.3], completed: 98, failed: 2, units: 40, resamplesGroups: true)
    // a − b is clearly positive although the intervals of a and b overlap; b − c straddles 0.
    result.differences = [.init(a: 0, b: 1, low: 0.02, high: 0.4), .init(a: 0, b: 2, low: 0.1, high: 0.5), .init(a: 1, b: 2, low: -0.05, high: 0.3)]
    let weights = result.attach(to: [Self.weight("a", 0.5), Self.weight("b", 0.3), Self.weight("c", 0.2)])
    #expect(weights.map { $0.interval!.low } == [0.4, 0.1, 0.0])
    #expect(
      result.rankingWarnings(weights).map(\.english) == [
        "2 of 100 bootstrap replicates could not be computed (a resample made an indicator constant or collinear); the intervals use the other 98.",
        "The bootstrap interval is wider than the weight itself for 'b', 'c': the data cannot support ranking these indicators.",
        "The data cannot support this ranking: the bootstrap interval of the difference contains 0 for 'b' and 'c' (difference -5%…30%), so the history does not establish which of each pair matters more.",
      ])
  }

  @Test("comparison: ρ and R² of each set's score, τ and band moves against the first set, pay spread")
  func comparison() {
    // Four entities × 5 periods; x1 tracks the outcome, x2 is reversed.
    var x1: [Double] = [], x2: [Double] = [], outcome: [Double] = [], codes: [Int] = []
    for e in 0..<4 {
      for t in 0..<5 {
        let v = Double(e * 5 + t)
        x1.append(v)
        x2.append(-v)
        outcome.append(v * 2 + 1)
        codes.append(e)
      }
    }
    let points = Scoring.points(columns: [x1, x2], periodCodes: nil, rules: [.minMax, .minMax], directions: [.higherIsBetter, .higherIsBetter])
    let results = WeightSetComparison.evaluate(
      sets: [("x1", [1, 0]), ("x2", [0, 1])], points: points, outcome: outcome,
      outcomeDirection: .higherIsBetter, entities: (codes, ["A", "B", "C", "D"]), replicates: 50, seed: 1, payPolicy: WeightConfig.PayPolicy())
    #expect(abs(results[0].spearman - 1) < 1e-12 && abs(results[1].spearman + 1) < 1e-12)
    // Scores are rounded to 0.01 as `score` rounds them, so R² is 1 only to about 1e-6.
    #expect(abs(results[0].rSquared - 1) < 1e-5 && abs(results[1].rSquared - 1) < 1e-5)
    #expect(results[0].kendallTau == 1 && results[0].movedBetweenBands == 0)
    #expect(abs(results[1].kendallTau! + 1) < 1e-12)
    #expect(results[1].movers == [.init(entity: "A", from: "bottom", to: "top"), .init(entity: "D", from: "top", to: "bottom")])
    // Score of x1 is 10·(v/19) rounded to 0.01: pay = 0.3·score/10, so p90 of pay = 0.3·Q(0.9) of those.
    let share = (0..<20).map { 0.3 * (1000 * Double($0) / 19).rounded() / 1000 }
    #expect(relativeError(results[0].payP90, Statistics.quantile(sorted: share, 0.9)) < 1e-12)
    #expect(results[0].entityMeans.count == 4)
    let interval = try? #require(results[0].spearmanInterval)
    #expect(interval.map { $0.0 <= 1 && $0.1 <= 1 + 1e-12 } == true)
  }

  @Test("quantile (type 7), box summary, simple regression and dense codes")
  func statistics() {
    #expect(Statistics.quantile(sorted: [1, 2, 3, 4], 0.25) == 1.75)
    #expect(Statistics.quantile(sorted: [], 0.5).isNaN)
    let box = Statistics.boxSummary([4, 1, 3, 2, 5])
    #expect(box == Statistics.BoxSummary(minimum: 1, p10: 1.4, q1: 2, median: 3, q3: 4, p90: 4.6, maximum: 5))
    let line = Statistics.simpleRegression([1, 2, 3], [3, 5, 7])
    #expect(line?.intercept == 1 && line?.slope == 2)
    #expect(Statistics.simpleRegression([2, 2], [1, 3]) == nil)
    let (codes, levels) = Statistics.denseCodes(["b", "a", "b", "c"])
    #expect(codes == [0, 1, 0, 2] && levels == ["b", "a", "c"])
  }
}

@Suite("bootstrap intervals of differences and ranks")
struct BootstrapDifferenceTests {
  @Test("difference and rank intervals are the percentiles of the replicates' own differences and ranks (draws replayed independently)")
  func replayed() throws {
    let n = 30
    let base = (0..<n).map { Double(($0 * 7) % 13) }
    // A replicate's "weights": three statistics of the drawn rows.
    @Sendable func weights(_ m: [Int]) -> [Double] {
      var total = 0.0, first = 0.0, count = 0.0
      for i in 0..<n where m[i] > 0 {
        total += Double(m[i]) * base[i]
        count += Double(m[i])
        if i < 10 { first += Double(m[i]) * base[i] }
      }
      let mean = total / count
      return [mean, first / count, mean / 2 + Double(m[0])]
    }
    let options = BootstrapOptions(replicates: 200, seed: 99)
    let result = try Bootstrap.run(rows: n, width: 3, options: options, progress: nil) { weights($0) }
    // The same draws, replayed here: replicate b draws n rows with its own stream.
    var samples: [[Double]] = []
    for b in 0..<200 {
      var random = SplitMix64.stream(seed: 99, index: b)
      var m = [Int](repeating: 0, count: n)
      for _ in 0..<n { m[random.below(n)] += 1 }
      samples.append(weights(m))
    }
    func percentile(_ values: [Double], _ q: Double) -> Double {
      let sorted = values.sorted(), position = q * Double(sorted.count - 1)
      let lower = Int(position.rounded(.down)), fraction = position - Double(lower)
      return lower + 1 < sorted.count ? sorted[lower] + fraction * (sorted[lower + 1] - sorted[lower]) : sorted[lower]
    }
    for (a, b) in [(0, 1), (0, 2), (1, 2)] {
      let d = try #require(result.difference(a, b))
      let differences = samples.map { $0[a] - $0[b] }
      #expect(abs(d.low - percentile(differences, 0.025)) < 1e-12 && abs(d.high - percentile(differences, 0.975)) < 1e-12)
    }
    let ranks = samples.map { Backtest.ranks($0.map { -$0 }) }
    for j in 0..<3 {
      #expect(abs(result.rankLow[j] - percentile(ranks.map { $0[j] }, 0.025)) < 1e-12)
      #expect(abs(result.rankHigh[j] - percentile(ranks.map { $0[j] }, 0.975)) < 1e-12)
    }
  }

  @Test("the random-noise reference flags an indicator that is itself noise, and not a real driver")
  func noiseReference() throws {
    var rng = SeededGenerator(seed: 5)
    let n = 400
    let driver = (0..<n).map { _ in rng.normal() }, unrelated = (0..<n).map { _ in rng.normal() }
    let y = driver.map { 0.8 * $0 + rng.normal() }
    let result = try Bootstrap.noiseReference(
      response: y, columns: [driver, unrelated], indicators: ["driver", "unrelated"], method: .lmg, options: BootstrapOptions(replicates: 300, seed: 3))
    #expect(result.low[0] > 0.1)
    #expect(result.low[1] <= 0 && result.high[1] > 0)
  }
}
