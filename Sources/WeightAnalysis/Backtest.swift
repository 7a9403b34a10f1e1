import Foundation
import LinearAlgebra

/// How a weight set would have scored the history, and how well that score tracks the outcome.
public enum Backtest {
  /// Composite score out of 10 of every row: `10 · Σⱼ wⱼ rᵢⱼ`, with `rᵢⱼ ∈ [0, 1]` the
  /// direction-aware min-max position of the row on indicator `j` within the history (1 = best
  /// observed). Weights must be in the order of `columns`.
  public static func scores(columns: [[Double]], directions: [Direction], weights: [Double]) -> [Double] {
    let n = columns.first?.count ?? 0
    var score = [Double](repeating: 0, count: n)
    for (j, column) in columns.enumerated() where weights[j] != 0 {
      let low = column.min() ?? 0, high = column.max() ?? 0
      let span = high - low
      guard span > 0 else { continue }
      for i in 0..<n {
        let r = directions[j] == .higherIsBetter ? (column[i] - low) / span : (high - column[i]) / span
        score[i] += 10 * weights[j] * r
      }
    }
    return score
  }

  /// Ranks 1…n with ties given their average rank.
  /// - Complexity: O(n log n): one sort of (value, row) pairs held side by side (no lookups into
  ///   `x` while sorting), then one pass over the runs of equal values.
  ///
  /// Large inputs are first distributed over about n/32 buckets by value, `⌊(v − min)·B/(max − min)⌋`
  /// (monotone, so bucket order is value order and equal values share a bucket), and each bucket
  /// is sorted on its own, in cache; a skewed distribution only makes some buckets larger.
  public static func ranks(_ x: [Double]) -> [Double] {
    var pairs: [(value: Double, row: Int)]
    if x.count >= 65_536, let low = x.min(), let high = x.max(), low.isFinite, high.isFinite, high > low {
      pairs = bucketSorted(x, low: low, high: high)
    } else {
      pairs = x.enumerated().map { (value: $0.element, row: $0.offset) }
      pairs.sort { $0.value < $1.value }
    }
    var result = [Double](repeating: 0, count: x.count)
    var k = 0
    while k < pairs.count {
      var end = k
      while end + 1 < pairs.count && pairs[end + 1].value == pairs[k].value { end += 1 }
      let rank = Double(k + end) / 2 + 1
      for m in k...end { result[pairs[m].row] = rank }
      k = end + 1
    }
    return result
  }

  /// `(value, row)` pairs in value order by one bucket pass and per-bucket sorts (see ``ranks(_:)``).
  static func bucketSorted(_ x: [Double], low: Double, high: Double) -> [(value: Double, row: Int)] {
    let buckets = max(1, x.count / 32)
    let scale = Double(buckets) / (high - low)
    func bucket(_ v: Double) -> Int { min(buckets - 1, Int((v - low) * scale)) }
    var starts = [Int](repeating: 0, count: buckets + 1)
    for v in x { starts[bucket(v) + 1] += 1 }
    for b in 0..<buckets { starts[b + 1] += starts[b] }
    var next = starts
    var pairs = [(value: Double, row: Int)](repeating: (0, 0), count: x.count)
    pairs.withUnsafeMutableBufferPointer { out in
      for (row, v) in x.enumerated() {
        let b = bucket(v)
        out[next[b]] = (v, row)
        next[b] += 1
      }
      for b in 0..<buckets where starts[b + 1] - starts[b] > 1 {
        let (first, end) = (starts[b], starts[b + 1])
        if end - first <= 64 {
          // Insertion sort: a bucket holds about 32 values.
          for i in (first + 1)..<end {
            let item = out[i]
            var j = i - 1
            while j >= first && out[j].value > item.value {
              out[j + 1] = out[j]
              j -= 1
            }
            out[j + 1] = item
          }
        } else {
          var slice = UnsafeMutableBufferPointer(rebasing: out[first..<end])
          slice.sort { $0.value < $1.value }
        }
      }
    }
    return pairs
  }

  public static func pearson(_ x: [Double], _ y: [Double]) -> Double {
    let n = Double(x.count)
    let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
    var sxy = 0.0, sxx = 0.0, syy = 0.0
    for i in x.indices {
      let dx = x[i] - mx, dy = y[i] - my
      sxy += dx * dy
      sxx += dx * dx
      syy += dy * dy
    }
    return sxx > 0 && syy > 0 ? sxy / (sxx * syy).squareRoot() : .nan
  }

  /// Spearman's ρ: Pearson correlation of the (average) ranks.
  public static func spearman(_ x: [Double], _ y: [Double]) -> Double {
    // Large inputs rank both sides at once, one per core.
    guard x.count >= 100_000, let both = try? Parallel.map(2, { $0 == 0 ? ranks(x) : ranks(y) }) else { return pearson(ranks(x), ranks(y)) }
    return pearson(both[0], both[1])
  }

  /// Kendall's τ-b (ties in either variable accounted for), `O(n²)`.
  public static func kendallTauB(_ x: [Double], _ y: [Double]) -> Double {
    var concordant = 0.0, discordant = 0.0, tiesX = 0.0, tiesY = 0.0
    for i in x.indices {
      for j in (i + 1)..<max(i + 1, x.count) {
        let dx = x[i] - x[j], dy = y[i] - y[j]
        if dx == 0 && dy == 0 { continue }
        if dx == 0 { tiesX += 1; continue }
        if dy == 0 { tiesY += 1; continue }
        if (dx > 0) == (dy > 0) { concordant += 1 } else { discordant += 1 }
      }
    }
    let denominator = ((concordant + discordant + tiesX) * (concordant + discordant + tiesY)).squareRoot()
    return denominator > 0 ? (concordant - discordant) / denominator : .nan
  }

  /// Spearman ρ between the score and the outcome oriented so that higher is better (positive:
  /// a better score goes with a better outcome), and R² of the outcome regressed on the score.
  public static func tracking(score: [Double], outcome: [Double], outcomeDirection: Direction) -> (spearman: Double, rSquared: Double) {
    let oriented = outcome.map { $0 * outcomeDirection.sign }
    let r = pearson(score, outcome)
    return (spearman(score, oriented), r * r)
  }

  /// Spearman's ρ of the score with the better outcome, from the outcome's ranks when they are
  /// known already (`rank(−y) = n + 1 − rank(y)` orients them).
  public static func spearman(score: [Double], outcome: [Double], outcomeDirection: Direction, outcomeRanks: [Double]?) -> Double {
    guard let outcomeRanks else { return tracking(score: score, outcome: outcome, outcomeDirection: outcomeDirection).spearman }
    let n = Double(outcome.count)
    return pearson(ranks(score), outcomeDirection == .higherIsBetter ? outcomeRanks : outcomeRanks.map { n + 1 - $0 })
  }

  /// Performance band of each entity by its mean score: 2 = top 20%, 0 = bottom 20%, 1 = middle.
  public static func bands(_ values: [Double]) -> [Int] {
    let r = ranks(values)
    let n = Double(values.count)
    return r.map { rank in
      let position = (rank - 0.5) / n
      return position >= 0.8 ? 2 : (position < 0.2 ? 0 : 1)
    }
  }
}
