import Testing
import TestSupport
@testable import LinearAlgebra

@Suite("Bounded sum-to-one solver: no cycling on rounding")
struct CyclingTests {
  /// The balanced preset on five indicators of a prepared helpdesk table: the last free variable's
  /// target, 1 − Σ fixed, came out 0.30000000000000004 against its 0.3 ceiling; blocking it bound
  /// every variable, releasing it freed it again, and the solver cycled until its iteration limit.
  @Test("a target beyond a bound by rounding only lands on the bound and the solve converges (KKT holds)")
  func roundingAtTheBound() throws {
    let targets = [0.10004200504060487, 0.09997199663959674, 0.12961575329028494, 0.45290248511625053, 0.21746775991326295]
    var a = Matrix(rows: 5, columns: 5)
    for j in 0..<5 { a[j, j] = 1 }
    let s = try SimplexBoundedLeastSquares.solve(a, targets, lower: Array(repeating: 0.05, count: 5), upper: Array(repeating: 0.3, count: 5))
    #expect(abs(s.x.reduce(0, +) - 1) < 1e-12)
    #expect(s.x[3] == 0.3 && s.activeBounds[3] == .upper)
    // Free variables share one shift from their targets (the multiplier of Σx = 1).
    let shifts = [0, 1, 2, 4].map { s.x[$0] - targets[$0] }
    for shift in shifts { #expect(abs(shift - shifts[0]) < 1e-12) }
    #expect(s.iterations < 20)
  }
}
