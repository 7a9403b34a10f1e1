/// How one weight set scores a history, next to the others (what `compare` reports per set).
public struct WeightSetEvaluation: Sendable {
  /// An entity changing performance band between the reference set and this one.
  public struct Move: Sendable, Equatable {
    public let entity: String
    public let from: String
    public let to: String
  }

  public let name: String
  public let weights: [Double]
  public let spearman: Double
  public let spearmanInterval: (Double, Double)?
  public let rSquared: Double
  public let rSquaredInterval: (Double, Double)?
  /// Against the first set, on entities' mean scores.
  public let kendallTau: Double?
  public let movedBetweenBands: Int?
  /// Performance pay as a share of salary, across unit-periods.
  public let payP10: Double
  public let payMedian: Double
  public let payP90: Double
  /// Every unit-period's score and each entity's mean score (for charts; not in the JSON).
  public let scores: [Double]
  public let entityMeans: [Double]
  /// Entities whose performance band differs from the first set's.
  public let movers: [Move]
}

/// The comparison statistics of several weight sets on one history.
///
/// For each set `w`: the score `sᵢ = Σⱼ wⱼ pᵢⱼ` that `score` computes from each row's points
/// under the scoring rules (``Scoring/scores(points:weights:)``),
/// Spearman ρ of `s` with the better outcome and R² of the outcome on `s`, each with a 95%
/// percentile interval from `replicates` row resamples (stream `k` of the seed for set `k`:
/// `seed + k·1 000 003`, so adding a set never changes another's interval); the entities' mean
/// scores, Kendall's τ-b of those means against the first set, the top/middle/bottom 20% bands
/// and who moves between them; and the p10/median/p90 of performance pay as a share of salary
/// under the pay plan (``WeightConfig/PayPolicy/performanceShareOfSalary(score:)``).
public enum WeightSetComparison {
  /// The band's name in reports.
  public static func bandName(_ band: Int) -> String { band == 2 ? "top" : (band == 0 ? "bottom" : "middle") }

  /// - Parameters:
  ///   - sets: names and weights (in the order of `points`).
  ///   - points: every row's points per indicator (``Scoring/points(columns:periodCodes:rules:directions:)``).
  ///   - entities: the entity code of every row and the entity labels, or `nil` for no rankings.
  /// - Complexity: O(sets · (replicates · n log n + entities²)).
  public static func evaluate(
    sets: [(name: String, weights: [Double])], points: [[Double]], outcome: [Double],
    outcomeDirection: Direction, entities: (codes: [Int], levels: [String])?, replicates: Int, seed: UInt64, payPolicy: WeightConfig.PayPolicy
  ) -> [WeightSetEvaluation] {
    var results: [WeightSetEvaluation] = []
    var firstMeans: [Double]? = nil
    var firstBands: [Int]? = nil
    for (k, set) in sets.enumerated() {
      let scores = Scoring.scores(points: points, weights: set.weights)
      let tracking = Backtest.tracking(score: scores, outcome: outcome, outcomeDirection: outcomeDirection)
      var spearmans: [Double] = [], rSquareds: [Double] = []
      for b in 0..<replicates {
        var random = SplitMix64.stream(seed: seed &+ UInt64(k) &* 1_000_003, index: b)
        let picks = (0..<scores.count).map { _ in random.below(scores.count) }
        let t = Backtest.tracking(score: picks.map { scores[$0] }, outcome: picks.map { outcome[$0] }, outcomeDirection: outcomeDirection)
        if t.spearman.isFinite { spearmans.append(t.spearman) }
        if t.rSquared.isFinite { rSquareds.append(t.rSquared) }
      }
      spearmans.sort()
      rSquareds.sort()
      var tau: Double? = nil, moved: Int? = nil
      var movers: [WeightSetEvaluation.Move] = []
      var means: [Double] = []
      if let entities {
        means = entityMeans(scores, codes: entities.codes, count: entities.levels.count)
        let bands = Backtest.bands(means)
        if let firstMeans, let firstBands {
          tau = Backtest.kendallTauB(firstMeans, means)
          moved = zip(firstBands, bands).filter { $0 != $1 }.count
          movers = entities.levels.indices.filter { firstBands[$0] != bands[$0] }.map {
            WeightSetEvaluation.Move(entity: entities.levels[$0], from: bandName(firstBands[$0]), to: bandName(bands[$0]))
          }
        } else {
          firstMeans = means
          firstBands = bands
          tau = 1
          moved = 0
        }
      }
      let pay = scores.map(payPolicy.performanceShareOfSalary(score:)).sorted()
      results.append(
        WeightSetEvaluation(
          name: set.name, weights: set.weights, spearman: tracking.spearman, spearmanInterval: interval(spearmans), rSquared: tracking.rSquared,
          rSquaredInterval: interval(rSquareds), kendallTau: tau, movedBetweenBands: moved,
          payP10: Statistics.quantile(sorted: pay, 0.1), payMedian: Statistics.quantile(sorted: pay, 0.5), payP90: Statistics.quantile(sorted: pay, 0.9),
          scores: scores, entityMeans: means, movers: movers))
    }
    return results
  }

  /// The mean score of each entity (0 for an entity without rows).
  public static func entityMeans(_ scores: [Double], codes: [Int], count: Int) -> [Double] {
    var sum = [Double](repeating: 0, count: count), rows = sum
    for (i, e) in codes.enumerated() {
      sum[e] += scores[i]
      rows[e] += 1
    }
    return zip(sum, rows).map { $0 / max($1, 1) }
  }

  /// The 95% percentile interval of sorted replicate values (needs two).
  static func interval(_ sorted: [Double]) -> (Double, Double)? {
    sorted.count >= 2 ? (Statistics.quantile(sorted: sorted, 0.025), Statistics.quantile(sorted: sorted, 0.975)) : nil
  }
}
