import Foundation
import Testing
import TestSupport
@testable import LinearAlgebra

@Suite("Constrained least squares")
struct ConstrainedLeastSquaresTests {
  @Test("dgglse matches the KKT solution of the numpy fixture")
  func equalityConstrained() throws {
    let fixture = try Fixture.load("constrained_problems")
    for case let problem as [String: Any] in fixture["glse"] as! [Any] {
      let x = try ConstrainedLeastSquares.equalityConstrained(
        Fixture.matrix(problem["A"]), Fixture.vector(problem["b"]), constraints: Fixture.matrix(problem["C"]), Fixture.vector(problem["d"]))
      let expected = Fixture.vector(problem["x"])
      #expect(maxAbsDifference(x, expected) < 1e-11 * max(1, expected.map(abs).max()!))
      let c = Fixture.matrix(problem["C"])
      #expect(maxAbsDifference(c.multiplied(by: x), Fixture.vector(problem["d"])) < 1e-12)
    }
  }

  @Test("bounded sum-to-one solutions match exhaustive active-set enumeration")
  func boundedAgainstFixture() throws {
    let fixture = try Fixture.load("constrained_problems")
    for case let problem as [String: Any] in fixture["bounded"] as! [Any] {
      let a = Fixture.matrix(problem["A"]), b = Fixture.vector(problem["b"])
      let lower = Fixture.vector(problem["lower"]), upper = Fixture.vector(problem["upper"])
      let solution = try SimplexBoundedLeastSquares.solve(a, b, lower: lower, upper: upper)
      #expect(maxAbsDifference(solution.x, Fixture.vector(problem["x"])) < 1e-9)
      #expect(abs(solution.objective - (problem["objective"] as! NSNumber).doubleValue) < 1e-10 * max(1, solution.objective))
      try checkKKT(a, b, lower, upper, solution)
    }
  }

  @Test("KKT conditions hold on seeded random problems", arguments: Array(UInt64(100)..<UInt64(130)))
  func kktRandom(seed: UInt64) throws {
    var rng = SeededGenerator(seed: seed)
    let n = Int.random(in: 2...9, using: &rng)
    let m = n + Int.random(in: 1...20, using: &rng)
    let a = rng.matrix(m, n)
    let b = (0..<m).map { _ in 3 * rng.normal() }
    let lower = (0..<n).map { _ in Double.random(in: 0..<(0.9 / Double(n)), using: &rng) }
    var upper = lower.map { $0 + Double.random(in: 0.02..<0.6, using: &rng) }
    if upper.reduce(0, +) < 1 { upper = upper.map { $0 + (1 - upper.reduce(0, +)) / Double(n) + 0.01 } }
    let solution = try SimplexBoundedLeastSquares.solve(a, b, lower: lower, upper: upper)
    try checkKKT(a, b, lower, upper, solution)
  }

  func checkKKT(_ a: Matrix, _ b: [Double], _ lower: [Double], _ upper: [Double], _ s: BoundedSolution) throws {
    let n = a.columns
    let tolerance = 1e-9 * max(1, a.storage.map(abs).max()! * b.map(abs).max()! * Double(a.rows))
    #expect(abs(s.x.reduce(0, +) - 1) < 1e-12)
    for i in 0..<n {
      #expect(s.x[i] >= lower[i] - 1e-12 && s.x[i] <= upper[i] + 1e-12, "bounds of x[\(i)]")
      #expect(s.boundMultipliers[i] >= -tolerance, "μ[\(i)] = \(s.boundMultipliers[i]) must be ≥ 0")
      switch s.activeBounds[i] {
      case .lower?: #expect(abs(s.x[i] - lower[i]) < 1e-12)
      case .upper?: #expect(abs(s.x[i] - upper[i]) < 1e-12)
      case nil: #expect(s.boundMultipliers[i] == 0)
      }
    }
    // Stationarity: Aᵀ(Ax − b) + ν·1 − μ_lo + μ_hi = 0.
    let residual = zip(a.multiplied(by: s.x), b).map { $0 - $1 }
    let gradient = a.transposeMultiplied(by: residual)
    for i in 0..<n {
      var value = gradient[i] + s.sumMultiplier
      switch s.activeBounds[i] {
      case .lower?: value -= s.boundMultipliers[i]
      case .upper?: value += s.boundMultipliers[i]
      case nil: break
      }
      #expect(abs(value) < tolerance, "stationarity of x[\(i)]: \(value)")
    }
  }

  @Test(
    "infeasible bounds name their cause",
    arguments: [
      ([0.5, 0.6], [0.9, 0.9], "Infeasible constraints: the lower bounds sum to 1.1, more than 1, so the weights cannot sum to 1; lower some minimums (cost ≥ 0.6, satisfaction ≥ 0.5)."),
      ([0.0, 0.0], [0.3, 0.4], "Infeasible constraints: the upper bounds sum to 0.7, less than 1, so the weights cannot sum to 1; raise some maximums (cost ≤ 0.4, satisfaction ≤ 0.3)."),
      ([0.0, 0.5], [0.9, 0.4], "Infeasible constraints: the lower bound of 'cost' (0.5) exceeds its upper bound (0.4)."),
    ])
  func infeasible(lower: [Double], upper: [Double], message: String) {
    let a = Matrix(rowMajor: [[1, 0], [0, 1], [1, 1]])
    do {
      _ = try SimplexBoundedLeastSquares.solve(a, [1, 1, 1], lower: lower, upper: upper, names: ["satisfaction", "cost"])
      Issue.record("expected an infeasibility error")
    } catch {
      #expect("\(error)" == message)
    }
  }

  @Test("the seed article's cost-reduction bound: cost weight held within 30–40%")
  func costReductionBounds() throws {
    // Unconstrained, the data favour satisfaction; the bounds force cost into [0.3, 0.4].
    let a = Matrix(rowMajor: [[1, 0, 0], [0, 1, 0], [0, 0, 1]])
    let target = [0.6, 0.3, 0.1]  // satisfaction, response, cost
    let solution = try SimplexBoundedLeastSquares.solve(a, target, lower: [0, 0, 0.3], upper: [1, 1, 0.4])
    #expect(abs(solution.x[2] - 0.3) < 1e-12)
    #expect(solution.activeBounds[2] == .lower)
    #expect(abs(solution.x.reduce(0, +) - 1) < 1e-14)
    #expect(abs(solution.x[0] - 0.5) < 1e-12 && abs(solution.x[1] - 0.2) < 1e-12)
  }

  @Test("NNLS matches scipy.optimize.nnls and its KKT conditions")
  func nnls() throws {
    let fixture = try Fixture.load("constrained_problems")
    for case let problem as [String: Any] in fixture["nnls"] as! [Any] {
      let a = Fixture.matrix(problem["A"]), b = Fixture.vector(problem["b"])
      let solution = try NonNegativeLeastSquares.solve(a, b)
      #expect(maxAbsDifference(solution.x, Fixture.vector(problem["x"])) < 1e-10)
      #expect(abs(solution.residualNorm - (problem["residualNorm"] as! NSNumber).doubleValue) < 1e-10)
      for (x, w) in zip(solution.x, solution.dual) {
        #expect(x >= 0)
        if x > 0 { #expect(abs(w) < 1e-9) } else { #expect(w <= 1e-9) }
      }
    }
  }
}
