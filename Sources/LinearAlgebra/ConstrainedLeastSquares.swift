/// Linear least squares with linear equality constraints and with bounds.
public enum ConstrainedLeastSquares {
  /// Solves `min ‖A x − b‖₂ subject to C x = d` (equality-constrained least squares).
  ///
  /// The corresponding LAPACK routine is `dgglse` (generalised RQ factorisation). It requires
  /// `p ≤ n ≤ m + p`, `rank(C) = p` and `rank([A; C]) = n`; the first two are checked here, the
  /// rank conditions come back from LAPACK as a typed error.
  ///
  /// - Parameters:
  ///   - a: `m × n`.
  ///   - b: `m` values.
  ///   - c: `p × n` constraint matrix.
  ///   - d: `p` values.
  /// - Returns: `x`, `n` values.
  public static func equalityConstrained(_ a: Matrix, _ b: [Double], constraints c: Matrix, _ d: [Double]) throws -> [Double] {
    let m = a.rows, n = a.columns, p = c.rows
    guard n > 0 else { throw LinearAlgebraError.emptyProblem("there are no unknowns") }
    guard b.count == m else { throw LinearAlgebraError.dimensionMismatch("A has \(m) rows but b has \(b.count) values") }
    guard c.columns == n else { throw LinearAlgebraError.dimensionMismatch("A has \(n) columns but C has \(c.columns)") }
    guard d.count == p else { throw LinearAlgebraError.dimensionMismatch("C has \(p) rows but d has \(d.count) values") }
    guard p <= n else { throw LinearAlgebraError.dimensionMismatch("\(p) constraints on \(n) unknowns over-determine the problem (need p ≤ n)") }
    guard n <= m + p else { throw LinearAlgebraError.dimensionMismatch("\(n) unknowns need at least \(n - p) rows of A, got \(m) (need n ≤ m + p)") }
    if let bad = a.firstNonFiniteElement() { throw LinearAlgebraError.nonFinite(argument: "A", row: bad.row, column: bad.column) }
    if let bad = c.firstNonFiniteElement() { throw LinearAlgebraError.nonFinite(argument: "C", row: bad.row, column: bad.column) }
    if let row = b.firstIndex(where: { !$0.isFinite }) { throw LinearAlgebraError.nonFinite(argument: "b", row: row, column: 0) }
    if let row = d.firstIndex(where: { !$0.isFinite }) { throw LinearAlgebraError.nonFinite(argument: "d", row: row, column: 0) }
    var aStorage = a.storage, cStorage = c.storage, bCopy = b, dCopy = d
    return try LAPACK.dgglse(m: m, n: n, p: p, a: &aStorage, b: &cStorage, c: &bCopy, d: &dCopy)
  }
}
