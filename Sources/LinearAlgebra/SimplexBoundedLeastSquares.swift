/// The solution of a bounded, sum-to-one least-squares problem with its optimality certificate.
public struct BoundedSolution: Sendable, Equatable {
  /// Which bound of a variable is active at the solution.
  public enum ActiveBound: String, Sendable, Equatable {
    case lower, upper
  }

  /// The minimiser `x`.
  public let x: [Double]
  /// `activeBounds[i]` is the bound variable `i` sits on, or `nil` when it is free.
  public let activeBounds: [ActiveBound?]
  /// Multiplier `ν` of the constraint `Σx = 1` for the objective `½‖Ax − b‖²`.
  public let sumMultiplier: Double
  /// Multiplier `μᵢ ≥ 0` of variable `i`'s active bound (0 when free).
  public let boundMultipliers: [Double]
  /// `½‖Ax − b‖²` at `x`.
  public let objective: Double
  /// Active-set iterations used.
  public let iterations: Int
}

/// `min ½‖A x − b‖²  subject to  Σ xᵢ = 1,  loᵢ ≤ xᵢ ≤ hiᵢ`.
///
/// ## Method
/// A primal active-set method (Nocedal & Wright, *Numerical Optimization*, 2nd ed., §16.5)
/// whose equality-constrained subproblems are solved by LAPACK `dgglse`:
/// 1. Start from a feasible point: every `xᵢ = loᵢ`, then the remaining mass `1 − Σlo` is
///    poured into the variables in order up to their upper bounds.
/// 2. With the working set `W` of variables held at a bound, solve
///    `min ‖A_F x_F − (b − A_W x_W)‖ s.t. Σ x_F = 1 − Σ x_W` over the free set `F`.
/// 3. If the step leaves the box, move to the first bound hit and add it to `W`.
///    Otherwise compute the multipliers from the gradient `g = Aᵀ(Ax − b)`:
///    `ν = −mean(g_F)`, `μᵢ = g_i + ν` at a lower bound, `μᵢ = −(g_i + ν)` at an upper one.
///    When every `μᵢ ≥ 0` the KKT conditions hold and `x` is optimal (the problem is convex);
///    otherwise release the bound with the most negative multiplier.
///
/// ## KKT conditions at the returned solution
/// ```
/// Aᵀ(Ax − b) + ν·1 − μ_lo + μ_hi = 0,   Σx = 1,   lo ≤ x ≤ hi,   μ ≥ 0,   μᵢ (xᵢ − bound) = 0
/// ```
public enum SimplexBoundedLeastSquares {
  /// Checks that the box and the hyperplane `Σx = 1` intersect.
  ///
  /// - Throws: ``LinearAlgebraError/infeasibleConstraints(_:)`` naming the cause: a variable
  ///   with `lo > hi`, `Σ lo > 1` or `Σ hi < 1`.
  public static func checkFeasibility(lower: [Double], upper: [Double], names: [String]? = nil) throws {
    func name(_ i: Int) -> String { names.map { "'\($0[i])'" } ?? "variable \(i + 1)" }
    for i in lower.indices {
      if !lower[i].isFinite || !upper[i].isFinite {
        throw LinearAlgebraError.infeasibleConstraints("the bounds of \(name(i)) must be finite numbers, got [\(lower[i]), \(upper[i])]")
      }
      if lower[i] > upper[i] {
        throw LinearAlgebraError.infeasibleConstraints("the lower bound of \(name(i)) (\(lower[i])) exceeds its upper bound (\(upper[i]))")
      }
    }
    let tolerance = 1e-12 * Double(max(1, lower.count))
    let lowSum = lower.reduce(0, +), highSum = upper.reduce(0, +)
    // With names, list the bounds that make up the sum (largest first).
    func listing(_ values: [Double], _ symbol: String, keep: (Double) -> Bool) -> String {
      guard let names else { return "" }
      let parts = values.indices.filter { keep(values[$0]) }.sorted { values[$0] > values[$1] }.map { "\(names[$0]) \(symbol) \(values[$0])" }
      return parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))"
    }
    if lowSum > 1 + tolerance {
      throw LinearAlgebraError.infeasibleConstraints(
        "the lower bounds sum to \(lowSum), more than 1, so the weights cannot sum to 1; lower some minimums\(listing(lower, "≥") { $0 > 0 })")
    }
    if highSum < 1 - tolerance {
      throw LinearAlgebraError.infeasibleConstraints(
        "the upper bounds sum to \(highSum), less than 1, so the weights cannot sum to 1; raise some maximums\(listing(upper, "≤") { _ in true })")
    }
  }

  /// Solves the problem.
  ///
  /// - Parameters:
  ///   - a: `m × n` with `m ≥ n − 1` and `[A; 1ᵀ]` of full column rank on every free set the
  ///     method visits (true when `A` has full column rank).
  ///   - b: `m` values.
  ///   - lower, upper: `n` finite bounds each.
  ///   - maxIterations: defaults to `10·n + 50`.
  /// - Throws: ``LinearAlgebraError/infeasibleConstraints(_:)``, ``LinearAlgebraError/notConverged(method:iterations:)``,
  ///   LAPACK errors from `dgglse`.
  public static func solve(_ a: Matrix, _ b: [Double], lower: [Double], upper: [Double], names: [String]? = nil, maxIterations: Int? = nil) throws -> BoundedSolution {
    let m = a.rows, n = a.columns
    guard n > 0 else { throw LinearAlgebraError.emptyProblem("there are no variables") }
    guard b.count == m else { throw LinearAlgebraError.dimensionMismatch("A has \(m) rows but b has \(b.count) values") }
    guard lower.count == n, upper.count == n else {
      throw LinearAlgebraError.dimensionMismatch("A has \(n) columns but \(lower.count) lower and \(upper.count) upper bounds were given")
    }
    if let bad = a.firstNonFiniteElement() { throw LinearAlgebraError.nonFinite(argument: "A", row: bad.row, column: bad.column) }
    if let row = b.firstIndex(where: { !$0.isFinite }) { throw LinearAlgebraError.nonFinite(argument: "b", row: row, column: 0) }
    try checkFeasibility(lower: lower, upper: upper, names: names)

    // 1. Feasible start.
    var x = lower
    var remaining = 1 - lower.reduce(0, +)
    for i in 0..<n where remaining > 0 {
      let room = upper[i] - x[i]
      let add = min(room, remaining)
      x[i] += add
      remaining -= add
    }
    var bound = [BoundedSolution.ActiveBound?](repeating: nil, count: n)
    for i in 0..<n {
      if lower[i] == upper[i] || x[i] <= lower[i] { bound[i] = .lower } else if x[i] >= upper[i] { bound[i] = .upper }
    }
    // Keep at least one variable free so that the working set stays linearly independent of Σx = 1.
    if bound.allSatisfy({ $0 != nil }) {
      let release = (0..<n).first { lower[$0] < upper[$0] } ?? 0
      bound[release] = nil
    }

    let limit = maxIterations ?? (10 * n + 50)
    var iteration = 0
    while iteration < limit {
      iteration += 1
      let free = (0..<n).filter { bound[$0] == nil }
      // 2. Equality-constrained subproblem over the free set.
      var rhs = b
      for j in 0..<n where bound[j] != nil && x[j] != 0 {
        let xj = x[j]
        for i in 0..<m { rhs[i] -= a[i, j] * xj }
      }
      let fixedSum = (0..<n).filter { bound[$0] != nil }.reduce(0.0) { $0 + x[$1] }
      let subA = a.selectingColumns(free)
      let ones = Matrix(rows: 1, columns: free.count, repeating: 1)
      let target: [Double]
      if free.count == 1 {
        target = [1 - fixedSum]
      } else {
        target = try ConstrainedLeastSquares.equalityConstrained(subA, rhs, constraints: ones, [1 - fixedSum])
      }
      // 3. Step towards the subproblem's solution, stopping at the first bound.
      // A target beyond a bound by rounding only (e.g. 1 − Σ fixed = 0.30000000000000004 against
      // a 0.3 ceiling) is not a block: blocking it would bind every variable, release it, and
      // cycle. Such a variable lands on the bound itself.
      var step = 1.0
      var blocking: (index: Int, bound: BoundedSolution.ActiveBound)? = nil
      for (k, i) in free.enumerated() {
        let direction = target[k] - x[i]
        let slack = 1e-12 * max(1, abs(lower[i]), abs(upper[i]))
        if direction < 0 && target[k] < lower[i] - slack {
          let t = (lower[i] - x[i]) / direction
          if t < step { step = max(0, t); blocking = (i, .lower) }
        } else if direction > 0 && target[k] > upper[i] + slack {
          let t = (upper[i] - x[i]) / direction
          if t < step { step = max(0, t); blocking = (i, .upper) }
        }
      }
      for (k, i) in free.enumerated() { x[i] = min(upper[i], max(lower[i], x[i] + step * (target[k] - x[i]))) }
      if let blocking {
        x[blocking.index] = blocking.bound == .lower ? lower[blocking.index] : upper[blocking.index]
        bound[blocking.index] = blocking.bound
        if bound.allSatisfy({ $0 != nil }) {
          // All variables at bounds: Σx = 1 pins the last one; it stays in the working set
          // only implicitly, so release it.
          bound[blocking.index] = nil
        }
        continue
      }
      // Multipliers.
      let residual = a.multiplied(by: x).enumerated().map { $0.element - b[$0.offset] }
      let gradient = a.transposeMultiplied(by: residual)
      let nu = -free.map { gradient[$0] }.reduce(0, +) / Double(free.count)
      var worst: (index: Int, value: Double)? = nil
      let scaleOfGradient = max(1, gradient.map { abs($0) }.max() ?? 1)
      for i in 0..<n {
        guard let side = bound[i], lower[i] < upper[i] else { continue }
        let mu = side == .lower ? gradient[i] + nu : -(gradient[i] + nu)
        if mu < -1e-12 * scaleOfGradient && mu < (worst?.value ?? 0) { worst = (i, mu) }
      }
      if let worst {
        bound[worst.index] = nil
        continue
      }
      var multipliers = [Double](repeating: 0, count: n)
      for i in 0..<n {
        guard let side = bound[i] else { continue }
        multipliers[i] = side == .lower ? gradient[i] + nu : -(gradient[i] + nu)
      }
      // A variable pinned by lo = hi reports the bound on the side its multiplier supports.
      var reported = bound
      for i in 0..<n where lower[i] == upper[i] {
        reported[i] = multipliers[i] >= 0 ? .lower : .upper
        multipliers[i] = abs(multipliers[i])
      }
      // A free variable that ended exactly on a bound is reported as active there (μ = 0).
      for i in free where reported[i] == nil {
        if x[i] <= lower[i] { reported[i] = .lower } else if x[i] >= upper[i] { reported[i] = .upper }
      }
      let objective = 0.5 * sumOfSquares(residual)
      return BoundedSolution(x: x, activeBounds: reported, sumMultiplier: nu, boundMultipliers: multipliers, objective: objective, iterations: iteration)
    }
    throw LinearAlgebraError.notConverged(method: "The bounded sum-to-one active-set solver", iterations: limit)
  }
}
