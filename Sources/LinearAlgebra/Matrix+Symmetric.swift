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
}
