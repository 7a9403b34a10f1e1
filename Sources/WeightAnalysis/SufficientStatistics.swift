import Foundation
import LinearAlgebra

/// Everything a linear fit with an intercept needs from its rows, in `O(p²)` numbers however many
/// rows there were — what a streaming read, a database aggregate or a Spark job hands over.
///
/// With `s` a shift (one value per column, the first row's by default) and `z = [1, x − s_x, y − s_y]`
/// (`q = p + 2` columns), the statistics are the row count `n`, the QR factor `R` of the stacked
/// `zᵢᵀ` (so `Σ zᵢzᵢᵀ = RᵀR`) and, when clustered, each cluster's Gram matrix `Σ_{i∈g} zᵢzᵢᵀ`.
/// Shifting does not change slopes, residuals or any centred sum; it only keeps the sums of
/// squares near the data's spread, which is what makes cross products accurate.
///
/// Merging two sets of rows merges the factors (``TallSkinnyQR``) and adds the Gram matrices,
/// so per-partition statistics combine exactly.
public struct SufficientStatistics: Sendable, Equatable {
  public let outcome: String
  public let indicators: [String]
  public let observations: Int
  /// Subtracted from the indicators, then the outcome (`p + 1` values).
  public let shift: [Double]
  /// `R` of `[1, x − s_x, y − s_y]`, `(p + 2) × (p + 2)`, non-negative diagonal.
  public let triangle: Matrix
  public internal(set) var clusters: ClusterGrams?

  /// The same statistics, their clusters the errors' default or not (``ClusterGrams/byDefault``).
  public func clusters(byDefault: Bool) -> SufficientStatistics {
    var copy = self
    copy.clusters?.byDefault = byDefault
    return copy
  }

  public init(outcome: String, indicators: [String], observations: Int, shift: [Double], triangle: Matrix, clusters: ClusterGrams?) throws {
    let q = indicators.count + 2
    guard !indicators.isEmpty else { throw AnalysisError.noIndicators }
    guard shift.count == q - 1, triangle.rows == q, triangle.columns == q else {
      throw AnalysisError.numericalFailure(
        "the statistics of \(indicators.count) indicators need \(q - 1) shifts and a \(q)×\(q) triangle, got \(shift.count) and \(triangle.rows)×\(triangle.columns)")
    }
    if let clusters, clusters.grams.contains(where: { $0.rows != q || $0.columns != q }) {
      throw AnalysisError.numericalFailure("every cluster's Gram matrix must be \(q)×\(q)")
    }
    if let bad = triangle.firstNonFiniteElement() {
      throw AnalysisError.numericalFailure("the triangular factor has a non-finite value at row \(bad.row + 1), column \(bad.column + 1)")
    }
    if let j = shift.firstIndex(where: { !$0.isFinite }) {
      throw AnalysisError.numericalFailure("the shift of '\((indicators + [outcome])[j])' is not finite")
    }
    if let clusters {
      let total = clusters.counts.reduce(0) { $0 &+ $1 }
      guard total == observations, clusters.counts.allSatisfy({ $0 > 0 }) else {
        throw AnalysisError.numericalFailure("the clusters count \(total) rows and the statistics \(observations)")
      }
    }
    self.outcome = outcome
    self.indicators = indicators
    self.observations = observations
    self.shift = shift
    self.triangle = triangle
    self.clusters = clusters
  }

  /// `[x y]ᵀ_c [x y]_c` around the means, `(p + 1) × (p + 1)`: the trailing block of `RᵀR` once the
  /// first row of `R` (which holds the sums) is removed — no subtraction of large numbers.
  public var centredCrossProducts: Matrix {
    let q = indicators.count + 2, m = q - 1
    var c = Matrix(rows: m, columns: m)
    for a in 0..<m {
      for b in a..<m {
        var sum = 0.0
        for l in 1...(a + 1) { sum += triangle[l, a + 1] * triangle[l, b + 1] }
        c[a, b] = sum
        c[b, a] = sum
      }
    }
    return c
  }

  /// The means of the indicators, then the outcome: `sᵢ + R₀ᵢ/R₀₀` (`R₀₀ = √n`).
  public var means: [Double] {
    (0..<(indicators.count + 1)).map { shift[$0] + triangle[0, $0 + 1] / triangle[0, 0] }
  }

  /// The correlation structure every importance method starts from.
  public func correlationStructure() throws -> CorrelationStructure {
    try CorrelationStructure(outcomeName: outcome, crossProducts: centredCrossProducts, indicators: indicators, observations: observations, firstValues: shift)
  }
}

/// Per cluster (a team, say), the Gram matrix of its shifted rows `Σ_{i∈g} zᵢzᵢᵀ`.
public struct ClusterGrams: Sendable, Equatable {
  /// The column the clusters come from.
  public let column: String
  /// Cluster labels, each once, in the order of ``counts`` and ``grams``.
  public let labels: [String]
  public let counts: [Int]
  public let grams: [Matrix]
  /// Whether the fit clusters its errors by them unless told otherwise: the in-memory rule —
  /// clusters named by the user, or the entity of a panel (an entity and a period column). An
  /// entity without periods is kept (for `cluster` errors and the bootstrap) but not the default.
  public var byDefault: Bool

  public init(column: String, labels: [String], counts: [Int], grams: [Matrix], byDefault: Bool = true) {
    precondition(labels.count == counts.count && counts.count == grams.count, "one count and one Gram matrix per cluster")
    self.column = column
    self.labels = labels
    self.counts = counts
    self.grams = grams
    self.byDefault = byDefault
  }
}

/// Builds ``SufficientStatistics`` row by row (one per core; ``merge(_:)`` joins them).
public struct SufficientStatisticsAccumulator: Sendable {
  public let outcome: String
  public let indicators: [String]
  public let shift: [Double]
  public let clusterColumn: String?
  var qr: TallSkinnyQR
  /// ``blockRows`` rows of `z`, row-major; the first ``pendingRows`` are filled.
  var pending: [Double]
  var pendingRows = 0
  var clusterIndex = LabelTable()
  var clusterLabels: [String] = []
  var clusterCounts: [Int] = []
  /// Upper triangles, row-major `q × q`, one after another per cluster.
  var clusterGrams: [Double] = []
  /// The last row's cluster (histories come sorted by team: no hashing then).
  var lastCluster: String? = nil
  var lastClusterIndex = 0
  /// Rows per factorised block.
  static let blockRows = 4096

  /// - Parameter shift: subtracted from each row (indicators, then the outcome); the first
  ///   row's values are a good choice, and every accumulator that is merged must use the same.
  public init(outcome: String, indicators: [String], shift: [Double], clusterColumn: String?) {
    precondition(shift.count == indicators.count + 1, "one shift per indicator and the outcome")
    self.outcome = outcome
    self.indicators = indicators
    self.shift = shift
    self.clusterColumn = clusterColumn
    self.qr = TallSkinnyQR(columns: indicators.count + 2)
    self.pending = Array(repeating: 0, count: Self.blockRows * (indicators.count + 2))
  }

  /// Rows added so far.
  public var observations: Int { qr.rows + pendingRows }

  /// Adds one row: the indicators, then the outcome (`p + 1` finite values), and its cluster.
  public mutating func add(_ values: UnsafeBufferPointer<Double>, cluster: String?) throws {
    let q = indicators.count + 2
    precondition(values.count == q - 1, "\(q - 1) values per row")
    let start = pendingRows * q
    pending.withUnsafeMutableBufferPointer { z in
      z[start] = 1
      for j in 0..<(q - 1) { z[start + 1 + j] = values[j] - shift[j] }
    }
    pendingRows += 1
    if let cluster {
      let g: Int
      if cluster == lastCluster {
        g = lastClusterIndex
      } else if let known = clusterIndex.index(of: cluster, labels: clusterLabels) {
        g = known
      } else {
        g = clusterLabels.count
        clusterIndex.insert(cluster, index: g)
        clusterLabels.append(cluster)
        clusterCounts.append(0)
        clusterGrams.append(contentsOf: repeatElement(0, count: q * q))
      }
      (lastCluster, lastClusterIndex) = (cluster, g)
      clusterCounts[g] += 1
      pending.withUnsafeBufferPointer { z in
        clusterGrams.withUnsafeMutableBufferPointer { grams in
          let base = g * q * q
          for a in 0..<q {
            let za = z[start + a]
            for b in a..<q { grams[base + a * q + b] += za * z[start + b] }
          }
        }
      }
    }
    if pendingRows == Self.blockRows { try flush() }
  }

  mutating func flush() throws {
    guard pendingRows > 0 else { return }
    do {
      try pending.withUnsafeBufferPointer { try qr.add(rowMajor: UnsafeBufferPointer(rebasing: $0[..<(pendingRows * (indicators.count + 2))]), rows: pendingRows) }
    } catch let error as LinearAlgebraError {
      throw AnalysisError.linearAlgebra(error)
    }
    pendingRows = 0
  }

  /// Joins the rows of another accumulator (same columns, shift and cluster column).
  public mutating func merge(_ other: SufficientStatisticsAccumulator) throws {
    precondition(other.indicators == indicators && other.shift == shift && other.clusterColumn == clusterColumn, "merging different statistics")
    var other = other
    try other.flush()
    try flush()
    do { try qr.merge(other.qr) } catch let error as LinearAlgebraError { throw AnalysisError.linearAlgebra(error) }
    let size = (indicators.count + 2) * (indicators.count + 2)
    for (h, label) in other.clusterLabels.enumerated() {
      if let g = clusterIndex.index(of: label, labels: clusterLabels) {
        clusterCounts[g] += other.clusterCounts[h]
        for i in 0..<size { clusterGrams[g * size + i] += other.clusterGrams[h * size + i] }
      } else {
        clusterIndex.insert(label, index: clusterLabels.count)
        clusterLabels.append(label)
        clusterCounts.append(other.clusterCounts[h])
        clusterGrams.append(contentsOf: other.clusterGrams[(h * size)..<((h + 1) * size)])
      }
    }
  }

  /// The statistics of every row added; clusters in label order (so the result does not depend
  /// on the order rows came in).
  public func statistics() throws -> SufficientStatistics {
    var copy = self
    try copy.flush()
    let q = indicators.count + 2
    var clusters: ClusterGrams? = nil
    if let clusterColumn {
      let order = copy.clusterLabels.indices.sorted { copy.clusterLabels[$0] < copy.clusterLabels[$1] }
      let grams = order.map { g -> Matrix in
        var m = Matrix(rows: q, columns: q)
        for a in 0..<q {
          for b in a..<q {
            m[a, b] = copy.clusterGrams[g * q * q + a * q + b]
            m[b, a] = m[a, b]
          }
        }
        return m
      }
      clusters = ClusterGrams(column: clusterColumn, labels: order.map { copy.clusterLabels[$0] }, counts: order.map { copy.clusterCounts[$0] }, grams: grams)
    }
    return try SufficientStatistics(
      outcome: outcome, indicators: indicators, observations: copy.qr.rows, shift: shift, triangle: copy.qr.triangle, clusters: clusters)
  }
}

extension SufficientStatistics {
  /// From the Gram matrix `Σ zᵢzᵢᵀ` of `z = [1, x − s_x, y − s_y]` (a database's exact sums): `R`
  /// is its Cholesky factor (`dpotrf`). Forming the Gram matrix squares the condition number, so
  /// this route keeps about `16 − 2·log₁₀ κ` digits where the TSQR route keeps `16 − log₁₀ κ`
  /// (κ of the standardised design); ``crossProductWarning(conditionNumber:)`` says when that
  /// matters.
  /// - Throws: ``AnalysisError/collinearIndicators(_:)`` when the matrix is not positive definite.
  public init(outcome: String, indicators: [String], observations: Int, shift: [Double], gram: Matrix, clusters: ClusterGrams?) throws {
    let triangle: Matrix
    do {
      triangle = try gram.choleskyUpper()
    } catch {
      throw AnalysisError.collinearIndicators(["the cross products are not positive definite: an indicator is constant or a linear combination of the others"])
    }
    try self.init(outcome: outcome, indicators: indicators, observations: observations, shift: shift, triangle: triangle, clusters: clusters)
  }

  /// A warning when cross products (rather than a QR of the rows) leave fewer than 8 reliable
  /// digits: `κ² · ε > 1e-8`, κ the standardised condition number.
  public static func crossProductWarning(conditionNumber kappa: Double) -> Message? {
    guard kappa * kappa * Double.ulpOfOne > 1e-8 else { return nil }
    let digits = max(0, Int((16 - 2 * log10(kappa)).rounded(.down)))
    return Message(
      en: "The indicators are strongly collinear (standardised condition number \(ImportanceWeights.formatted(kappa))): cross products keep only about \(digits) reliable digits. Fit the rows in memory (QR) to check.",
      zh: "指标之间高度共线（标准化条件数 \(ImportanceWeights.formatted(kappa))）：交叉乘积只保留约 \(digits) 位可靠数字。请在内存中对逐行数据拟合（QR）以核对。")
  }
}

/// Cluster label → index by open addressing on FNV-1a of the UTF-8 bytes: one lookup per row,
/// several times cheaper than `Dictionary`'s seeded SipHash for the short labels clusters have
/// (team names). Labels themselves live in the accumulator's list; the table holds indices.
struct LabelTable: Sendable {
  var slots = [Int](repeating: -1, count: 64)
  var hashes = [UInt64](repeating: 0, count: 64)
  var count = 0

  static func hash(_ label: String) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in label.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return h
  }

  func index(of label: String, labels: [String]) -> Int? {
    let h = Self.hash(label), mask = slots.count - 1
    var i = Int(truncatingIfNeeded: h) & mask
    while slots[i] >= 0 {
      if hashes[i] == h && labels[slots[i]] == label { return slots[i] }
      i = (i + 1) & mask
    }
    return nil
  }

  mutating func insert(_ label: String, index: Int) {
    if (count + 1) * 2 > slots.count { grow() }
    place(Self.hash(label), index)
    count += 1
  }

  mutating func place(_ h: UInt64, _ index: Int) {
    let mask = slots.count - 1
    var i = Int(truncatingIfNeeded: h) & mask
    while slots[i] >= 0 { i = (i + 1) & mask }
    slots[i] = index
    hashes[i] = h
  }

  mutating func grow() {
    let old = zip(slots, hashes).filter { $0.0 >= 0 }
    slots = Array(repeating: -1, count: slots.count * 2)
    hashes = Array(repeating: 0, count: hashes.count * 2)
    for (index, h) in old { place(h, index) }
  }
}
