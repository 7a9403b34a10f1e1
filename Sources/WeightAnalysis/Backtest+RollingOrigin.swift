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
  /// A `score` closure replaces that min-max score: it receives the training rows, the rows of t
  /// and the weights, and returns the scores of t's rows (scoring rules calibrated on the
  /// training rows, as `recommend` does).
  ///
  /// The first origin is the period at index ⌊P/2⌋ (at least 2 training periods); a period with
  /// fewer than 3 rows, or constant scores or outcome, is not an origin.
  /// - Returns: `nil` with fewer than 3 periods.
  public static func rollingOrigin(
    periods labels: [String], columns: [[Double]], directions: [Direction], outcome: [Double], outcomeDirection: Direction,
    weights fit: (_ origin: Int, _ periodRanks: [Int]) throws -> [Double]
  ) -> RollingOriginBacktest? {
    let (codes, levels) = Statistics.denseCodes(labels)
    return rollingOrigin(periodCodes: codes, labels: levels, columns: columns, directions: directions, outcome: outcome, outcomeDirection: outcomeDirection, weights: fit)
  }

  /// The same with each row's period as a code into `labels` (the distinct period labels; no
  /// string per row).
  public static func rollingOrigin(
    periodCodes: [Int], labels: [String], columns: [[Double]], directions: [Direction], outcome: [Double], outcomeDirection: Direction,
    weights fit: (_ origin: Int, _ periodRanks: [Int]) throws -> [Double],
    score scorer: ((_ training: [Int], _ scored: [Int], _ weights: [Double]) -> [Double])? = nil
  ) -> RollingOriginBacktest? {
    let rank = Scoring.periodRanks(Set(labels))
    let order = rank.sorted { $0.value < $1.value }.map(\.key)
    guard order.count >= 3 else { return nil }
    let rankOfCode = labels.map { rank[$0]! }
    let rowRank = periodCodes.map { rankOfCode[$0] }
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
      if let scorer {
        score = scorer(rowsOf[0..<t].flatMap { $0 }, scored, w)
      } else {
        for (j, column) in columns.enumerated() where w[j] != 0 {
          let (lo, hi) = (trainingLow[j], trainingHigh[j])
          guard hi > lo else { continue }
          for (k, row) in scored.enumerated() {
            let r = directions[j] == .higherIsBetter ? (column[row] - lo) / (hi - lo) : (hi - column[row]) / (hi - lo)
            score[k] += 10 * w[j] * r
          }
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
/// patterns give `nil` and the caller re-estimates the fixed effects on the training rows).
/// `Σ_l s_l s_lᵀ / n_l` is the Gram matrix of the rows `s_l / √n_l` (BLAS).
public struct RollingCrossProducts: Sendable {
  /// Index t: the cross products of periods `0..<t` and their row count (`nil`: no closed form).
  let before: [(matrix: Matrix, observations: Int)?]

  /// - Parameters:
  ///   - columns: the indicators, then the outcome.
  ///   - periodRanks: each row's period rank (as ``Backtest/rollingOrigin(periodCodes:labels:columns:directions:outcome:outcomeDirection:weights:)`` gives it).
  public init(columns: [[Double]], periodRanks: [Int], rowWeights: [Double]?, fixedEffects: FixedEffects?) throws {
    let q = columns.count
    let periods = (periodRanks.max() ?? -1) + 1
    var rowsOf = [[Int]](repeating: [], count: periods)
    for (row, r) in periodRanks.enumerated() { rowsOf[r].append(row) }
    let means = columns.map { Moments($0, weights: rowWeights).mean }
    let dimensions = fixedEffects?.dimensions ?? []
    var uniquePairs = true
    if dimensions.count == 2 {
      var seen = Set<Int>()
      uniquePairs = rowWeights == nil
      for (a, b) in zip(dimensions[0].codes, dimensions[1].codes) where uniquePairs {
        uniquePairs = seen.insert(a * dimensions[1].count + b).inserted
      }
    }
    // Per-level sums of the (at most two) dimensions, flat and level-major.
    let codes0 = dimensions.first?.codes ?? [], codes1 = dimensions.count > 1 ? dimensions[1].codes : []
    var sums0 = [Double](repeating: 0, count: (dimensions.first?.count ?? 0) * q)
    var sums1 = [Double](repeating: 0, count: (dimensions.count > 1 ? dimensions[1].count : 0) * q)
    var counts0 = [Double](repeating: 0, count: dimensions.first?.count ?? 0)
    var counts1 = [Double](repeating: 0, count: dimensions.count > 1 ? dimensions[1].count : 0)
    var n = 0.0, rows = 0
    var s = [Double](repeating: 0, count: q)
    var cross = Matrix(rows: q, columns: q)
    var before: [(matrix: Matrix, observations: Int)?] = [nil]
    var block = [Double]()
    for p in 0..<periods {
      // The period's centred rows, √w-scaled, column-major, for its Gram matrix.
      let members = rowsOf[p]
      let m = members.count
      block = [Double](repeating: 0, count: m * q)
      block.withUnsafeMutableBufferPointer { out in
        for j in 0..<q {
          let mean = means[j]
          columns[j].withUnsafeBufferPointer { column in
            if let rowWeights {
              for (k, row) in members.enumerated() { out[k + j * m] = (column[row] - mean) * rowWeights[row].squareRoot() }
            } else {
              for (k, row) in members.enumerated() { out[k + j * m] = column[row] - mean }
            }
          }
        }
      }
      if m > 0 { cross = cross.adding(try Matrix(rows: m, columns: q, columnMajor: block).gram()) }
      // Σ w m = √w · (√w m): the block holds √w m.
      block.withUnsafeBufferPointer { values in
        sums0.withUnsafeMutableBufferPointer { sums0 in
          sums1.withUnsafeMutableBufferPointer { sums1 in
            for (k, row) in members.enumerated() {
              let w = rowWeights?[row] ?? 1
              n += w
              let root = w.squareRoot()
              let base0 = codes0.isEmpty ? -1 : codes0[row] * q, base1 = codes1.isEmpty ? -1 : codes1[row] * q
              if base0 >= 0 { counts0[codes0[row]] += w }
              if base1 >= 0 { counts1[codes1[row]] += w }
              for j in 0..<q {
                let value = values[k + j * m] * root
                s[j] += value
                if base0 >= 0 { sums0[base0 + j] += value }
                if base1 >= 0 { sums1[base1 + j] += value }
              }
            }
          }
        }
      }
      rows += m
      let levelSums = dimensions.count == 2 ? [sums0, sums1] : (dimensions.count == 1 ? [sums0] : [])
      let levelCounts = dimensions.count == 2 ? [counts0, counts1] : (dimensions.count == 1 ? [counts0] : [])
      before.append(try Self.within(cross: cross, n: n, s: s, levelSums: levelSums, levelCounts: levelCounts, uniquePairs: uniquePairs).map { ($0, rows) })
    }
    self.before = before
  }

  static func within(cross: Matrix, n: Double, s: [Double], levelSums: [[Double]], levelCounts: [[Double]], uniquePairs: Bool) throws -> Matrix? {
    let q = s.count
    guard n > 0 else { return nil }
    func levelTerm(_ d: Int) throws -> Matrix {
      let present = levelCounts[d].indices.filter { levelCounts[d][$0] > 0 }
      var block = [Double](repeating: 0, count: present.count * q)
      for j in 0..<q { for (k, level) in present.enumerated() { block[k + j * present.count] = levelSums[d][level * q + j] / levelCounts[d][level].squareRoot() } }
      return try Matrix(rows: present.count, columns: q, columnMajor: block).gram()
    }
    var outer = Matrix(rows: q, columns: q)
    for a in 0..<q { for b in 0..<q { outer[a, b] = s[a] * s[b] / n } }
    switch levelSums.count {
    case 0:
      return cross.adding(outer.scaled(by: -1))
    case 1:
      return cross.adding(try levelTerm(0).scaled(by: -1))
    default:
      let present = levelCounts.map { $0.filter { $0 > 0 } }
      let (a, b) = (Double(present[0].count), Double(present[1].count))
      guard uniquePairs, n == a * b, present[0].allSatisfy({ $0 == b }), present[1].allSatisfy({ $0 == a }) else { return nil }
      return cross.adding(try levelTerm(0).scaled(by: -1)).adding(try levelTerm(1).scaled(by: -1)).adding(outer)
    }
  }

  /// The (within) cross products of the rows before period `t`, or `nil` when no closed form applies.
  public func crossProducts(before t: Int) -> (matrix: Matrix, observations: Int)? {
    t < before.count ? before[t] : nil
  }
}
