import Foundation
import LinearAlgebra
import Testing
import TestSupport

@testable import WeightAnalysis

@Suite("Combination of weight sources, backtest statistics")
struct RecommendationTests {
  /// KKT of min Σ Cⱼ(wⱼ − t̄ⱼ)² s.t. Σw = 1, lo ≤ w ≤ hi: gⱼ = 2Cⱼ(wⱼ − t̄ⱼ) is the same (−ν) for
  /// free weights, ≥ −ν at a floor, ≤ −ν at a ceiling; bounds and Σ = 1 hold exactly.
  @Test("random seeded combinations satisfy the bounds, Σw = 1 and the KKT conditions", arguments: 0..<40)
  func kkt(seed: Int) throws { try Self.checkKKT(seed: seed) }

  /// One random feasible combination problem (seeded), solved and checked against KKT; the
  /// property test (`PropertyTests`) runs it on 1,000 more seeds.
  static func checkKKT(seed: Int) throws {
    var random = SplitMix64.stream(seed: 2026, index: seed)
    func uniform() -> Double { Double(random.next() >> 11) / Double(1 << 53) }
    let n = 3 + random.below(8)
    let ids = (0..<n).map { "i\($0)" }
    var sources: [WeightSource] = []
    for s in 0..<(1 + random.below(3)) {
      var w: [String: Double] = [:], c: [String: Double] = [:]
      var raw = (0..<n).map { _ in uniform() }
      let total = raw.reduce(0, +)
      raw = raw.map { $0 / total }
      for (j, id) in ids.enumerated() where uniform() > 0.15 || s == 0 {
        w[id] = raw[j]
        c[id] = 0.05 + uniform()
      }
      sources.append(WeightSource(name: "s\(s)", weights: w, confidence: c))
    }
    var lower = (0..<n).map { _ in uniform() < 0.4 ? uniform() * 0.8 / Double(n) : 0 }
    var upper = (0..<n).map { _ in uniform() < 0.4 ? 1.2 / Double(n) + uniform() * 0.3 : 1 }
    for j in 0..<n where lower[j] > upper[j] { swap(&lower[j], &upper[j]) }
    if upper.reduce(0, +) < 1 { upper[0] = 1 }
    let (weights, solution) = try Recommendation.combine(indicators: ids, sources: sources, lower: lower, upper: upper, boundOrigins: Array(repeating: BoundOrigin(english: "test", chinese: "测试"), count: n))
    let w = weights.map(\.weight)
    #expect(abs(w.reduce(0, +) - 1) < 1e-12)
    for j in 0..<n { #expect(w[j] >= lower[j] - 1e-12 && w[j] <= upper[j] + 1e-12) }
    var c = [Double](repeating: 0, count: n)
    for (j, id) in ids.enumerated() {
      c[j] = sources.reduce(0.0) { $0 + ($1.weights[id] != nil ? ($1.confidence[id] ?? 0) : 0) }
      if c[j] == 0 { c[j] = 1e-3 }
    }
    let g = (0..<n).map { 2 * c[$0] * (w[$0] - weights[$0].blendedTarget) }
    let free = (0..<n).filter { solution.activeBounds[$0] == nil }
    let reference = free.first.map { g[$0] } ?? -solution.sumMultiplier
    let tolerance = 1e-8 * (1 + c.max()!)
    for j in free { #expect(abs(g[j] - reference) < tolerance) }
    for j in 0..<n where solution.activeBounds[j] == .lower { #expect(g[j] >= reference - tolerance) }
    for j in 0..<n where solution.activeBounds[j] == .upper { #expect(g[j] <= reference + tolerance) }
  }

  @Test("the article's cost and brand-image bounds hold; an impossible set of floors names them")
  func articleBounds() throws {
    let ids = ["satisfaction_pct", "response_hours", "cost_per_ticket"]
    // History says cost hardly matters; the cost-reduction preset says 30–40%.
    let fit = WeightSource(name: "fit", weights: ["satisfaction_pct": 0.6, "response_hours": 0.38, "cost_per_ticket": 0.02], confidence: ["satisfaction_pct": 0.9, "response_hours": 0.9, "cost_per_ticket": 0.9])
    let preset = WeightSource(name: "cost-reduction", weights: ["satisfaction_pct": 0.4, "response_hours": 0.25, "cost_per_ticket": 0.35], confidence: ["satisfaction_pct": 0.1, "response_hours": 0.1, "cost_per_ticket": 0.1])
    let (cost, _) = try Recommendation.combine(indicators: ids, sources: [fit, preset], lower: [0, 0, 0.30], upper: [1, 1, 0.40], boundOrigins: [nil, nil, BoundOrigin(english: "cost-reduction", chinese: "“降低成本”预设")])
    #expect(abs(cost[2].weight - 0.30) < 1e-12 && cost[2].activeBound == .lower)
    #expect(cost[2].reason.hasPrefix("raised to the 30% floor set by cost-reduction (sources blend to "))
    let (brand, _) = try Recommendation.combine(indicators: ids, sources: [fit, preset], lower: [0.40, 0, 0], upper: [1, 1, 1], boundOrigins: [BoundOrigin(english: "brand-image", chinese: "“提升品牌形象”预设"), nil, nil])
    #expect(brand[0].weight >= 0.40)
    #expect(throws: AnalysisError.infeasibleBounds("the lower bounds sum to 1.1, more than 1, so the weights cannot sum to 1; lower some minimums (satisfaction_pct ≥ 0.6, response_hours ≥ 0.5)")) {
      try Recommendation.combine(indicators: ids, sources: [fit], lower: [0.6, 0.5, 0], upper: [1, 1, 1], boundOrigins: [nil, nil, nil])
    }
  }

  @Test("SWOT items move targets by 5 pp per level, raising and lowering")
  func swot() {
    let analysis = SWOTAnalysis(items: [
      SWOTAnalysis.Item(kind: .strength, text: "高效的服务流程", raise: ["first_fix_pct"], lower: [], strength: 2),
      SWOTAnalysis.Item(kind: .threat, text: "competitors win on satisfaction", raise: ["satisfaction_pct"], lower: ["cost_per_ticket"], strength: 1),
    ])
    let (targets, changes) = analysis.adjust(["first_fix_pct": 0.1, "satisfaction_pct": 0.3, "cost_per_ticket": 0.02])
    #expect(abs(targets["first_fix_pct"]! - 0.2) < 1e-15)
    #expect(abs(targets["satisfaction_pct"]! - 0.35) < 1e-15)
    #expect(targets["cost_per_ticket"] == 0)
    #expect(changes["first_fix_pct"]?.map(\.english) == ["+10 pp (strength: 高效的服务流程)"])
    #expect(changes["first_fix_pct"]?.map(\.chinese) == ["+10 个百分点（优势：高效的服务流程）"])
  }

  @Test("Spearman, Kendall τ-b (with ties) and Pearson agree with scipy")
  func ranks() throws {
    let fixture = try loadJSON("rank_reference")
    let x = numbers(fixture["x"]), y = numbers(fixture["y"])
    #expect(abs(Backtest.spearman(x, y) - number(fixture["spearman"])) < 1e-13)
    #expect(abs(Backtest.kendallTauB(x, y) - number(fixture["kendallTauB"])) < 1e-13)
    #expect(abs(Backtest.pearson(x, y) - number(fixture["pearson"])) < 1e-13)
    #expect(Backtest.bands([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) == [0, 0, 1, 1, 1, 1, 1, 1, 2, 2])
    // Scores: the best row on every indicator scores 10, the worst 0.
    let scores = Backtest.scores(columns: [[1, 2, 3], [30, 20, 10]], directions: [.higherIsBetter, .lowerIsBetter], weights: [0.5, 0.5])
    #expect(scores == [0, 5, 10])
  }
}
