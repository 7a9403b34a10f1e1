/// The triangular factor of a tall matrix that arrives in row blocks (TSQR).
///
/// For `A = [A₁; A₂; …]` the QR factor `R` of `A` is the QR factor of the stacked factors
/// `[R₁; R₂; …]`, because `AᵀA = Σ AᵢᵀAᵢ = Σ RᵢᵀRᵢ`. Each ``add(rowMajor:rows:)`` factors the
/// current `R` stacked on the new block (`dtpqrt`, which keeps the triangle's zeros out of the
/// work), so only `n × n` numbers are kept however many rows pass; ``merge(_:)`` joins the
/// factors of two disjoint sets of rows (one per core) by `dtpqrt` of a triangle on a triangle. Unlike the normal equations, the condition number is not squared: `R` carries
/// the accuracy of a QR of the whole matrix (Demmel, Grigori, Hoemmen and Langou 2012).
///
/// `R` is unique up to the signs of its rows; ``triangle`` returns it with a non-negative
/// diagonal, so the result does not depend on how the rows were blocked beyond rounding.
public struct TallSkinnyQR: Sendable, Equatable {
  /// Columns of the matrix.
  public let columns: Int
  /// Rows seen so far.
  public private(set) var rows = 0
  /// `R`, column-major `columns × columns`, zero below the diagonal (zero before any row).
  var factor: [Double]

  public init(columns: Int) {
    precondition(columns > 0, "TSQR needs at least one column")
    self.columns = columns
    self.factor = Array(repeating: 0, count: columns * columns)
  }

  /// From a known triangle (a statistics file), rows counted as `rows`.
  public init(triangle: Matrix, rows: Int) throws {
    guard triangle.rows == triangle.columns, triangle.rows > 0 else {
      throw LinearAlgebraError.dimensionMismatch("a TSQR factor must be square, got \(triangle.rows)×\(triangle.columns)")
    }
    if let bad = triangle.firstNonFiniteElement() { throw LinearAlgebraError.nonFinite(argument: "The triangular factor", row: bad.row, column: bad.column) }
    self.columns = triangle.columns
    self.rows = rows
    var storage = triangle.storage
    for j in 0..<columns { for i in (j + 1)..<max(j + 1, columns) { storage[i + j * columns] = 0 } }
    self.factor = storage
  }

  /// Adds `m` rows stored row by row (`m · columns` values).
  public mutating func add(rowMajor block: UnsafeBufferPointer<Double>, rows m: Int) throws {
    precondition(block.count >= m * columns, "TSQR block: \(block.count) values for \(m) rows of \(columns)")
    guard m > 0 else { return }
    let n = columns
    let (total, overflow) = rows.addingReportingOverflow(m)
    guard !overflow else { throw LinearAlgebraError.dimensionMismatch("more than \(Int.max) rows") }
    // dtpqrt: the current triangle stacked on the block (column-major, m × n), R in place.
    var columnMajor = [Double](repeating: 0, count: m * n)
    for r in 0..<m { for j in 0..<n { columnMajor[r + j * m] = block[r * n + j] } }
    try LAPACK.dtpqrt(m: m, n: n, l: 0, a: &factor, b: &columnMajor)
    rows = total
  }

  /// Joins the factor of other rows: afterwards `self` is the factor of both sets.
  public mutating func merge(_ other: TallSkinnyQR) throws {
    precondition(other.columns == columns, "TSQR merge: \(other.columns) columns into \(columns)")
    guard other.rows > 0 else { return }
    let (total, overflow) = rows.addingReportingOverflow(other.rows)
    guard !overflow else { throw LinearAlgebraError.dimensionMismatch("more than \(Int.max) rows") }
    // Triangle on triangle: dtpqrt with the whole second block upper triangular (l = n).
    var lower = other.factor
    try LAPACK.dtpqrt(m: columns, n: columns, l: columns, a: &factor, b: &lower)
    rows = total
  }

  /// `R` with a non-negative diagonal (`AᵀA = RᵀR`).
  public var triangle: Matrix {
    let n = columns
    var storage = factor
    for i in 0..<n where storage[i + i * n] < 0 {
      for j in i..<n { storage[i + j * n] = -storage[i + j * n] }
    }
    return Matrix(rows: n, columns: n, columnMajor: storage)
  }
}

extension Matrix {
  /// Singular values (decreasing) of an upper-triangular matrix by one-sided Jacobi (`dgesvj`),
  /// accurate relative to the condition number of the column-scaled matrix.
  public func upperTriangularSingularValues() throws -> [Double] {
    guard rows == columns else { throw LinearAlgebraError.dimensionMismatch("a triangular matrix must be square, got \(rows)×\(columns)") }
    if let bad = firstNonFiniteElement() { throw LinearAlgebraError.nonFinite(argument: "The matrix", row: bad.row, column: bad.column) }
    var copy = storage
    return try LAPACK.singularValuesJacobi(upperTriangular: rows, a: &copy)
  }
}
