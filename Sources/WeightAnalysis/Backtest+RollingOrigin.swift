/// An out-of-sample check of a weighting rule over the periods of a history.
public struct RollingOriginBacktest: Sendable, Equatable {
  public struct Origin: Sendable, Equatable {
    /// The period scored (its label).
    public let period: String
    /// Rows the weights were fitted on (every earlier period) and rows scored.
    public let trainingRows: Int
    public let scoredRows: Int
    /// Spearman ρ between the period's scores and its outcome (oriented: higher is better).
    public let spearman: Double
  }

  public let origins: [Origin]
  /// Origins whose weights could not be fitted (too few rows, a constant column…).
  public let failed: Int

  public var mean: Double { origins.isEmpty ? .nan : origins.map(\.spearman).reduce(0, +) / Double(origins.count) }
  public var worst: Origin? { origins.min { $0.spearman < $1.spearman } }
}

extension Backtest {
  /// Rolling origin: for each period t from the middle of the history on, the weights are fitted
  /// on the periods before t only (`weights` receives each row's multiplicity: 1 for a training
  /// row, 0 otherwise), the rows of t are scored with them — each indicator's position taken
  /// within the training rows' range, so nothing from t leaks in — and Spearman's ρ of the scores
  /// against t's outcome (oriented) is recorded.
  ///
  /// The first origin is the period at index ⌊P/2⌋ (at least 2 training periods); a period with
  /// fewer than 3 rows, or constant scores or outcome, is not an origin.
  /// - Returns: `nil` with fewer than 3 periods.
  public static func rollingOrigin(
    periods labels: [String], columns: [[Double]], directions: [Direction], outcome: [Double], outcomeDirection: Direction,
    weights fit: ([Int]) throws -> [Double]
  ) -> RollingOriginBacktest? {
    let rank = Scoring.periodRanks(Set(labels))
    let order = rank.sorted { $0.value < $1.value }.map(\.key)
    guard order.count >= 3 else { return nil }
    let rowRank = labels.map { rank[$0]! }
    var origins: [RollingOriginBacktest.Origin] = []
    var failed = 0
    for t in max(2, order.count / 2)..<order.count {
      let multiplicity = rowRank.map { $0 < t ? 1 : 0 }
      let scored = rowRank.indices.filter { rowRank[$0] == t }
      guard scored.count >= 3 else { continue }
      guard let w = try? fit(multiplicity) else {
        failed += 1
        continue
      }
      let training = rowRank.indices.filter { rowRank[$0] < t }
      var score = [Double](repeating: 0, count: scored.count)
      for (j, column) in columns.enumerated() where w[j] != 0 {
        let values = training.map { column[$0] }
        guard let low = values.min(), let high = values.max(), high > low else { continue }
        for (k, row) in scored.enumerated() {
          let r = directions[j] == .higherIsBetter ? (column[row] - low) / (high - low) : (high - column[row]) / (high - low)
          score[k] += 10 * w[j] * r
        }
      }
      let rho = spearman(score, scored.map { outcome[$0] * outcomeDirection.sign })
      guard rho.isFinite else { continue }
      origins.append(.init(period: order[t], trainingRows: training.count, scoredRows: scored.count, spearman: rho))
    }
    return RollingOriginBacktest(origins: origins, failed: failed)
  }
}
