/// `min ‖A x − b‖₂ subject to x ≥ 0`, by the Lawson–Hanson active-set algorithm.
///
/// Reference: C. L. Lawson and R. J. Hanson, *Solving Least Squares Problems*, Prentice-Hall
/// 1974 (SIAM 1995), chapter 23, algorithm NNLS. The inner unconstrained problems on the passive
/// set are solved with ``LeastSquares/solve(_:_:options:)`` (pivoted QR through LAPACK).
///
/// At the solution the KKT conditions hold: `w = Aᵀ(b − Ax) ≤ 0` where `x = 0`, and `w = 0`
/// where `x > 0`.
public enum NonNegativeLeastSquares {
  public struct Solution: Sendable {
    public let x: [Double]
    /// The dual vector `w = Aᵀ(b − Ax)`.
    public let dual: [Double]
    public let residualNorm: Double
    public let iterations: Int
  }

  public static func solve(_ a: Matrix, _ b: [Double], maxIterations: Int? = nil) throws -> Solution {
    let m = a.rows, n = a.columns
    guard n > 0, m > 0 else { throw LinearAlgebraError.emptyProblem("the matrix is \(m)×\(n)") }
    guard b.count == m else { throw LinearAlgebraError.dimensionMismatch("A has \(m) rows but b has \(b.count) values") }
    if let bad = a.firstNonFiniteElement() { throw LinearAlgebraError.nonFinite(argument: "A", row: bad.row, column: bad.column) }
    if let row = b.firstIndex(where: { !$0.isFinite }) { throw LinearAlgebraError.nonFinite(argument: "b", row: row, column: 0) }

    let limit = maxIterations ?? (3 * n + 30)
    var x = [Double](repeating: 0, count: n)
    var passive = [Bool](repeating: false, count: n)
    func dual(_ x: [Double]) -> [Double] {
      let r = zip(b, a.multiplied(by: x)).map { $0 - $1 }
      return a.transposeMultiplied(by: r)
    }
    let tolerance = 10 * Double.ulpOfOne * Double(max(m, n)) * max(1, a.storage.map { abs($0) }.max() ?? 1) * max(1, b.map { abs($0) }.max() ?? 1)
    var w = dual(x)
    var iterations = 0
    while true {
      let candidates = (0..<n).filter { !passive[$0] && w[$0] > tolerance }
      guard let entering = candidates.max(by: { w[$0] < w[$1] }) else { break }
      passive[entering] = true
      while true {
        iterations += 1
        if iterations > limit { throw LinearAlgebraError.notConverged(method: "Lawson–Hanson NNLS", iterations: limit) }
        let set = (0..<n).filter { passive[$0] }
        let z = try LeastSquares.solve(a.selectingColumns(set), b, options: LeastSquaresOptions(rankDeficiency: .minimumNorm)).coefficients
        if z.allSatisfy({ $0 > 0 }) {
          x = [Double](repeating: 0, count: n)
          for (k, j) in set.enumerated() { x[j] = z[k] }
          break
        }
        // Step back to the boundary and drop the variables that hit zero.
        var alpha = Double.infinity
        for (k, j) in set.enumerated() where z[k] <= 0 {
          alpha = min(alpha, x[j] / (x[j] - z[k]))
        }
        for (k, j) in set.enumerated() { x[j] += alpha * (z[k] - x[j]) }
        for j in set where abs(x[j]) <= tolerance { x[j] = 0; passive[j] = false }
      }
      w = dual(x)
    }
    let residual = zip(b, a.multiplied(by: x)).map { $0 - $1 }
    return Solution(x: x, dual: w, residualNorm: sumOfSquares(residual).squareRoot(), iterations: iterations)
  }
}
