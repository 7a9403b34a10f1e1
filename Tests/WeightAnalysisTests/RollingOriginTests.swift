import Foundation
import Testing
import TestSupport
import WeightAnalysis

@Suite("rolling-origin backtest")
struct RollingOriginTests {
  /// Four periods of four rows; the outcome follows x except for one swap in the last period.
  static let periods = ["2024-01", "2024-02", "2024-03", "2024-04"].flatMap { Array(repeating: $0, count: 4) }
  static let x: [Double] = [1, 2, 3, 4, 2, 3, 4, 5, 3, 4, 5, 6, 4, 5, 6, 7]
  static let outcome: [Double] = [1, 2, 3, 4, 2, 3, 4, 5, 3, 4, 5, 6, 4, 5, 7, 6]

  @Test("origins start in the middle, train on earlier periods only, and score each period against its own outcome")
  func origins() throws {
    var seen: [[Int]] = []
    let result = try #require(
      Backtest.rollingOrigin(periods: Self.periods, columns: [Self.x], directions: [.higherIsBetter], outcome: Self.outcome, outcomeDirection: .higherIsBetter) { t, ranks in
        seen.append(ranks.map { $0 < t ? 1 : 0 })
        return [1]
      })
    #expect(result.origins.map(\.period) == ["2024-03", "2024-04"])
    #expect(result.origins.map(\.trainingRows) == [8, 12] && result.origins.map(\.scoredRows) == [4, 4])
    #expect(seen == [Array(repeating: 1, count: 8) + Array(repeating: 0, count: 8), Array(repeating: 1, count: 12) + Array(repeating: 0, count: 4)])
    // 2024-03 ranks agree exactly; 2024-04 has one adjacent swap: ρ = 1 − 6·2/(4·15) = 0.8.
    #expect(result.origins.map(\.spearman) == [1, 0.8])
    #expect(abs(result.mean - 0.9) < 1e-15 && result.worst?.period == "2024-04")
  }

  @Test("an origin whose weights cannot be fitted is counted, not scored; lower-is-better outcomes are oriented")
  func failuresAndOrientation() throws {
    struct Unfit: Error {}
    let result = try #require(
      Backtest.rollingOrigin(periods: Self.periods, columns: [Self.x], directions: [.lowerIsBetter], outcome: Self.outcome, outcomeDirection: .lowerIsBetter) { t, ranks in
        if ranks.filter({ $0 < t }).count == 8 { throw Unfit() }
        return [1]
      })
    #expect(result.failed == 1 && result.origins.map(\.period) == ["2024-04"])
    #expect(result.origins[0].spearman == 0.8)
    #expect(Backtest.rollingOrigin(periods: ["a", "a", "b"], columns: [[1, 2, 3]], directions: [.higherIsBetter], outcome: [1, 2, 3], outcomeDirection: .higherIsBetter) { _, _ in [1] } == nil)
  }
}

@Suite("ranks")
struct RankTests {
  @Test(
    "ranks agree with a plain comparison sort: ties averaged, negatives, −0 and +0 together, a heavy tail (bucketed above 65,536 values)",
    arguments: [20_000, 200_000])
  func matchesComparisonSort(count: Int) {
    var rng = SeededGenerator(seed: 42)
    let values = (0..<count).map { k -> Double in
      switch k % 7 {
      case 0: return -0.0
      case 1: return 0.0
      case 2: return Double(Int(rng.next() % 50)) - 25
      case 3: return exp(rng.openUniform() * 40)
      default: return (rng.openUniform() - 0.5) * 1e6
      }
    }
    let ranked = Backtest.ranks(values)
    // Reference: average ranks from a plain comparison sort.
    let order = values.indices.sorted { values[$0] < values[$1] }
    var expected = [Double](repeating: 0, count: values.count)
    var k = 0
    while k < order.count {
      var end = k
      while end + 1 < order.count && values[order[end + 1]] == values[order[k]] { end += 1 }
      for m in k...end { expected[order[m]] = Double(k + end) / 2 + 1 }
      k = end + 1
    }
    #expect(ranked == expected)
  }

  @Test("Spearman from ranks known already equals the direct one, for either outcome direction", arguments: [Direction.higherIsBetter, .lowerIsBetter])
  func knownRanks(direction: Direction) {
    var rng = SeededGenerator(seed: 3)
    let score = (0..<5_000).map { _ in rng.openUniform() }, outcome = (0..<5_000).map { k in Double(k % 97) + rng.openUniform() }
    let direct = Backtest.tracking(score: score, outcome: outcome, outcomeDirection: direction).spearman
    let known = Backtest.spearman(score: score, outcome: outcome, outcomeDirection: direction, outcomeRanks: Backtest.ranks(outcome))
    #expect(abs(direct - known) < 1e-14)
  }

  @Test("accumulated cross products equal the direct ones: plain, weighted, one-way and balanced two-way fixed effects", arguments: [0, 1, 2, 3])
  func accumulated(kind: Int) throws {
    var random = SplitMix64(seed: 7)
    let entities = 6, periods = 5, n = entities * periods
    let entity = (0..<n).map { $0 / periods }, period = (0..<n).map { $0 % periods }
    let columns = (0..<3).map { _ in (0..<n).map { _ in Double(random.next() % 1000) / 100 } }
    let weights: [Double]? = kind == 1 ? (0..<n).map { _ in Double(random.next() % 5 + 1) } : nil
    let team = Clustering(name: "team", codes: entity, count: entities), month = Clustering(name: "month", codes: period, count: periods)
    let effects: FixedEffects? = kind == 2 ? FixedEffects([team]) : (kind == 3 ? FixedEffects([team, month]) : nil)
    let rolling = try RollingCrossProducts(columns: columns, periodRanks: period, rowWeights: weights, fixedEffects: effects)
    for t in 2..<periods {
      let rows = (0..<n).filter { period[$0] < t }
      let result = rolling.crossProducts(before: t)
      let (cross, count) = try #require(result)
      #expect(count == rows.count)
      var subset = columns.map { c in rows.map { c[$0] } }
      let w = weights.map { w in rows.map { w[$0] } }
      if let effects { subset = try effects.restricted(to: rows).demean(subset, weights: w).columns }
      let direct = try CorrelationStructure(response: subset[2], columns: [subset[0], subset[1]], indicators: ["a", "b"], rowWeights: w)
      let accumulated = try CorrelationStructure(crossProducts: cross, indicators: ["a", "b"], observations: count)
      #expect(abs(direct.predictors[0, 1] - accumulated.predictors[0, 1]) < 1e-12)
      #expect(maxAbsDifference(direct.outcome, accumulated.outcome) < 1e-12)
    }
  }
}
