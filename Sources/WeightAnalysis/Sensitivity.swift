import Foundation

/// How far each weight can move before anyone's pay band changes, what each indicator adds to
/// the score's tracking of the outcome, and where performance lags importance — the questions of a
/// negotiation with a team lead.
///
/// Moving indicator j's weight to `v` rescales the others proportionally:
/// ```
/// w'ⱼ = v,   w'ₖ = wₖ (1 − v)/(1 − wⱼ)   (k ≠ j)
/// ```
/// Every evaluation scores the rows as `score` does (``Scoring/scores(points:weights:)``, rounded to
/// 0.01), averages them per entity and ranks the entities into the top 20% / middle / bottom 20%
/// bands (``Backtest/bands(_:)``). The limits are found by scanning v outward from wⱼ in steps of
/// 0.005 to the first change, then bisecting that step to 1e-5: the interval is the largest one
/// around wⱼ on which nothing changes (a limit of 0 or 1 means no change up to there).
public struct Sensitivity: Sendable {
  public struct Row: Sendable {
    public let indicator: String
    public let weight: Double
    /// The weight interval on which no entity changes band.
    public let bandInterval: (low: Double, high: Double)
    /// The interval on which the five best and the five worst entities stay the same.
    public let extremesInterval: (low: Double, high: Double)
    /// Spearman ρ of the score with the better outcome without this indicator (others rescaled).
    public let leaveOutSpearman: Double
    /// The same out of sample (rolling-origin mean), when the history has periods.
    public var leaveOutOfSampleSpearman: Double? = nil
    /// Mean points of the entities in the latest period.
    public let currentPoints: Double
    public let quadrant: Quadrant
  }

  /// Importance × performance: a weight at or above the equal share 1/k is high; mean points in
  /// the latest period below the average over the indicators are low.
  public enum Quadrant: String, Sendable {
    case fixFirst = "fix-first"
    case keepUp = "keep-up"
    case watch = "watch"
    case maintain = "maintain"

    public var english: String {
      switch self {
      case .fixFirst: return "high weight, low current points: fix first"
      case .keepUp: return "high weight, high points: keep it up"
      case .watch: return "low weight, low points: watch"
      case .maintain: return "low weight, high points: maintain"
      }
    }
    public var chinese: String {
      switch self {
      case .fixFirst: return "权重高、得分低：优先改进"
      case .keepUp: return "权重高、得分高：保持"
      case .watch: return "权重低、得分低：关注"
      case .maintain: return "权重低、得分高：维持"
      }
    }
  }

  public private(set) var rows: [Row]

  /// Records indicator j's out-of-sample leave-one-out ρ.
  public mutating func setLeaveOutOfSample(_ j: Int, _ rho: Double) { rows[j].leaveOutOfSampleSpearman = rho }

  /// Spearman ρ of the full score (the reference for the leave-one-out column).
  public let spearman: Double
  public let entities: Int

  /// - Parameters:
  ///   - points: every row's points per indicator under the config's rules (indicator by row).
  ///   - entityCodes: each row's entity (codes into `entityCount` entities).
  ///   - latestRows: the rows of the latest period.
  public static func compute(
    indicators: [String], weights: [Double], points: [[Double]], entityCodes: [Int], entityCount: Int, outcome: [Double], outcomeDirection: Direction,
    latestRows: [Int]
  ) -> Sensitivity {
    let k = indicators.count
    func moved(_ j: Int, _ v: Double) -> [Double] {
      let rest = 1 - weights[j]
      return weights.indices.map { m in m == j ? v : (rest > 0 ? weights[m] * (1 - v) / rest : (1 - v) / Double(k - 1)) }
    }
    func means(_ w: [Double]) -> [Double] {
      WeightSetComparison.entityMeans(Scoring.scores(points: points, weights: w), codes: entityCodes, count: entityCount)
    }
    func extremes(_ m: [Double]) -> [Int] {
      let order = m.indices.sorted { m[$0] > m[$1] || (m[$0] == m[$1] && $0 < $1) }
      let five = min(5, order.count / 2)
      return Array(order.prefix(five)).sorted() + [-1] + Array(order.suffix(five)).sorted()
    }
    let base = means(weights)
    let baseBands = Backtest.bands(base), baseExtremes = extremes(base)
    let oriented = outcome.map { $0 * outcomeDirection.sign }
    let full = Backtest.spearman(Scoring.scores(points: points, weights: weights), oriented)
    let latestPoints = indicators.indices.map { j in latestRows.isEmpty ? .nan : latestRows.reduce(0.0) { $0 + points[j][$1] } / Double(latestRows.count) }
    let averagePoints = latestPoints.reduce(0, +) / Double(max(k, 1))
    let rows = indicators.indices.map { j -> Row in
      let bandsSame = { (v: Double) in Backtest.bands(means(moved(j, v))) == baseBands }
      let extremesSame = { (v: Double) in extremes(means(moved(j, v))) == baseExtremes }
      let dropped = moved(j, 0)
      let high = weights[j] >= 1 / Double(k) - 1e-12, low = latestPoints[j] < averagePoints
      return Row(
        indicator: indicators[j], weight: weights[j], bandInterval: interval(around: weights[j], unchanged: bandsSame),
        extremesInterval: interval(around: weights[j], unchanged: extremesSame),
        leaveOutSpearman: Backtest.spearman(Scoring.scores(points: points, weights: dropped), oriented), currentPoints: latestPoints[j],
        quadrant: high ? (low ? .fixFirst : .keepUp) : (low ? .watch : .maintain))
    }
    return Sensitivity(rows: rows, spearman: full, entities: entityCount)
  }

  /// The largest interval around `w` within [0, 1] on which `unchanged` holds: a scan in steps of
  /// 0.005 to the first change each way, then bisection of that step to 1e-5.
  static func interval(around w: Double, unchanged: (Double) -> Bool) -> (low: Double, high: Double) {
    func edge(_ direction: Double) -> Double {
      var inside = w
      while true {
        let next = direction > 0 ? min(1, inside + 0.005) : max(0, inside - 0.005)
        if next == inside { return inside }
        if !unchanged(next) {
          var (a, b) = (inside, next)
          while abs(b - a) > 1e-5 {
            let mid = (a + b) / 2
            if unchanged(mid) { a = mid } else { b = mid }
          }
          return a
        }
        inside = next
      }
    }
    return (edge(-1), edge(1))
  }
}
