import Foundation

extension Matrix {
  /// The Gram matrix `AᵀA` (`n × n`). The corresponding BLAS routine is `dsyrk`.
  public func gram() throws -> Matrix {
    Matrix(rows: columns, columns: columns, columnMajor: try LAPACK.gram(m: rows, n: columns, a: storage))
  }

  /// Eigenvalues of a symmetric matrix, ascending. Only the upper triangle is read.
  /// The corresponding LAPACK routine is `dsyev`.
  public func symmetricEigenvalues() throws -> [Double] {
    guard rows == columns else { throw LinearAlgebraError.dimensionMismatch("eigenvalues need a square matrix, got \(rows)×\(columns)") }
    if let bad = firstNonFiniteElement() { throw LinearAlgebraError.nonFinite(argument: "The matrix", row: bad.row, column: bad.column) }
    var copy = storage
    return try LAPACK.symmetricEigenvalues(n: rows, a: &copy)
  }

  /// Singular values, decreasing. The corresponding LAPACK routine is `dgesvd`.
  public func singularValues() throws -> [Double] {
    if let bad = firstNonFiniteElement() { throw LinearAlgebraError.nonFinite(argument: "The matrix", row: bad.row, column: bad.column) }
    var copy = storage
    return try LAPACK.singularValues(m: rows, n: columns, a: &copy)
  }

  /// The diagonal of `A⁻¹` for a symmetric positive-definite `A`: with `A = RᵀR` (`dpotrf`),
  /// `A⁻¹ = R⁻¹R⁻ᵀ` (`dtrtri`), so `(A⁻¹)ᵢᵢ = Σⱼ (R⁻¹)ᵢⱼ²`.
  ///
  /// - Throws: ``LinearAlgebraError/lapackFailure(routine:info:meaning:)`` when `A` is not
  ///   positive definite.
  public func symmetricPositiveDefiniteInverseDiagonal() throws -> [Double] {
    guard rows == columns else { throw LinearAlgebraError.dimensionMismatch("the inverse needs a square matrix, got \(rows)×\(columns)") }
    if let bad = firstNonFiniteElement() { throw LinearAlgebraError.nonFinite(argument: "The matrix", row: bad.row, column: bad.column) }
    let n = rows
    var factor = storage
    try LAPACK.dpotrfUpper(n: n, a: &factor)
    for j in 0..<n { for i in (j + 1)..<max(j + 1, n) { factor[i + j * n] = 0 } }
    try LAPACK.dtrtriUpper(n: n, a: &factor)
    return (0..<n).map { i in (i..<n).reduce(0.0) { $0 + factor[i + $1 * n] * factor[i + $1 * n] } }
  }

  /// Eigenvalues (ascending) and orthonormal eigenvectors (as the columns of the returned matrix)
  /// of a symmetric matrix. The corresponding LAPACK routine is `dsyev`.
  public func symmetricEigendecomposition() throws -> (values: [Double], vectors: Matrix) {
    guard rows == columns else { throw LinearAlgebraError.dimensionMismatch("eigenvectors need a square matrix, got \(rows)×\(columns)") }
    if let bad = firstNonFiniteElement() { throw LinearAlgebraError.nonFinite(argument: "The matrix", row: bad.row, column: bad.column) }
    var copy = storage
    let values = try LAPACK.symmetricEigenvectors(n: rows, a: &copy)
    return (values, Matrix(rows: rows, columns: rows, columnMajor: copy))
  }

  /// The upper Cholesky factor `R` of a symmetric positive-definite matrix, `A = RᵀR`
  /// (`dpotrf`); the strictly lower part of the result is zero.
  public func choleskyUpper() throws -> Matrix {
    guard rows == columns else { throw LinearAlgebraError.dimensionMismatch("Cholesky needs a square matrix, got \(rows)×\(columns)") }
    if let bad = firstNonFiniteElement() { throw LinearAlgebraError.nonFinite(argument: "The matrix", row: bad.row, column: bad.column) }
    var factor = storage
    try LAPACK.dpotrfUpper(n: rows, a: &factor)
    for j in 0..<rows { for i in (j + 1)..<max(j + 1, rows) { factor[i + j * rows] = 0 } }
    return Matrix(rows: rows, columns: rows, columnMajor: factor)
  }

  /// Eigenvalues and right eigenvectors of a general square matrix (`dgeev`). Each eigenvalue is
  /// `(real, imaginary)`; `vectors` holds LAPACK's packed layout (see `dgeev`).
  public func generalEigen() throws -> (real: [Double], imaginary: [Double], vectors: Matrix) {
    guard rows == columns else { throw LinearAlgebraError.dimensionMismatch("eigenvalues need a square matrix, got \(rows)×\(columns)") }
    if let bad = firstNonFiniteElement() { throw LinearAlgebraError.nonFinite(argument: "The matrix", row: bad.row, column: bad.column) }
    var copy = storage
    let result = try LAPACK.dgeev(n: rows, a: &copy)
    return (result.real, result.imaginary, Matrix(rows: rows, columns: rows, columnMajor: result.vectors))
  }
}

/// The Gram matrix `ZᵀZ` of the centred, optionally weighted columns, accumulated by row blocks
/// (`dsyrk` with β = 1) so a large table is never copied whole:
/// `Gⱼₖ = Σᵢ cᵢ (xᵢⱼ − x̄ⱼ)(xᵢₖ − x̄ₖ)` with multiplicities `cᵢ` (1 when `nil`).
/// Large tables are split into two halves of rows accumulated on two threads and then added
/// (the split depends only on the size, so the result is reproducible).
public func centredGram(columns: [[Double]], means: [Double], rowWeights multiplicities: [Double]? = nil) throws -> Matrix {
  let p = columns.count
  guard p > 0 else { return Matrix(rows: 0, columns: 0) }
  let n = columns[0].count
  precondition(means.count == p && columns.allSatisfy { $0.count == n }, "centredGram: inconsistent sizes")
  precondition(multiplicities == nil || multiplicities!.count == n, "centredGram: one multiplicity per row")
  var gram: [Double]
  if n * p >= 1 << 21 {
    BLASThreads.oneThreadForParallelWork
    let half = n / 2
    let ranges = [0..<half, half..<n]
    let halves = try Parallel.map(2) { k in try centredGramUpper(columns: columns, means: means, multiplicities: multiplicities, rows: ranges[k]) }
    gram = halves[0]
    let second = halves[1]
    for k in gram.indices { gram[k] += second[k] }
  } else {
    gram = try centredGramUpper(columns: columns, means: means, multiplicities: multiplicities, rows: 0..<n)
  }
  for j in 0..<p { for i in (j + 1)..<max(j + 1, p) { gram[i + j * p] = gram[j + i * p] } }
  return Matrix(rows: p, columns: p, columnMajor: gram)
}

/// Upper triangle of the centred Gram matrix of rows `range`.
func centredGramUpper(columns: [[Double]], means: [Double], multiplicities: [Double]?, rows range: Range<Int>) throws -> [Double] {
  let p = columns.count
  var gram = [Double](repeating: 0, count: p * p)
  let blockRows = max(64, 32_768 / p)
  var block = [Double](repeating: 0, count: blockRows * p)
  var start = range.lowerBound
  let end = range.upperBound
  while start < end {
    var rows = 0
    if let multiplicities {
      var i = start
      while i < end && rows < blockRows {
        let c = multiplicities[i]
        if c > 0 {
          let root = c.squareRoot()
          for j in 0..<p { block[rows + j * blockRows] = (columns[j][i] - means[j]) * root }
          rows += 1
        }
        i += 1
      }
      start = i
    } else {
      rows = min(blockRows, end - start)
      for j in 0..<p {
        let column = columns[j], mean = means[j]
        for i in 0..<rows { block[i + j * blockRows] = column[start + i] - mean }
      }
      start += rows
    }
    if rows > 0 {
      try block.withUnsafeBufferPointer { try LAPACK.accumulateGramUpper(m: rows, n: p, a: $0, lda: blockRows, c: &gram) }
    }
  }
  return gram
}
