import LinearAlgebra

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
  /// on the periods before t only (`weights` receives t and each row's period rank: the training
  /// rows are those ranked below t), the rows of t are scored with them — each indicator's
  /// position taken within the training rows' range, so nothing from t leaks in — and Spearman's
  /// ρ of the scores against t's outcome (oriented) is recorded. Origins come in increasing t.
  ///
  /// The first origin is the period at index ⌊P/2⌋ (at least 2 training periods); a period with
  /// fewer than 3 rows, or constant scores or outcome, is not an origin.
  /// - Returns: `nil` with fewer than 3 periods.
  public static func rollingOrigin(
    periods labels: [String], columns: [[Double]], directions: [Direction], outcome: [Double], outcomeDirection: Direction,
    weights fit: (_ origin: Int, _ periodRanks: [Int]) throws -> [Double]
  ) -> RollingOriginBacktest? {
    let rank = Scoring.periodRanks(Set(labels))
    let order = rank.sorted { $0.value < $1.value }.map(\.key)
    guard order.count >= 3 else { return nil }
    let rowRank = labels.map { rank[$0]! }
    // Rows of each period, and each column's range within each period (one pass).
    let periods = order.count
    var rowsOf = [[Int]](repeating: [], count: periods)
    for (row, r) in rowRank.enumerated() { rowsOf[r].append(row) }
    var low = [[Double]](repeating: [Double](repeating: .infinity, count: periods), count: columns.count)
    var high = [[Double]](repeating: [Double](repeating: -.infinity, count: periods), count: columns.count)
    for (j, column) in columns.enumerated() {
      for (row, r) in rowRank.enumerated() {
        low[j][r] = min(low[j][r], column[row])
        high[j][r] = max(high[j][r], column[row])
      }
    }
    var origins: [RollingOriginBacktest.Origin] = []
    var failed = 0
    let first = max(2, periods / 2)
    var trainingLow = (0..<columns.count).map { j in low[j][0..<first].min()! }
    var trainingHigh = (0..<columns.count).map { j in high[j][0..<first].max()! }
    var trainingRows = rowsOf[0..<first].reduce(0) { $0 + $1.count }
    for t in first..<periods {
      defer {
        for j in columns.indices {
          trainingLow[j] = min(trainingLow[j], low[j][t])
          trainingHigh[j] = max(trainingHigh[j], high[j][t])
        }
        trainingRows += rowsOf[t].count
      }
      let scored = rowsOf[t]
      guard scored.count >= 3 else { continue }
      guard let w = try? fit(t, rowRank) else {
        failed += 1
        continue
      }
      var score = [Double](repeating: 0, count: scored.count)
      for (j, column) in columns.enumerated() where w[j] != 0 {
        let (lo, hi) = (trainingLow[j], trainingHigh[j])
        guard hi > lo else { continue }
        for (k, row) in scored.enumerated() {
          let r = directions[j] == .higherIsBetter ? (column[row] - lo) / (hi - lo) : (hi - column[row]) / (hi - lo)
          score[k] += 10 * w[j] * r
        }
      }
      let rho = spearman(score, scored.map { outcome[$0] * outcomeDirection.sign })
      guard rho.isFinite else { continue }
      origins.append(.init(period: order[t], trainingRows: trainingRows, scoredRows: scored.count, spearman: rho))
    }
    return RollingOriginBacktest(origins: origins, failed: failed)
  }
}

/// The cross products of `[X y]` over the periods before each origin of a rolling-origin
/// backtest, accumulated once instead of once per origin.
///
/// With `m = x − μ` (μ the full-sample weighted means, for accuracy), per period `p` the sums
/// `n_p = Σ w`, `s_p = Σ w m`, `S_p = Σ w m mᵀ` are taken in one pass; the training rows before
/// t then give `C = S − s sᵀ / n` (cumulative sums). With fixed effects the within cross products
/// follow from running per-level sums `s_l`, `n_l` over the training rows:
/// ```
/// one dimension:   W = S − Σ_l s_l s_lᵀ / n_l
/// two, balanced:   W = S − Σ_a s_a s_aᵀ / n_a − Σ_b s_b s_bᵀ / n_b + s sᵀ / n
/// ```
/// (the second needs every (a, b) pair of the training rows exactly once and no weights; other
/// patterns return `nil` and the caller re-estimates the fixed effects on the training rows).
/// Origins must be asked for in increasing order.
public struct RollingCrossProducts {
  let columns: [[Double]]
  let rowWeights: [Double]?
  let fixedEffects: FixedEffects?
  let rowsOf: [[Int]]
  let q: Int
  let means: [Double]
  var periodSums: [(n: Double, s: [Double], cross: Matrix)] = []
  var added = 0
  var levelSums: [[[Double]]]
  var levelCounts: [[Double]]
  let uniquePairs: Bool

  /// - Parameters:
  ///   - columns: the indicators, then the outcome.
  ///   - periodRanks: each row's period rank (as ``Backtest/rollingOrigin(periods:columns:directions:outcome:outcomeDirection:weights:)`` gives it).
  public init(columns: [[Double]], periodRanks: [Int], rowWeights: [Double]?, fixedEffects: FixedEffects?) throws {
    self.columns = columns
    self.rowWeights = rowWeights
    self.fixedEffects = fixedEffects
    q = columns.count
    let periods = (periodRanks.max() ?? -1) + 1
    var rowsOf = [[Int]](repeating: [], count: periods)
    for (row, r) in periodRanks.enumerated() { rowsOf[r].append(row) }
    self.rowsOf = rowsOf
    let total = rowWeights.map { Moments.sum($0) { $0 } } ?? Double(columns[0].count)
    means = columns.map { column in
      guard let rowWeights else { return Moments.sum(column) { $0 } / total }
      var sum = 0.0
      for (x, w) in zip(column, rowWeights) { sum += w * x }
      return sum / total
    }
    let q = self.q, means = self.means
    periodSums = try Parallel.map(periods) { p in
      let rows = rowsOf[p]
      var n = 0.0
      var s = [Double](repeating: 0, count: q)
      var block: [[Double]] = Array(repeating: [], count: q)
      for j in 0..<q { block[j].reserveCapacity(rows.count) }
      for row in rows {
        let w = rowWeights?[row] ?? 1
        n += w
        let root = w.squareRoot()
        for j in 0..<q {
          let m = columns[j][row] - means[j]
          s[j] += w * m
          block[j].append(root * m)
        }
      }
      return (n, s, rows.isEmpty ? Matrix(rows: q, columns: q) : try Matrix.crossProducts(block))
    }
    let dimensions = fixedEffects?.dimensions ?? []
    levelSums = dimensions.map { [[Double]](repeating: [Double](repeating: 0, count: q), count: $0.count) }
    levelCounts = dimensions.map { [Double](repeating: 0, count: $0.count) }
    if dimensions.count == 2 {
      var seen = Set<Int>()
      var unique = rowWeights == nil
      for (a, b) in zip(dimensions[0].codes, dimensions[1].codes) where unique {
        unique = seen.insert(a * dimensions[1].count + b).inserted
      }
      uniquePairs = unique
    } else {
      uniquePairs = true
    }
  }

  /// The (within) cross products of the rows before period `t`, or `nil` when no closed form applies.
  public mutating func crossProducts(before t: Int) -> (matrix: Matrix, observations: Int)? {
    let dimensions = fixedEffects?.dimensions ?? []
    while added < t {
      for row in rowsOf[added] {
        let w = rowWeights?[row] ?? 1
        for (d, dimension) in dimensions.enumerated() {
          let level = dimension.codes[row]
          levelCounts[d][level] += w
          for j in 0..<q { levelSums[d][level][j] += w * (columns[j][row] - means[j]) }
        }
      }
      added += 1
    }
    var n = 0.0
    var s = [Double](repeating: 0, count: q)
    var cross = Matrix(rows: q, columns: q)
    var rows = 0
    for p in 0..<t {
      n += periodSums[p].n
      rows += rowsOf[p].count
      for j in 0..<q { s[j] += periodSums[p].s[j] }
      cross = cross.adding(periodSums[p].cross)
    }
    func subtract(_ v: [Double], over count: Double, sign: Double = -1) {
      for a in 0..<q { for b in 0..<q { cross[a, b] += sign * v[a] * v[b] / count } }
    }
    switch dimensions.count {
    case 0:
      subtract(s, over: n)
    case 1:
      for (level, count) in levelCounts[0].enumerated() where count > 0 { subtract(levelSums[0][level], over: count) }
    default:
      let present = levelCounts.map { $0.filter { $0 > 0 } }
      let (a, b) = (Double(present[0].count), Double(present[1].count))
      guard uniquePairs, n == a * b, present[0].allSatisfy({ $0 == b }), present[1].allSatisfy({ $0 == a }) else { return nil }
      for d in 0..<2 {
        for (level, count) in levelCounts[d].enumerated() where count > 0 { subtract(levelSums[d][level], over: count) }
      }
      subtract(s, over: n, sign: 1)
    }
    return (cross, rows)
  }
}
