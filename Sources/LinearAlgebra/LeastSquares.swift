import Foundation

/// What to do when the design matrix is numerically rank deficient.
public enum RankDeficiencyPolicy: String, Sendable, CaseIterable {
  /// Throw ``LinearAlgebraError/rankDeficient(rank:columns:dependencies:)`` naming the
  /// dependent columns. The default: a silently dropped column is a wrong answer.
  case fail
  /// Return the minimum-norm solution computed by SVD (`dgelsd`), as `numpy.linalg.lstsq` does.
  case minimumNorm
}

/// Options of ``LeastSquares/solve(_:_:options:)``.
public struct LeastSquaresOptions: Sendable {
  /// Relative tolerance of the rank decision on the equilibrated, pivoted R factor:
  /// column `k` counts when `|r_kk| > tolerance · |r_11|`. `nil` means `ε · max(m, n)`.
  public var rankTolerance: Double?
  public var rankDeficiency: RankDeficiencyPolicy

  public init(rankTolerance: Double? = nil, rankDeficiency: RankDeficiencyPolicy = .fail) {
    self.rankTolerance = rankTolerance
    self.rankDeficiency = rankDeficiency
  }
}

/// The solution of a linear least-squares problem `min ‖A x − b‖₂` and what is needed for its
/// statistics.
public struct LeastSquaresSolution: Sendable {
  /// `x`, in the original (unscaled, unpermuted) column order.
  public let coefficients: [Double]
  /// `b − A x`, computed directly from the data.
  public let residuals: [Double]
  /// `‖b − A x‖²`.
  public let residualSumOfSquares: Double
  /// Numerical rank used for the solution.
  public let rank: Int
  /// `true` when the minimum-norm SVD path was taken.
  public let isMinimumNorm: Bool
  /// Singular values of the design with columns scaled to unit norm, decreasing.
  public let equilibratedSingularValues: [Double]
  /// Singular values of the design as given, decreasing.
  public let singularValues: [Double]
  /// `(AᵀA)⁻¹` in the original column order, or `nil` when the design is rank deficient.
  public let unscaledCovariance: Matrix?
  /// The `(n+1) × (n+1)` upper triangle `R₀` of the unpivoted QR of `[A b]` (tall problems only):
  /// `R₀ᵀR₀ = [A b]ᵀ[A b]`, which carries every cross product of the data. When `A`'s first column
  /// is the intercept, the trailing block `R₂₂` gives the centred cross products,
  /// `R₂₂ᵀR₂₂ = [X y]_cᵀ[X y]_c`, without another pass over the data.
  public var augmentedTriangle: Matrix? = nil

  /// 2-norm condition number `σ₁/σₙ` of the design as given (what statsmodels reports).
  public var conditionNumber: Double { ratio(singularValues) }
  /// 2-norm condition number of the design with unit-norm columns (Belsley's scaled condition).
  public var equilibratedConditionNumber: Double { ratio(equilibratedSingularValues) }

  private func ratio(_ s: [Double]) -> Double {
    guard let first = s.first, let last = s.last else { return .nan }
    return last > 0 ? first / last : .infinity
  }
}

/// Linear least squares by Householder QR with column pivoting on equilibrated columns.
///
/// ## Algorithm
/// 1. For `m > n`, `[A b]` is reduced by unpivoted Householder QR (`dgeqrf`) to its
///    `(n+1) × (n+1)` triangle `R₀`, `z = Q₀ᵀ b`, block of rows by block of rows
///    (tall-skinny QR: `R ← qr([R; block])`, each block sized to stay in cache). `b` rides
///    along as the last column, so no separate `Qᵀb` pass is needed.
/// 2. Columns are equilibrated to unit Euclidean norm, `Aₛ = A D⁻¹`, by scaling the triangle:
///    Householder QR commutes with column scaling (`R(A D⁻¹) = R(A) D⁻¹`, `‖aⱼ‖ = ‖R₀[:, j]‖`).
///    The rank decision then compares like with like, whatever the units (hours vs minutes).
/// 3. `R₀` (or `Aₛ` itself when `m ≤ n`) is factorised with column pivoting (`dgeqp3`):
///    `R₀ P = Q₁ R`. Column norms are preserved by the first stage, so the pivot order and the
///    diagonal of `R` reveal the rank exactly as pivoted QR of `Aₛ` would.
/// 4. Rank: `k` counts when `|r_kk| > τ |r_11|`, `τ = ε · max(m, n)` by default.
/// 5. Full rank: `R w = Q₁ᵀ z` (`dtrtrs`), `x = D⁻¹ P w`. Residuals are recomputed from the
///    data, `b − A x`.
///
/// `(AᵀA)⁻¹ = D⁻¹ P R⁻¹ R⁻ᵀ Pᵀ D⁻¹` comes from the triangular inverse (`dtrtri`), never from
/// the normal equations, which lose half the digits (Longley: 7 instead of 11).
public enum LeastSquares {
  /// Solves `min ‖A x − b‖₂`.
  ///
  /// - Parameters:
  ///   - a: the `m × n` design matrix.
  ///   - b: the right-hand side, `m` values.
  ///   - options: rank tolerance and rank-deficiency policy.
  /// - Returns: the solution, residuals, rank, singular values and `(AᵀA)⁻¹`.
  /// - Throws: ``LinearAlgebraError/nonFinite(argument:row:column:)`` for NaN/Inf input,
  ///   ``LinearAlgebraError/rankDeficient(rank:columns:dependencies:)`` under the `.fail`
  ///   policy, LAPACK failures as ``LinearAlgebraError/lapackFailure(routine:info:meaning:)``.
  /// - Complexity: `O(m n²)` flops, two passes over `A` plus one for the residuals.
  public static func solve(_ a: Matrix, _ b: [Double], options: LeastSquaresOptions = LeastSquaresOptions()) throws -> LeastSquaresSolution {
    let m = a.rows, n = a.columns
    guard m > 0, n > 0 else { throw LinearAlgebraError.emptyProblem("the design matrix is \(m)×\(n)") }
    return try a.storage.withUnsafeBufferPointer { storage in
      let columns = (0..<n).map { j in UnsafeBufferPointer(rebasing: storage[(j * m)..<((j + 1) * m)]) }
      return try solve(columnBuffers: columns, rows: m, b, options: options, matrix: { a })
    }
  }

  /// Solves `min ‖A x − b‖₂` for a design given as columns, without assembling the matrix
  /// (the tall-skinny reduction reads row blocks straight from the columns, and the residuals
  /// are accumulated column by column). Same results as ``solve(_:_:options:)``.
  ///
  /// - Parameter columns: the `n` columns of `A`, each with `b.count` values.
  public static func solve(columns: [[Double]], _ b: [Double], options: LeastSquaresOptions = LeastSquaresOptions()) throws -> LeastSquaresSolution {
    let m = b.count, n = columns.count
    guard m > 0, n > 0 else { throw LinearAlgebraError.emptyProblem("the design matrix is \(m)×\(n)") }
    if let j = columns.firstIndex(where: { $0.count != m }) {
      throw LinearAlgebraError.dimensionMismatch("column \(j) of the design has \(columns[j].count) rows but the response has \(m) values")
    }
    return try withBufferPointers(columns) { buffers in
      try solve(columnBuffers: buffers, rows: m, b, options: options, matrix: { Matrix(columns: columns) })
    }
  }

  /// The solver on column buffers; `matrix` assembles `A` for the rare paths that need it whole
  /// (`m ≤ n`, minimum-norm SVD, locating a non-finite element).
  static func solve(
    columnBuffers a: [UnsafeBufferPointer<Double>], rows m: Int, _ b: [Double], options: LeastSquaresOptions, matrix: () -> Matrix
  ) throws -> LeastSquaresSolution {
    let n = a.count
    guard m > 0, n > 0 else { throw LinearAlgebraError.emptyProblem("the design matrix is \(m)×\(n)") }
    guard b.count == m else { throw LinearAlgebraError.dimensionMismatch("the design has \(m) rows but the response has \(b.count) values") }
    if let row = b.firstIndex(where: { !$0.isFinite }) { throw LinearAlgebraError.nonFinite(argument: "The response", row: row, column: 0) }

    // 1–2. Reduce to a small triangle, then equilibrate the triangle. Householder QR commutes
    // with column scaling (the R of A·D⁻¹ is R·D⁻¹, and ‖a_j‖ = ‖R[:, j]‖), so scaling the
    // n×n triangle instead of the m×n data saves two passes over the data.
    var scale = [Double](repeating: 1, count: n)
    var zeroColumns: [Int] = []
    var augmented: Matrix? = nil
    var stageRows: Int
    var reduced: [Double]  // stageRows × n, column-major, unit-norm columns
    var z: [Double]
    if m > n {
      // Tall-skinny QR by row blocks that fit in cache: R ← qr([R; next block of [A | b]]).
      // One pass over the data instead of one per Householder reflector (dgeqr2 on m×(n+1)
      // streams the whole matrix 2(n+1) times), and backward stable like plain Householder QR.
      let width = n + 1
      let (triangle, poison) = try b.withUnsafeBufferPointer { response in
        try reduceRows(a, response, rows: m)
      }
      if !poison.isFinite, let bad = firstNonFinite(a) {
        throw LinearAlgebraError.nonFinite(argument: "The design matrix", row: bad.row, column: bad.column)
      }
      augmented = Matrix(rows: width, columns: width, columnMajor: triangle)
      stageRows = n
      reduced = [Double](repeating: 0, count: n * n)
      z = [Double](repeating: 0, count: n)
      for j in 0..<n {
        for i in 0...j { reduced[i + j * n] = triangle[i + j * width] }
      }
      for i in 0..<n { z[i] = triangle[i + n * width] }
      try reduced.withUnsafeBufferPointer { buffer in
        for j in 0..<n {
          let norm = try LAPACK.norm(buffer, offset: j * n, count: j + 1)
          if norm > 0 && norm.isFinite { scale[j] = norm } else { zeroColumns.append(j) }
        }
      }
      for j in 0..<n {
        let inverse = 1 / scale[j]
        for i in 0...j { reduced[i + j * n] *= inverse }
      }
    } else {
      if let bad = firstNonFinite(a) { throw LinearAlgebraError.nonFinite(argument: "The design matrix", row: bad.row, column: bad.column) }
      for j in 0..<n {
        let norm = try LAPACK.norm(a[j], offset: 0, count: m)
        if norm > 0 && norm.isFinite { scale[j] = norm } else { zeroColumns.append(j) }
      }
      stageRows = m
      reduced = matrix().storage
      for j in 0..<n { for i in 0..<m { reduced[i + j * m] /= scale[j] } }
      z = b
    }

    // 3. Pivoted QR of the reduced matrix.
    let (permutation, tau) = try LAPACK.dgeqp3(m: stageRows, n: n, a: &reduced)
    let k = min(stageRows, n)
    let r11 = abs(reduced[0])
    let tolerance = options.rankTolerance ?? (Double.ulpOfOne * Double(max(m, n)))
    var rank = 0
    while rank < k && abs(reduced[rank + rank * stageRows]) > tolerance * r11 { rank += 1 }

    // Singular values: of R (equilibrated) and of R·diag(d[P]) (raw).
    var rSquare = [Double](repeating: 0, count: k * n)
    for j in 0..<n { for i in 0...min(j, k - 1) { rSquare[i + j * k] = reduced[i + j * stageRows] } }
    var forSVD = rSquare
    let equilibratedSingularValues = try LAPACK.singularValues(m: k, n: n, a: &forSVD)
    var rawR = rSquare
    for j in 0..<n { for i in 0..<k { rawR[i + j * k] *= scale[permutation[j]] } }
    // R·D is a well-conditioned R times a diagonal: Jacobi keeps σₙ's relative accuracy there.
    let singularValues =
      k == n
      ? try LAPACK.singularValuesJacobi(upperTriangular: n, a: &rawR) : try LAPACK.singularValues(m: k, n: n, a: &rawR)

    if rank < n {
      switch options.rankDeficiency {
      case .fail:
        throw LinearAlgebraError.rankDeficient(
          rank: rank, columns: n,
          dependencies: dependencies(reduced: reduced, stageRows: stageRows, n: n, rank: rank, permutation: permutation, scale: scale, zeroColumns: zeroColumns))
      case .minimumNorm:
        return try minimumNormSolution(matrix(), b, singularValues: singularValues, equilibratedSingularValues: equilibratedSingularValues)
      }
    }

    // 5. Solve R w = Q₁ᵀ z, then undo pivoting and scaling.
    try LAPACK.dormqrTransposeLeft(m: stageRows, nrhs: 1, k: k, a: reduced, tau: tau, c: &z)
    var w = Array(z[0..<n])
    try LAPACK.dtrtrsUpper(n: n, a: reduced, lda: stageRows, b: &w)
    var x = [Double](repeating: 0, count: n)
    for i in 0..<n { x[permutation[i]] = w[i] / scale[permutation[i]] }

    // (AᵀA)⁻¹ from R⁻¹.
    var rInverse = [Double](repeating: 0, count: n * n)
    for j in 0..<n { for i in 0...j { rInverse[i + j * n] = reduced[i + j * stageRows] } }
    try LAPACK.dtrtriUpper(n: n, a: &rInverse)
    var covariance = Matrix(rows: n, columns: n)
    for i in 0..<n {
      for j in i..<n {
        // (R⁻¹ R⁻ᵀ)_ij = Σ_{l ≥ max(i,j)} Rinv_il Rinv_jl
        var sum = 0.0
        for l in j..<n { sum += rInverse[i + l * n] * rInverse[j + l * n] }
        let pi = permutation[i], pj = permutation[j]
        let value = sum / (scale[pi] * scale[pj])
        covariance[pi, pj] = value
        covariance[pj, pi] = value
      }
    }

    let residuals = subtractingProducts(b, columns: a, coefficients: x)
    let rss = sumOfSquares(residuals)
    var solution = LeastSquaresSolution(
      coefficients: x, residuals: residuals, residualSumOfSquares: rss, rank: rank, isMinimumNorm: false,
      equilibratedSingularValues: equilibratedSingularValues, singularValues: singularValues, unscaledCovariance: covariance)
    solution.augmentedTriangle = augmented
    return solution
  }

  /// The `(n+1) × (n+1)` triangle `R₀` of `[A b]` (rows `0..<m`), and a "poison" sum that is
  /// non-finite exactly when some element of `A` is.
  ///
  /// Large problems are split into two halves of rows reduced on two threads; the two triangles
  /// are then stacked and factorised once more (`qr([R₁; R₂])`), which is the tall-skinny QR
  /// reduction tree. The split depends only on the size, so results are reproducible.
  static func reduceRows(_ a: [UnsafeBufferPointer<Double>], _ b: UnsafeBufferPointer<Double>, rows m: Int) throws -> (triangle: [Double], poison: Double) {
    let width = a.count + 1
    guard m * width >= 1 << 21, m >= 8 * width else {
      return try triangleOfRows(a, b, 0..<m)
    }
    BLASThreads.oneThreadForParallelWork
    let half = m / 2
    let ranges = [0..<half, half..<m]
    let halves = try Parallel.map(2) { k in try triangleOfRows(a, b, ranges[k]) }
    let first = halves[0], second = halves[1]
    var stacked = [Double](repeating: 0, count: 2 * width * width)
    for j in 0..<width {
      for i in 0...j {
        stacked[i + j * 2 * width] = first.triangle[i + j * width]
        stacked[width + i + j * 2 * width] = second.triangle[i + j * width]
      }
    }
    _ = try LAPACK.dgeqrf(m: 2 * width, n: width, a: &stacked)
    var triangle = [Double](repeating: 0, count: width * width)
    for j in 0..<width { for i in 0...j { triangle[i + j * width] = stacked[i + j * 2 * width] } }
    return (triangle, first.poison + second.poison)
  }

  /// Tall-skinny QR of rows `range` of `[A b]` by row blocks that fit in cache:
  /// `R ← qr([R; next block])`. One pass over the data instead of one per Householder reflector
  /// (`dgeqr2` on `m × (n+1)` streams the whole matrix `2(n+1)` times), and backward stable like
  /// plain Householder QR. Requires `range.count ≥ n + 1`.
  static func triangleOfRows(_ a: [UnsafeBufferPointer<Double>], _ b: UnsafeBufferPointer<Double>, _ range: Range<Int>) throws -> (triangle: [Double], poison: Double) {
    let n = a.count, width = n + 1
    let m = range.count
    let blockRows = max(2 * width, min(m, 65_536 / width))
    var triangle = [Double](repeating: 0, count: width * width)  // R of the rows so far
    var work = [Double](repeating: 0, count: (blockRows + width) * width)
    var poison = 0.0  // Σ x·0 is NaN exactly when some element is not finite
    var start = range.lowerBound
    var haveTriangle = false
    while start < range.upperBound {
      let rows = min(blockRows, range.upperBound - start)
      let top = haveTriangle ? width : 0
      let ld = top + rows
      work.withUnsafeMutableBufferPointer { dst in
        for j in 0..<width {
          let base = j * ld
          for i in 0..<top { dst[base + i] = i <= j ? triangle[i + j * width] : 0 }
          let src = j < n ? a[j] : b
          if j < n {
            for i in 0..<rows {
              let value = src[start + i]
              dst[base + top + i] = value
              poison += value * 0
            }
          } else {
            for i in 0..<rows { dst[base + top + i] = src[start + i] }
          }
        }
      }
      _ = try LAPACK.dgeqrf(m: ld, n: width, a: &work)
      for j in 0..<width {
        for i in 0..<width { triangle[i + j * width] = (i <= j && i < ld) ? work[i + j * ld] : 0 }
      }
      haveTriangle = true
      start += rows
    }
    return (triangle, poison)
  }

  /// Minimum-norm solution through `dgelsd` on the design as given.
  static func minimumNormSolution(_ a: Matrix, _ b: [Double], singularValues: [Double], equilibratedSingularValues: [Double]) throws -> LeastSquaresSolution {
    let m = a.rows, n = a.columns
    var work = a.storage
    var rhs = b + [Double](repeating: 0, count: max(0, n - m))
    let (rank, _) = try LAPACK.dgelsd(m: m, n: n, a: &work, b: &rhs, rcond: Double.ulpOfOne * Double(max(m, n)))
    let x = Array(rhs[0..<n])
    var residuals = b
    try LAPACK.subtractProduct(m: m, n: n, a: a.storage, x: x, y: &residuals)
    return LeastSquaresSolution(
      coefficients: x, residuals: residuals, residualSumOfSquares: sumOfSquares(residuals), rank: rank, isMinimumNorm: true,
      equilibratedSingularValues: equilibratedSingularValues, singularValues: singularValues, unscaledCovariance: nil)
  }

  /// For each column outside the numerical basis, the basis columns that reproduce it:
  /// solve `R₁₁ t = R₁₂[:, k]` in the equilibrated space and convert `t` back to the units of
  /// the original columns.
  static func dependencies(reduced: [Double], stageRows: Int, n: Int, rank: Int, permutation: [Int], scale: [Double], zeroColumns: [Int]) -> [LinearDependency] {
    var result: [LinearDependency] = []
    for position in rank..<n {
      let dependent = permutation[position]
      if zeroColumns.contains(dependent) || rank == 0 {
        result.append(LinearDependency(column: dependent, terms: []))
        continue
      }
      var t = (0..<rank).map { reduced[$0 + position * stageRows] }
      // Back substitution with R₁₁ (upper triangular, non-singular by the rank decision).
      for i in stride(from: rank - 1, through: 0, by: -1) {
        var sum = t[i]
        for l in (i + 1)..<max(i + 1, rank) { sum -= reduced[i + l * stageRows] * t[l] }
        t[i] = sum / reduced[i + i * stageRows]
      }
      var terms: [(column: Int, coefficient: Double)] = []
      for i in 0..<rank where abs(t[i]) > 1e-8 {
        let basis = permutation[i]
        terms.append((basis, t[i] * scale[dependent] / scale[basis]))
      }
      result.append(expressingLastColumn(dependent: dependent, terms: terms))
    }
    return result.sorted { $0.column < $1.column }
  }
}

/// Rewrites `c_d = Σ tᵢ cᵢ` so that the dependent column is the one that comes last in the
/// user's order (`x₂ = 2·x₁` reads better than `x₁ = 0.5·x₂`).
func expressingLastColumn(dependent: Int, terms: [(column: Int, coefficient: Double)]) -> LinearDependency {
  guard let last = terms.max(by: { $0.column < $1.column }), last.column > dependent else {
    return LinearDependency(column: dependent, terms: terms.sorted { $0.column < $1.column })
  }
  // c_last = (c_d − Σ_{i ≠ last} tᵢ cᵢ) / t_last
  var rewritten: [(column: Int, coefficient: Double)] = [(dependent, 1 / last.coefficient)]
  for term in terms where term.column != last.column {
    rewritten.append((term.column, -term.coefficient / last.coefficient))
  }
  return LinearDependency(column: last.column, terms: rewritten.sorted { $0.column < $1.column })
}

/// `b − Σⱼ xⱼ aⱼ`, by blocks of rows so each block of the result stays in cache while the
/// columns stream past.
func subtractingProducts(_ b: [Double], columns: [UnsafeBufferPointer<Double>], coefficients x: [Double]) -> [Double] {
  var result = b
  let m = b.count
  result.withUnsafeMutableBufferPointer { r in
    let rows = Parallel.DisjointRows(r)
    // Two threads on large problems (rows split in halves; each row's arithmetic is the same).
    let parts = m * (columns.count + 1) >= 1 << 21 ? 2 : 1
    _ = try? Parallel.map(parts) { k in
      let first = k * (m / parts)
      let stop = k == parts - 1 ? m : (k + 1) * (m / parts)
      guard let out = rows.claim(first..<stop) else { preconditionFailure("subtractingProducts: overlapping row ranges") }
      var start = first
      while start < stop {
        let end = min(stop, start + 4096)
        for (j, column) in columns.enumerated() {
          let xj = x[j]
          for i in start..<end { out[i - first] -= xj * column[i] }
        }
        start = end
      }
    }
  }
  return result
}


/// First non-finite element of a design given as columns, as (row, column).
func firstNonFinite(_ columns: [UnsafeBufferPointer<Double>]) -> (row: Int, column: Int)? {
  for (j, column) in columns.enumerated() {
    if let i = column.firstIndex(where: { !$0.isFinite }) { return (i, j) }
  }
  return nil
}

/// Calls `body` with a buffer pointer to every array, valid for the duration of the call.
public func withBufferPointers<R>(_ arrays: [[Double]], _ body: ([UnsafeBufferPointer<Double>]) throws -> R) rethrows -> R {
  func nest(_ index: Int, _ buffers: inout [UnsafeBufferPointer<Double>]) throws -> R {
    if index == arrays.count { return try body(buffers) }
    return try arrays[index].withUnsafeBufferPointer { buffer in
      buffers.append(buffer)
      return try nest(index + 1, &buffers)
    }
  }
  var buffers: [UnsafeBufferPointer<Double>] = []
  buffers.reserveCapacity(arrays.count)
  return try nest(0, &buffers)
}

/// `Σ vᵢ²`, accumulated with a compensated (Kahan–Babuška) sum.
public func sumOfSquares(_ values: [Double]) -> Double {
  var sum = 0.0, compensation = 0.0
  for v in values {
    let term = v * v
    let t = sum + term
    if abs(sum) >= abs(term) { compensation += (sum - t) + term } else { compensation += (term - t) + sum }
    sum = t
  }
  return sum + compensation
}
