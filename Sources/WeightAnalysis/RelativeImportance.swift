import Foundation
import LinearAlgebra

/// How much each indicator contributes to explaining the outcome, from the correlations alone.
///
/// All methods take a ``CorrelationStructure`` (standardised variables), so they are invariant to
/// units and offsets of every column.
public enum RelativeImportance {
  /// The most indicators ``lmg(_:)`` decomposes exactly (2ᵖ subsets).
  public static let lmgLimit = 20

  /// LMG (Lindeman, Merenda & Gold 1980; the Shapley value of R², Grömping 2007):
  ///
  /// `LMGⱼ = Σ_{S ⊆ P∖{j}} |S|! (p − |S| − 1)! / p! · (R²(S ∪ {j}) − R²(S))`
  ///
  /// the increase in R² from adding `j`, averaged over all `p!` orders of entry. The shares sum
  /// to the full model's R².
  ///
  /// Every `R²(S)` comes from the correlation matrix by a depth-first walk over the subsets that
  /// extends a Cholesky factor one row at a time: with `R_SS = LLᵀ` and `z = L⁻¹ r_S`
  /// (so `R²(S) = ‖z‖²`), adding `j` solves `L l = R_{S,j}`, sets `d = √(1 − ‖l‖²)` and
  /// `z_new = (r_j − l·z)/d`, so `R²(S ∪ {j}) = R²(S) + z_new²` in `O(|S|²)` work. The
  /// 2ᵖ subsets cost `O(2ᵖ p²)` in all; the two halves of the walk (subsets with and without
  /// the first indicator) run on two threads.
  ///
  /// - Throws: ``AnalysisError/tooManyIndicators(count:limit:method:)`` above ``lmgLimit``;
  ///   ``AnalysisError/collinearIndicators(_:)`` when a subset's correlation matrix is singular.
  public static func lmg(_ structure: CorrelationStructure) throws -> [Double] {
    let p = structure.count
    guard p <= lmgLimit else { throw AnalysisError.tooManyIndicators(count: p, limit: lmgLimit, method: "lmg") }
    let r2 = try subsetRSquared(structure)
    // Shapley weights by subset size.
    let weightBySize = (0..<p).map { s in exp(lgamma(Double(s + 1)) + lgamma(Double(p - s)) - lgamma(Double(p + 1))) }
    let full = (1 << p) - 1
    // Indicator j's share, one indicator per iteration (the 2^p walk dominates; two cores share it).
    return try Parallel.map(p) { j in
      let bit = 1 << j
      var total = 0.0
      var mask = 0
      while mask <= full {
        if mask & bit == 0 { total += weightBySize[mask.nonzeroBitCount] * (r2[mask | bit] - r2[mask]) }
        mask += 1
      }
      return total
    }
  }

  /// `R²` of the regression of the outcome on every subset of the indicators, indexed by the
  /// subset's bit mask (bit `j` set when indicator `j` is in it); `R²(∅) = 0`.
  public static func subsetRSquared(_ structure: CorrelationStructure) throws -> [Double] {
    let p = structure.count
    let corr = structure.predictors
    let r = structure.outcome
    var result = [Double](repeating: 0, count: 1 << p)
    let failure = Parallel.FirstValue<SingularSubset>()
    result.withUnsafeMutableBufferPointer { out in
      // Branch 0: subsets containing indicator 0; branch 1: the others. They write disjoint
      // masks (with and without bit 0), so the shared output is never written twice.
      _ = try? Parallel.map(2) { branch in
        var walker = SubsetWalker(p: p, corr: corr, r: r)
        if branch == 0 {
          walker.extend(mask: 0, depth: 0, rSquared: 0, first: 0, last: 0, out: out, failure: failure)
        } else if p > 1 {
          walker.extend(mask: 0, depth: 0, rSquared: 0, first: 1, last: p - 1, out: out, failure: failure)
        }
      }
    }
    if let pair = failure.value {
      throw AnalysisError.collinearIndicators(
        ["'\(structure.indicators[pair.added])' is (almost) a linear combination of other indicators (\(pair.subset.map { "'\(structure.indicators[$0])'" }.joined(separator: ", "))); drop one of them"])
    }
    return result
  }

  /// Depth-first walk over subsets with an incrementally extended Cholesky factor.
  struct SubsetWalker {
    let p: Int
    let corr: Matrix
    let r: [Double]
    /// Row `k` of the lower Cholesky factor of the current subset (row-major, `p × p`).
    var factor: [Double]
    /// `z = L⁻¹ r_S` by depth.
    var z: [Double]
    /// Indicator at each depth.
    var members: [Int]

    init(p: Int, corr: Matrix, r: [Double]) {
      self.p = p
      self.corr = corr
      self.r = r
      factor = Array(repeating: 0, count: p * p)
      z = Array(repeating: 0, count: p)
      members = Array(repeating: 0, count: p)
    }

    /// Adds each `j` in `first...last` to the subset `mask` (of size `depth`), records R², and
    /// recurses with indicators after `j`.
    mutating func extend(mask: Int, depth: Int, rSquared: Double, first: Int, last: Int, out: UnsafeMutableBufferPointer<Double>, failure: Parallel.FirstValue<SingularSubset>) {
      guard first <= last else { return }
      for j in first...last {
        // Solve L l = R[S, j] into row `depth` of the factor.
        var norm2 = 0.0
        var dot = 0.0
        for k in 0..<depth {
          var value = corr[members[k], j]
          for m in 0..<k { value -= factor[k * p + m] * factor[depth * p + m] }
          value /= factor[k * p + k]
          factor[depth * p + k] = value
          norm2 += value * value
          dot += value * z[k]
        }
        let d2 = 1 - norm2
        if !(d2 > 1e-13) {
          failure.record(SingularSubset(added: j, subset: (0..<depth).map { members[$0] }))
          return
        }
        let d = d2.squareRoot()
        factor[depth * p + depth] = d
        let zj = (r[j] - dot) / d
        z[depth] = zj
        members[depth] = j
        let next = rSquared + zj * zj
        let subset = mask | (1 << j)
        out[subset] = next
        if j + 1 < p { extend(mask: subset, depth: depth + 1, rSquared: next, first: j + 1, last: p - 1, out: out, failure: failure) }
      }
    }
  }

  /// Relative weights (Johnson 2000): regress the outcome on the orthogonal variables closest to
  /// the standardised indicators, `Z = X R^{-1/2}`, and apportion each orthogonal variable's
  /// contribution back by the squared loadings `Λ = R^{1/2}`:
  ///
  /// `εⱼ = Σₖ Λⱼₖ² βₖ²`, `β = R^{-1/2} r`, with `R = Q diag(λ) Qᵀ` (`dsyev`).
  ///
  /// The weights sum to R². Close to LMG in practice at `O(p³)` cost, so it scales to any `p`.
  public static func relativeWeights(_ structure: CorrelationStructure) throws -> [Double] {
    let p = structure.count
    let (values, q) = try linearAlgebra { try structure.predictors.symmetricEigendecomposition() }
    guard let smallest = values.first, smallest > 1e-12 * max(1, values.last ?? 1) else {
      throw AnalysisError.collinearIndicators(["the indicators' correlation matrix is singular (smallest eigenvalue \(values.first ?? .nan)); drop a redundant indicator"])
    }
    // Λ = Q diag(√λ) Qᵀ; β = Q diag(1/√λ) Qᵀ r.
    var lambda = Matrix(rows: p, columns: p)
    var qtr = [Double](repeating: 0, count: p)
    for k in 0..<p { for i in 0..<p { qtr[k] += q[i, k] * structure.outcome[i] } }
    var beta = [Double](repeating: 0, count: p)
    for i in 0..<p {
      for j in 0..<p {
        var sum = 0.0
        for k in 0..<p { sum += q[i, k] * values[k].squareRoot() * q[j, k] }
        lambda[i, j] = sum
      }
      var b = 0.0
      for k in 0..<p { b += q[i, k] * qtr[k] / values[k].squareRoot() }
      beta[i] = b
    }
    return (0..<p).map { j in (0..<p).reduce(0.0) { $0 + lambda[j, $1] * lambda[j, $1] * beta[$1] * beta[$1] } }
  }

  /// Standardised coefficients `β* = R⁻¹ r` (by QR of `R`).
  public static func standardizedCoefficients(_ structure: CorrelationStructure) throws -> [Double] {
    do {
      return try LeastSquares.solve(structure.predictors, structure.outcome).coefficients
    } catch LinearAlgebraError.rankDeficient(_, _, let dependencies) {
      throw AnalysisError.collinearIndicators(dependencies.map { $0.describe(names: structure.indicators) })
    } catch let error as LinearAlgebraError {
      throw AnalysisError.linearAlgebra(error)
    }
  }

  /// The non-negative composite: `w ≥ 0` minimising `‖z_y − Σⱼ wⱼ sⱼ zⱼ‖²` over standardised
  /// indicators `zⱼ` oriented by `sⱼ = ±1` (so that a positive weight means "better indicator,
  /// better outcome"). In correlation form, with `R = UᵀU` (`dpotrf`) and `S = diag(s)`, this is
  /// the NNLS problem `min ‖U S w − U⁻ᵀ r‖` (Lawson–Hanson): its normal equations are
  /// `S R S w = S r`, those of the data problem.
  public static func nonNegativeComposite(_ structure: CorrelationStructure, orientation: [Double]) throws -> [Double] {
    let p = structure.count
    precondition(orientation.count == p)
    let u = try linearAlgebra { try structure.predictors.choleskyUpper() }
    var a = Matrix(rows: p, columns: p)
    for j in 0..<p { for i in 0..<p { a[i, j] = u[i, j] * orientation[j] } }
    // Solve Uᵀ b = r (forward substitution; Uᵀ is lower triangular).
    var b = [Double](repeating: 0, count: p)
    for i in 0..<p {
      var value = structure.outcome[i]
      for k in 0..<i { value -= u[k, i] * b[k] }
      b[i] = value / u[i, i]
    }
    return try linearAlgebra { try NonNegativeLeastSquares.solve(a, b).x }
  }

  static func linearAlgebra<T>(_ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let error as LinearAlgebraError {
      throw AnalysisError.linearAlgebra(error)
    }
  }
}

/// A singular subset met by the walk: the indicator added and the subset it joined.
struct SingularSubset: Sendable {
  let added: Int
  let subset: [Int]
}

extension RelativeImportance {
  /// LMG of groups of indicators (relaimpo's `groups=`, dominance analysis' `sets`): the Shapley
  /// value of R² with each group one player,
  ///
  /// `LMG_G = Σ_{T ⊆ 𝒢∖{G}} |T|! (m − |T| − 1)! / m! · (R²(∪T ∪ G) − R²(∪T))`
  ///
  /// over the `m` players (`groups`, which must not overlap; indicators in none of them are
  /// players of their own, after the groups, in index order). Exact: the `R²` of every union comes
  /// from ``subsetRSquared(_:)``. Returns one value per player; they sum to the full R².
  public static func lmg(_ structure: CorrelationStructure, groups: [[Int]]) throws -> [Double] {
    let p = structure.count
    guard p <= lmgLimit else { throw AnalysisError.tooManyIndicators(count: p, limit: lmgLimit, method: "lmg") }
    var players = groups.map { $0.reduce(0) { $0 | 1 << $1 } }
    let grouped = players.reduce(0, |)
    precondition(players.reduce(0) { $0 + $1.nonzeroBitCount } == grouped.nonzeroBitCount, "groups must not overlap")
    for j in 0..<p where grouped & (1 << j) == 0 { players.append(1 << j) }
    let r2 = try subsetRSquared(structure)
    let m = players.count
    let weightBySize = (0..<m).map { s in exp(lgamma(Double(s + 1)) + lgamma(Double(m - s)) - lgamma(Double(m + 1))) }
    // Indicator mask of every set of players.
    var union = [Int](repeating: 0, count: 1 << m)
    for mask in 1..<(1 << m) {
      let low = mask.trailingZeroBitCount
      union[mask] = union[mask & (mask - 1)] | players[low]
    }
    return (0..<m).map { g in
      let bit = 1 << g
      var total = 0.0
      for mask in 0..<(1 << m) where mask & bit == 0 {
        total += weightBySize[mask.nonzeroBitCount] * (r2[union[mask | bit]] - r2[union[mask]])
      }
      return total
    }
  }
}

extension RelativeImportance {
  /// Relative weights of a logistic model (Tonidandel & LeBreton 2010):
  /// ```
  /// standardised X = Z,  R = ZᵀZ/(n − 1) = Q D Qᵀ,  Λ = Q D^½ Qᵀ,  orthogonal counterparts Zₒ = Z Λ⁻¹
  /// logit P(y) = b₀ + Zₒ b  (fitted by IRLS),  η̂ its linear predictor, μ̂ its probabilities
  /// β = b · corr(y, μ̂) / sd(η̂)      (the fully standardised coefficients on Zₒ)
  /// εⱼ = Σₖ Λⱼₖ² βₖ²
  /// ```
  /// The weights sum to `corr(y, μ̂)²`. Their signs are not theirs: the caller orients them with
  /// the logistic fit's own coefficients.
  public static func logisticRelativeWeights(response y: [Double], columns: [[Double]]) throws -> [Double] {
    let p = columns.count, n = y.count
    let standardized = columns.map { column -> [Double] in
      let moments = Moments(column)
      let sd = (moments.sumOfSquaredDeviations / Double(n - 1)).squareRoot()
      return column.map { ($0 - moments.mean) / sd }
    }
    var correlation = Matrix(rows: p, columns: p)
    for a in 0..<p {
      for b in a..<p {
        var sum = 0.0
        for i in 0..<n { sum += standardized[a][i] * standardized[b][i] }
        correlation[a, b] = sum / Double(n - 1)
        correlation[b, a] = correlation[a, b]
      }
    }
    let (values, q) = try linearAlgebra { try correlation.symmetricEigendecomposition() }
    guard let smallest = values.first, smallest > 1e-12 * max(1, values.last ?? 1) else {
      throw AnalysisError.collinearIndicators(["the indicators' correlation matrix is singular (smallest eigenvalue \(values.first ?? .nan)); drop a redundant indicator"])
    }
    var lambda = Matrix(rows: p, columns: p), inverseRoot = Matrix(rows: p, columns: p)
    for i in 0..<p {
      for j in 0..<p {
        var l = 0.0, m = 0.0
        for k in 0..<p {
          l += q[i, k] * values[k].squareRoot() * q[j, k]
          m += q[i, k] / values[k].squareRoot() * q[j, k]
        }
        lambda[i, j] = l
        inverseRoot[i, j] = m
      }
    }
    // Zₒ = Z Λ⁻¹ (Λ symmetric).
    let orthogonal = (0..<p).map { k in (0..<n).map { i in (0..<p).reduce(0.0) { $0 + standardized[$1][i] * inverseRoot[$1, k] } } }
    let fit = try LogisticRegression.fit(outcome: "outcome", response: y, indicators: (0..<p).map { "z\($0)" }, columns: orthogonal)
    let b = fit.coefficients.map(\.estimate)
    let eta = (0..<n).map { i in b[0] + (0..<p).reduce(0.0) { $0 + b[$1 + 1] * orthogonal[$1][i] } }
    let mu = eta.map { 1 / (1 + exp(-$0)) }
    let r = Backtest.pearson(y, mu)
    let etaMean = eta.reduce(0, +) / Double(n)
    let sdEta = (eta.reduce(0) { $0 + ($1 - etaMean) * ($1 - etaMean) } / Double(n - 1)).squareRoot()
    let beta = (0..<p).map { b[$0 + 1] * r / sdEta }
    return (0..<p).map { j in (0..<p).reduce(0.0) { $0 + lambda[j, $1] * lambda[j, $1] * beta[$1] * beta[$1] } }
  }
}
