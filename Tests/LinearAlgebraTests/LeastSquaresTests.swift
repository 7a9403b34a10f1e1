import Foundation
import Testing
import TestSupport
@testable import LinearAlgebra

@Suite("Least squares by pivoted QR")
struct LeastSquaresTests {
  @Test("solves a tall problem and satisfies the normal equations Aᵀ(Ax − b) = 0", arguments: [UInt64(1), 2, 3])
  func normalEquations(seed: UInt64) throws {
    var rng = SeededGenerator(seed: seed)
    let a = rng.matrix(200, 7)
    let b = (0..<200).map { _ in rng.normal() }
    let solution = try LeastSquares.solve(a, b)
    let gradient = a.transposeMultiplied(by: solution.residuals)
    let scale = a.storage.map(abs).max()! * b.map(abs).max()! * 200
    #expect(gradient.map(abs).max()! < 1e-13 * scale)
    #expect(solution.rank == 7)
    // (AᵀA)⁻¹ · AᵀA = I.
    let product = try #require(solution.unscaledCovariance).multiplied(by: try a.gram())
    #expect(maxAbsDifference(product.storage, Matrix.identity(7).storage) < 1e-12)
  }

  @Test("many row blocks (tall-skinny QR) give the same solution as one block", arguments: [(30_000, 5), (20_011, 12), (300_007, 7)])
  func tallSkinny(m: Int, n: Int) throws {
    var rng = SeededGenerator(seed: UInt64(m))
    let a = rng.matrix(m, n)
    let b = (0..<m).map { _ in rng.normal() }
    let solution = try LeastSquares.solve(a, b)
    let gradient = a.transposeMultiplied(by: solution.residuals)
    #expect(gradient.map(abs).max()! < 1e-9, "Aᵀr must vanish at the solution")
    // Against the small-problem path: the normal equations solved by Cholesky on AᵀA.
    let gram = try a.gram()
    let rhs = a.transposeMultiplied(by: b)
    let reference = try LeastSquares.solve(gram, rhs).coefficients
    #expect(maxAbsDifference(solution.coefficients, reference) < 1e-12)
  }

  @Test("the design given as columns solves like the matrix, residuals included (two-thread split)")
  func columnsMatchMatrix() throws {
    let m = 300_007, n = 7  // m·(n+1) ≥ 2²¹: rows reduced on two threads, residuals too
    var rng = SeededGenerator(seed: 77)
    let a = rng.matrix(m, n)
    let b = (0..<m).map { _ in rng.normal() }
    let columns = (0..<n).map { j in Array(a.storage[(j * m)..<((j + 1) * m)]) }
    let fromColumns = try LeastSquares.solve(columns: columns, b)
    let fromMatrix = try LeastSquares.solve(a, b)
    #expect(fromColumns.coefficients == fromMatrix.coefficients)
    #expect(fromColumns.residuals == fromMatrix.residuals)
    // The residuals are b − A x recomputed from the data.
    var direct = b
    for j in 0..<n { for i in 0..<m { direct[i] -= a[i, j] * fromColumns.coefficients[j] } }
    #expect(maxAbsDifference(direct, fromColumns.residuals) < 1e-12)
    #expect(throws: LinearAlgebraError.self) { try LeastSquares.solve(columns: [b, Array(b.dropLast())], b) }
  }

  @Test("is invariant to column units: hours vs minutes")
  func unitInvariance() throws {
    var rng = SeededGenerator(seed: 9)
    let a = rng.matrix(50, 3)
    let b = (0..<50).map { _ in rng.normal() }
    var scaled = a
    for i in 0..<50 { scaled[i, 1] *= 60 }
    let x = try LeastSquares.solve(a, b).coefficients
    let y = try LeastSquares.solve(scaled, b).coefficients
    #expect(abs(y[1] * 60 - x[1]) < 1e-12 * abs(x[1]) * 10)
    #expect(abs(y[0] - x[0]) < 1e-12)
  }

  @Test("x and 2x are reported as collinear, by column")
  func collinearPair() throws {
    var rng = SeededGenerator(seed: 4)
    let x = (0..<30).map { _ in rng.normal() }
    let z = (0..<30).map { _ in rng.normal() }
    let a = Matrix(columns: [x, z, x.map { 2 * $0 }])
    #expect {
      _ = try LeastSquares.solve(a, z)
    } throws: { error in
      guard case LinearAlgebraError.rankDeficient(let rank, let columns, let dependencies) = error else { return false }
      return rank == 2 && columns == 3 && dependencies.count == 1 && Set([dependencies[0].column] + dependencies[0].terms.map(\.column)) == [0, 2]
    }
  }

  @Test("a column that is the sum of two others names all three")
  func sumOfColumns() throws {
    var rng = SeededGenerator(seed: 5)
    let u = (0..<40).map { _ in rng.normal() }
    let v = (0..<40).map { _ in rng.normal() }
    let w = (0..<40).map { _ in rng.normal() }
    let a = Matrix(columns: [u, v, w, zip(u, v).map(+)])
    do {
      _ = try LeastSquares.solve(a, w)
      Issue.record("expected rank deficiency")
    } catch LinearAlgebraError.rankDeficient(let rank, _, let dependencies) {
      #expect(rank == 3)
      let dependency = try #require(dependencies.first)
      #expect(Set([dependency.column] + dependency.terms.map(\.column)) == [0, 1, 3])
      let message = dependency.describe(names: ["u", "v", "w", "u_plus_v"])
      #expect(message == "u_plus_v = u + v")
    }
  }

  @Test("the exact rank-deficiency message")
  func rankDeficiencyMessage() {
    let a = Matrix(rowMajor: [[1, 2], [2, 4], [3, 6]])
    #expect(throws: LinearAlgebraError.rankDeficient(rank: 1, columns: 2, dependencies: [LinearDependency(column: 1, terms: [(0, 2)])])) {
      _ = try LeastSquares.solve(a, [1, 2, 3])
    }
    do {
      _ = try LeastSquares.solve(a, [1, 2, 3])
    } catch {
      #expect("\(error)" == "The design matrix is rank deficient (rank 1 of 2 columns): column 2 = 2·column 1.")
    }
  }

  @Test("minimum-norm option matches the SVD pseudo-inverse on a collinear design")
  func minimumNorm() throws {
    let a = Matrix(rowMajor: [[1, 2], [2, 4], [3, 6], [1, 2]])
    let b = [1.0, 2, 3, 1.5]
    let solution = try LeastSquares.solve(a, b, options: LeastSquaresOptions(rankDeficiency: .minimumNorm))
    // Minimum-norm solution: x = (Σ a_i b_i / (5 Σ a_i²)) · (1, 2) with a = (1,2,3,1).
    let ab: Double = 1 + 4 + 9 + 1.5
    let aa: Double = 1 + 4 + 9 + 1
    let t = ab / (5 * aa)
    #expect(abs(solution.coefficients[0] - t) < 1e-14)
    #expect(abs(solution.coefficients[1] - 2 * t) < 1e-14)
    #expect(solution.rank == 1 && solution.isMinimumNorm && solution.unscaledCovariance == nil)
  }

  @Test("NaN and infinity are typed errors with row and column")
  func nonFinite() {
    var a = Matrix(rowMajor: [[1, 2], [3, 4], [5, 6]])
    a[2, 1] = .nan
    #expect(throws: LinearAlgebraError.nonFinite(argument: "The design matrix", row: 2, column: 1)) {
      _ = try LeastSquares.solve(a, [1, 2, 3])
    }
    #expect(throws: LinearAlgebraError.nonFinite(argument: "The response", row: 1, column: 0)) {
      _ = try LeastSquares.solve(Matrix(rowMajor: [[1], [2], [3]]), [1, .infinity, 3])
    }
    #expect("\(LinearAlgebraError.nonFinite(argument: "The design matrix", row: 2, column: 1))" == "The design matrix has a non-finite value (NaN or infinity) at row 3, column 2.")
  }

  @Test("dimension problems are errors, not LAPACK aborts")
  func dimensions() {
    #expect(throws: LinearAlgebraError.dimensionMismatch("the design has 3 rows but the response has 2 values")) {
      _ = try LeastSquares.solve(Matrix(rowMajor: [[1], [2], [3]]), [1, 2])
    }
    #expect(throws: LinearAlgebraError.emptyProblem("the design matrix is 0×0")) {
      _ = try LeastSquares.solve(Matrix(rows: 0, columns: 0), [])
    }
  }

  @Test("singular values and condition numbers match a direct SVD")
  func conditionNumbers() throws {
    var rng = SeededGenerator(seed: 11)
    var a = rng.matrix(60, 4)
    for i in 0..<60 { a[i, 2] *= 1000 }
    let solution = try LeastSquares.solve(a, (0..<60).map { _ in rng.normal() })
    let direct = try a.singularValues()
    #expect(maxAbsDifference(solution.singularValues.map { $0 / direct[0] }, direct.map { $0 / direct[0] }) < 1e-13)
    #expect(solution.equilibratedConditionNumber < solution.conditionNumber)
  }

  /// Issue 16: a full-rank design in wildly different units printed `inf`, because bidiagonal QR
  /// returns `σₙ = 0` once `κ > 1/ε`. Orthogonal ±1 (Walsh) columns scaled by `d` have singular
  /// values exactly `√m·|dⱼ|`, so `κ = max|d| / min|d|` is known in closed form.
  @Test("condition number of orthogonal columns in units 1e40 apart is exact, not inf", arguments: [1e9, 1e20, 1e60, 1e140])
  func conditionNumberAcrossUnits(spread: Double) throws {
    let m = 16
    func walsh(_ k: Int) -> [Double] { (0..<m).map { i in (i & k).nonzeroBitCount.isMultiple(of: 2) ? 1 : -1 } }
    let d = [1, spread, 1 / spread, 3.0]
    let a = Matrix(columns: [walsh(0), walsh(1), walsh(2), walsh(4)].enumerated().map { j, c in c.map { $0 * d[j] } })
    let b = walsh(8).enumerated().map { i, v in v + Double(i % 3) }
    let solution = try LeastSquares.solve(a, b)
    let exact = spread * spread
    #expect(solution.conditionNumber.isFinite)
    #expect(abs(solution.conditionNumber - exact) / exact < 1e-12)
    #expect(abs(solution.singularValues.last! - 4 / spread) / (4 / spread) < 1e-12)
    #expect(abs(solution.equilibratedConditionNumber - 1) < 1e-12)
  }
}
