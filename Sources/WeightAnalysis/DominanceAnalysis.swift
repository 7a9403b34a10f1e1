import Foundation
import LinearAlgebra

/// The fit statistic a dominance analysis shares out.
public enum DominanceStatistic: String, Sendable, CaseIterable {
  /// R² of a linear model (general dominance is then LMG).
  case rSquared = "r2"
  /// McFadden's pseudo-R², `1 − ln L(S) / ln L₀`.
  case mcfadden
  /// Nagelkerke's, Cox–Snell's `1 − exp(2(ln L₀ − ln L(S))/n)` over its maximum `1 − exp(2 ln L₀/n)`.
  case nagelkerke
  /// Estrella's, `1 − (ln L(S) / ln L₀)^(−2 ln L₀ / n)`.
  case estrella

  /// How outputs name it.
  public var label: String {
    switch self {
    case .rSquared: return "R²"
    case .mcfadden: return "McFadden's pseudo-R²"
    case .nagelkerke: return "Nagelkerke's pseudo-R²"
    case .estrella: return "Estrella's pseudo-R²"
    }
  }

  /// The statistic from a submodel's log-likelihood, the null model's and n (logistic).
  func value(logLikelihood l: Double, null l0: Double, rows n: Double) -> Double {
    switch self {
    case .rSquared, .mcfadden: return 1 - l / l0
    case .nagelkerke: return (1 - exp(2 / n * (l0 - l))) / (1 - exp(2 * l0 / n))
    case .estrella: return 1 - pow(l / l0, -2 / n * l0)
    }
  }
}

/// Dominance analysis (Budescu 1993; Azen & Budescu 2003): a fit statistic of every submodel,
/// and what it says about each pair of indicators.
///
/// With `v(S)` the statistic of the model on the indicators `S` (`v(∅) = 0`):
/// ```
/// conditional  C_j(s) = mean over S ⊆ P∖{j}, |S| = s, of v(S ∪ {j}) − v(S)     (s = 0 … p−1)
/// general      G_j = mean over s of C_j(s)   (the Shapley value of v; LMG for R²)
/// a completely dominates b    when v(S ∪ {a}) > v(S ∪ {b}) for every S ⊆ P∖{a, b}
/// a conditionally dominates b when C_a(s) > C_b(s) for every s
/// a generally dominates b     when G_a > G_b
/// ```
/// as R's `dominanceanalysis` and Python's `dominance-analysis` define them.
public struct DominanceAnalysis: Sendable {
  public let indicators: [String]
  public let statistic: DominanceStatistic
  /// `v(S)` by bit mask (bit j: indicator j in S).
  public let subsetValues: [Double]
  /// `C_j(s)`, indicator by size.
  public let conditional: [[Double]]
  public let general: [Double]
  /// Pairs `(a, b)`: a dominates b (indices into ``indicators``).
  public let complete: [(Int, Int)]
  public let conditionalDominance: [(Int, Int)]
  public let generalDominance: [(Int, Int)]
  /// Submodels whose logistic fit separated the outcome (their statistic is the value reached
  /// when the iterations stopped).
  public let separatedSubmodels: Int

  /// The most indicators an exact dominance analysis takes (2ᵖ submodels).
  public static let limit = 15

  /// The designations from the submodel values.
  public init(indicators: [String], statistic: DominanceStatistic, subsetValues v: [Double], separatedSubmodels: Int = 0) {
    let p = indicators.count
    precondition(v.count == 1 << p, "one value per subset")
    var conditional = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
    var counts = [[Int]](repeating: [Int](repeating: 0, count: p), count: p)
    for mask in 0..<(1 << p) {
      let size = mask.nonzeroBitCount
      for j in 0..<p where mask & (1 << j) == 0 {
        conditional[j][size] += v[mask | 1 << j] - v[mask]
        counts[j][size] += 1
      }
    }
    for j in 0..<p { for s in 0..<p { conditional[j][s] /= Double(counts[j][s]) } }
    let general = conditional.map { $0.reduce(0, +) / Double(p) }
    var complete: [(Int, Int)] = [], conditionalPairs: [(Int, Int)] = [], generalPairs: [(Int, Int)] = []
    for a in 0..<p {
      for b in 0..<p where a != b {
        let both = 1 << a | 1 << b
        var dominates = true
        for mask in 0..<(1 << p) where mask & both == 0 {
          if !(v[mask | 1 << a] > v[mask | 1 << b]) {
            dominates = false
            break
          }
        }
        if dominates { complete.append((a, b)) }
        if (0..<p).allSatisfy({ conditional[a][$0] > conditional[b][$0] }) { conditionalPairs.append((a, b)) }
        if general[a] > general[b] { generalPairs.append((a, b)) }
      }
    }
    self.indicators = indicators
    self.statistic = statistic
    self.subsetValues = v
    self.conditional = conditional
    self.general = general
    self.complete = complete
    self.conditionalDominance = conditionalPairs
    self.generalDominance = generalPairs
    self.separatedSubmodels = separatedSubmodels
  }

  /// Dominance of R² in a linear model, from the correlations (``RelativeImportance/subsetRSquared(_:)``).
  public static func linear(_ structure: CorrelationStructure) throws -> DominanceAnalysis {
    guard structure.count <= limit else { throw tooMany(structure.count) }
    return DominanceAnalysis(indicators: structure.indicators, statistic: .rSquared, subsetValues: try RelativeImportance.subsetRSquared(structure))
  }

  static func tooMany(_ count: Int) -> AnalysisError {
    .methodNotApplicable(
      method: "dominance",
      reason: "it fits all 2^\(count) submodels of \(count) indicators, and its limit is \(limit); use \(Setting.method) relative-weights, or fewer indicators")
  }
}

extension DominanceAnalysis {
  /// Dominance of a pseudo-R² in a logistic model with an intercept: every submodel fitted by
  /// Newton–Raphson (IRLS), each started from its parent's coefficients (the submodel without
  /// its highest indicator) with the new one at 0, level by level on both cores.
  ///
  /// A submodel stops when a step moves no coefficient by more than 1e-7·(1 + |β|) (Newton's
  /// quadratic convergence makes the next step's error ~1e-14). One that has not settled after
  /// 60 steps, or whose information matrix is no longer positive definite, separates the outcome:
  /// it keeps the statistic reached and is counted in ``separatedSubmodels``.
  public static func logistic(
    response y: [Double], columns: [[Double]], indicators: [String], statistic: DominanceStatistic = .mcfadden
  ) throws -> DominanceAnalysis {
    let p = columns.count, n = y.count
    guard p <= limit else { throw tooMany(p) }
    let events = y.reduce(0, +)
    guard events > 0, events < Double(n) else { throw AnalysisError.constantColumn(name: "outcome", value: events > 0 ? 1 : 0, isOutcome: true) }
    let ybar = events / Double(n)
    let null = Double(n) * (ybar * log(ybar) + (1 - ybar) * log(1 - ybar))
    let stat: DominanceStatistic = statistic == .rSquared ? .mcfadden : statistic
    // Rows contiguous: row i's indicators at x[i·p ..< (i+1)·p].
    var x = [Double](repeating: 0, count: n * p)
    for (j, column) in columns.enumerated() { for i in 0..<n { x[i * p + j] = column[i] } }
    let rows = x
    var betas = [[Double]](repeating: [], count: 1 << p)
    var values = [Double](repeating: 0, count: 1 << p)
    var separated = [Bool](repeating: false, count: 1 << p)
    betas[0] = [log(ybar / (1 - ybar))]
    let bySize = Dictionary(grouping: 1..<(1 << p), by: \.nonzeroBitCount)
    for size in 1...max(1, p) where p > 0 {
      let masks = bySize[size] ?? []
      let half = (masks.count + 1) / 2
      let frozen = betas
      let parts = try Parallel.map(2) { part -> [(Int, [Double], Double, Bool)] in
        let slice = part == 0 ? masks[0..<half] : masks[half...]
        return slice.map { mask in
          let top = Int.bitWidth - 1 - mask.leadingZeroBitCount
          let parent = mask & ~(1 << top)
          let members = (0..<p).filter { mask & (1 << $0) != 0 }
          // The parent's coefficients in this submodel's order (the new indicator starts at 0).
          let parentMembers = (0..<p).filter { parent & (1 << $0) != 0 }
          var start = [frozen[parent][0]]
          for j in members { start.append(parentMembers.firstIndex(of: j).map { frozen[parent][$0 + 1] } ?? 0) }
          let (beta, logLikelihood, didSeparate) = newton(rows: rows, width: p, y: y, members: members, start: start)
          return (mask, beta, stat.value(logLikelihood: logLikelihood, null: null, rows: Double(n)), didSeparate)
        }
      }
      for (mask, beta, value, didSeparate) in parts.joined() {
        betas[mask] = beta
        values[mask] = value
        separated[mask] = didSeparate
      }
    }
    return DominanceAnalysis(indicators: indicators, statistic: stat, subsetValues: values, separatedSubmodels: separated.filter { $0 }.count)
  }

  /// One logistic submodel (intercept + `members`) by Newton–Raphson from `start`: the
  /// coefficients, the log-likelihood, and whether it separated.
  static func newton(rows x: [Double], width p: Int, y: [Double], members: [Int], start: [Double]) -> ([Double], Double, Bool) {
    let n = y.count, k = members.count + 1
    var beta = start
    var gradient = [Double](repeating: 0, count: k)
    var hessian = [Double](repeating: 0, count: k * k)
    var xi = [Double](repeating: 0, count: k)
    var separated = true
    x.withUnsafeBufferPointer { x in
      y.withUnsafeBufferPointer { y in
        for _ in 0..<60 {
          for a in 0..<k { gradient[a] = 0 }
          for a in 0..<(k * k) { hessian[a] = 0 }
          for i in 0..<n {
            xi[0] = 1
            var eta = beta[0]
            for (a, j) in members.enumerated() {
              let value = x[i * p + j]
              xi[a + 1] = value
              eta += beta[a + 1] * value
            }
            let mu = 1 / (1 + exp(-eta))
            let w = mu * (1 - mu), r = y[i] - mu
            for a in 0..<k {
              let wa = w * xi[a]
              gradient[a] += r * xi[a]
              for b in a..<k { hessian[a * k + b] += wa * xi[b] }
            }
          }
          guard let step = solveSymmetric(hessian, gradient, k) else { return }
          var largest = 0.0
          for a in 0..<k {
            beta[a] += step[a]
            largest = max(largest, abs(step[a]) / (1 + abs(beta[a])))
          }
          if !largest.isFinite { return }
          if largest < 1e-7 {
            separated = false
            return
          }
        }
      }
    }
    // The log-likelihood at the coefficients reached.
    var logLikelihood = 0.0
    for i in 0..<n {
      var eta = beta[0]
      for (a, j) in members.enumerated() { eta += beta[a + 1] * x[i * p + j] }
      logLikelihood += y[i] == 1 ? -LogisticRegression.softplus(-eta) : -LogisticRegression.softplus(eta)
    }
    return (beta, logLikelihood, separated)
  }

  /// `H⁻¹ g` for a symmetric positive definite `H` (upper triangle, row-major k × k) by Cholesky;
  /// `nil` when H is not positive definite.
  static func solveSymmetric(_ h: [Double], _ g: [Double], _ k: Int) -> [Double]? {
    var l = [Double](repeating: 0, count: k * k)  // lower, row-major
    for i in 0..<k {
      for j in 0...i {
        var sum = h[j * k + i]
        for m in 0..<j { sum -= l[i * k + m] * l[j * k + m] }
        if i == j {
          guard sum > 1e-300 * max(1, h[i * k + i]), sum.isFinite else { return nil }
          l[i * k + i] = sum.squareRoot()
        } else {
          l[i * k + j] = sum / l[j * k + j]
        }
      }
    }
    var z = g
    for i in 0..<k {
      for m in 0..<i { z[i] -= l[i * k + m] * z[m] }
      z[i] /= l[i * k + i]
    }
    for i in stride(from: k - 1, through: 0, by: -1) {
      for m in (i + 1)..<max(i + 1, k) { z[i] -= l[m * k + i] * z[m] }
      z[i] /= l[i * k + i]
    }
    return z
  }
}
