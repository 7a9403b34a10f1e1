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

  /// ``label`` in Chinese.
  public var chineseLabel: String {
    switch self {
    case .rSquared: return "R²"
    case .mcfadden: return "McFadden 伪 R²"
    case .nagelkerke: return "Nagelkerke 伪 R²"
    case .estrella: return "Estrella 伪 R²"
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
  /// Newton–Raphson (IRLS), level by level on both cores, each started from fitted smaller ones:
  /// `β(P) + β(Q) − β(G)` with P and Q the submodel without its highest or its lowest indicator
  /// and G without both (the parent's coefficients, the new one at 0, with one indicator).
  ///
  /// A submodel stops after a step that moves no coefficient by more than 1e-5·(1 + |β|) (Newton's
  /// quadratic convergence leaves the coefficients within ~1e-10 and the log-likelihood, flat at
  /// the optimum, within ~1e-15 of their own). The step after one whose Newton decrement
  /// `gᵀH⁻¹g` was below 1e-2 reuses that information matrix (a chord step: one pass without the
  /// k(k+1)/2 sums), and it stops only if its own decrement is below 1e-7, so the stale matrix
  /// cannot move ln L* by more than ~1e-9. One that has not settled after
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
    let flat = Array(columns.joined())
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
        var fitter = SubmodelFitter(flat: flat, response: y)
        return slice.map { mask in
          let top = Int.bitWidth - 1 - mask.leadingZeroBitCount
          let parent = mask & ~(1 << top)
          let members = (0..<p).filter { mask & (1 << $0) != 0 }
          // The start, from models already fitted: with P = S∖{top}, Q = S∖{low} and G = S∖{top, low},
          // β ≈ β(P) + β(Q) − β(G) (each indicator's coefficient moves as it did when the other
          // entered); with one indicator, the parent's with the new coefficient at 0.
          func coefficient(_ model: Int, _ j: Int) -> Double {
            guard j >= 0 else { return frozen[model][0] }
            guard model & (1 << j) != 0 else { return 0 }
            return frozen[model][(model & ((1 << j) - 1)).nonzeroBitCount + 1]
          }
          let low = mask.trailingZeroBitCount
          var start: [Double]
          if low != top {
            let q = mask & ~(1 << low), g = parent & ~(1 << low)
            start = ([-1] + members).map { j in coefficient(parent, j) + coefficient(q, j) - coefficient(g, j) }
          } else {
            start = ([-1] + members).map { j in coefficient(parent, j) }
          }
          let (beta, logLikelihood, didSeparate) = fitter.fit(members: members, start: start)
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

  /// Fits logistic submodels on columns of one dataset, reusing its buffers (one per thread).
  ///
  /// Each full Newton step is one pass over the rows (``accumulate(_:_:gradient:hessian:information:)``):
  /// eight rows at a time, `η = β₀ + Σ βⱼxⱼ`, `t = e^(−|η|)` (``VectorMath/exp(_:)-swift.type.method``),
  /// `d = 1/(1 + t)`, `μ = d` or `t d`, `w = t d²`, `r = y − μ`, and the sums of the gradient
  /// `Σ r xₐ` and of the information `Σ w xₐ x_b` in SIMD accumulators (fused multiply–adds
  /// where the build has them). The log-likelihood is `Σ yᵢηᵢ − Σ max(ηᵢ, 0) − Σ log(1 + tᵢ)`, the
  /// last as the logarithm of running products (renormalised every 256 rows), so a submodel
  /// costs one logarithm per 256 rows.
  struct SubmodelFitter {
    /// The columns end to end (column j from j·n), shared between the threads.
    let flat: [Double]
    let y: [Double]
    var eta: [Double], e: [Double]

    init(flat: [Double], response: [Double]) {
      self.flat = flat
      y = response
      eta = [Double](repeating: 0, count: response.count)
      e = eta
    }

    mutating func linearPredictor(_ members: [Int], _ beta: [Double]) {
      let n = y.count
      eta.withUnsafeMutableBufferPointer { eta in
        flat.withUnsafeBufferPointer { flat in
          for i in 0..<n { eta[i] = beta[0] }
          for (a, j) in members.enumerated() {
            let b = beta[a + 1], x = flat.baseAddress! + j * n
            for i in 0..<n { eta[i] += b * x[i] }
          }
        }
      }
    }

    /// One pass over the rows at β: the gradient `Xᵀ(y − μ)`, the information `XᵀWX` (upper
    /// triangle, row-major k × k) and ln L(β), eight rows at a time with every sum in a SIMD
    /// accumulator, so each column is read once per Newton step.
    func accumulate(_ members: [Int], _ beta: [Double], gradient: inout [Double], hessian: inout [Double], information: Bool) -> Double {
      let n = y.count, m = members.count, k = m + 1
      let triangle = k * (k + 1) / 2
      return flat.withUnsafeBufferPointer { flat in
        y.withUnsafeBufferPointer { y in
          withUnsafeTemporaryAllocation(of: SIMD8<Double>.self, capacity: 3 * k + triangle) { scratch in
            let xs = scratch.baseAddress!, g = xs + k, h = g + k, slopes = h + triangle
            for a in 0..<(k + triangle) { g[a] = SIMD8() }
            let base = UnsafeRawPointer(flat.baseAddress!), py = UnsafeRawPointer(y.baseAddress!)
            let columns = UnsafeMutablePointer<UnsafeRawPointer>.allocate(capacity: max(m, 1))
            defer { columns.deallocate() }
            for a in 0..<m {
              columns[a] = base + members[a] * n * 8
              slopes[a] = SIMD8(repeating: beta[a + 1])
            }
            let b0 = beta[0]
            var sumYEta = SIMD8<Double>(), sumPositive = SIMD8<Double>(), product = SIMD8<Double>(repeating: 1)
            var logSum = 0.0
            var i = 0
            xs[0] = SIMD8(repeating: 1)
            while i + 8 <= n {
              var v = SIMD8<Double>(repeating: b0)
              for a in 0..<m {
                let x = columns[a].loadUnaligned(fromByteOffset: i * 8, as: SIMD8<Double>.self)
                xs[a + 1] = x
                v = VectorMath.fusedMultiplyAdd(slopes[a], x, v)
              }
              let yv = py.loadUnaligned(fromByteOffset: i * 8, as: SIMD8<Double>.self)
              // t = e^(−|η|), d = 1/(1 + t): μ = d when η ≥ 0, else t d; w = μ(1 − μ) = t d².
              let negative = v .< 0
              let t = VectorMath.exp(v.replacing(with: -v, where: .!negative))
              let d = 1 / (1 + t)
              let td = t * d
              let wv = td * d, rv = yv - d.replacing(with: td, where: negative)
              sumYEta += yv * v
              sumPositive += v.replacing(with: 0, where: negative)
              product *= 1 + t
              for a in 0..<k { g[a] = VectorMath.fusedMultiplyAdd(rv, xs[a], g[a]) }
              if information {
                var cell = 0
                for a in 0..<k {
                  let wx = wv * xs[a]
                  for b in a..<k {
                    h[cell] = VectorMath.fusedMultiplyAdd(wx, xs[b], h[cell])
                    cell += 1
                  }
                }
              }
              i += 8
              if i & 2047 == 0 {
                for lane in 0..<8 {
                  let parts = frexp(product[lane])
                  logSum += Double(parts.1) * M_LN2
                  product[lane] = parts.0
                }
              }
            }
            for lane in 0..<8 { logSum += log(product[lane]) }
            var linear = sumYEta.sum(), positive = sumPositive.sum()
            for a in 0..<k { gradient[a] = g[a].sum() }
            var cell = 0
            for a in 0..<k where information {
              for b in a..<k {
                hessian[a * k + b] = h[cell].sum()
                cell += 1
              }
            }
            // The last n mod 8 rows one at a time.
            while i < n {
              var v = b0
              for a in 0..<m { v += beta[a + 1] * flat[members[a] * n + i] }
              let ex = Foundation.exp(-v), q = 1 / (1 + ex)
              let wv = ex * q * q, rv = y[i] - q
              linear += y[i] * v
              positive += max(v, 0)
              logSum += log1p(v < 0 ? 1 / ex : ex)
              for a in 0..<k {
                let xa = a == 0 ? 1 : flat[members[a - 1] * n + i]
                gradient[a] += rv * xa
                for b in a..<k where information {
                  let xb = b == 0 ? 1 : flat[members[b - 1] * n + i]
                  hessian[a * k + b] += wv * xa * xb
                }
              }
              i += 1
            }
            return linear - positive - logSum
          }
        }
      }
    }
    /// One submodel: its coefficients, log-likelihood, and whether it separated.
    mutating func fit(members: [Int], start: [Double]) -> ([Double], Double, Bool) {
      let n = y.count, k = members.count + 1
      var beta = start
      var separated = true
      var hessian = [Double](repeating: 0, count: k * k)
      var gradient = [Double](repeating: 0, count: k)
      var currentLogLikelihood = 0.0, finalLogLikelihood = 0.0
      // After a Newton step whose decrement gᵀH⁻¹g was below 1e-2 the next is usually ~1e-8: that
      // pass skips the information and steps with the last one (a chord step), which confirms
      // convergence and gives ln L* = ln L(β) + ½ gᵀH⁻¹g when that correction is negligible.
      var reuseInformation = false
      for _ in 0..<60 {
        currentLogLikelihood = accumulate(members, beta, gradient: &gradient, hessian: &hessian, information: !reuseInformation)
        guard let step = DominanceAnalysis.solveSymmetric(hessian, gradient, k) else { break }
        // ln L after the step, from Newton's quadratic model: ln L(β) + ½ gᵀδ (error O(|δ|³)).
        var decrement = 0.0
        for a in 0..<k { decrement += gradient[a] * step[a] }
        finalLogLikelihood = currentLogLikelihood + decrement / 2
        var largest = 0.0
        for a in 0..<k {
          beta[a] += step[a]
          largest = max(largest, abs(step[a]) / (1 + abs(beta[a])))
        }
        if !largest.isFinite { break }
        // Newton converges quadratically: after a step this small the coefficients are within
        // ~1e-8 of the optimum, and the log-likelihood (flat there) within ~1e-13 of its own.
        // After a chord step, only when its correction ½gᵀδ is itself negligible (below 5e-8: the
        // stale information errs on it by a few per cent).
        if largest < 1e-5, !reuseInformation || decrement < 1e-7 {
          separated = false
          break
        }
        reuseInformation = !reuseInformation && decrement < 1e-2
      }
      if !separated { return (beta, finalLogLikelihood, false) }
      // A separated fit: the log-likelihood at the coefficients reached.
      linearPredictor(members, beta)
      var linear = 0.0, positive = 0.0
      var logSum = 0.0
      eta.withUnsafeBufferPointer { eta in
        y.withUnsafeBufferPointer { y in
          e.withUnsafeMutableBufferPointer { e in
            for i in 0..<n {
              linear += y[i] * eta[i]
              positive += max(eta[i], 0)
              e[i] = -abs(eta[i])
            }
            VectorMath.exp(UnsafeBufferPointer(e), into: e)
            // Σ log(1 + tᵢ) as the logarithm of running products (each factor in (1, 2]).
            var product = 1.0
            for i in 0..<n {
              product *= 1 + e[i]
              if i & 255 == 255 {
                let parts = frexp(product)
                logSum += Double(parts.1) * M_LN2
                product = parts.0
              }
            }
            logSum += log(product)
          }
        }
      }
      return (beta, linear - positive - logSum, separated)
    }
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
