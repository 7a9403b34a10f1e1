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
}
