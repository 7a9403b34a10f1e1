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
  /// A submodel stops after a step that moves no coefficient by more than 1e-5·(1 + |β|) (Newton's
  /// quadratic convergence leaves the coefficients within ~1e-10 and the log-likelihood, flat at
  /// the optimum, within ~1e-15 of their own). One that has not settled after
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
        var fitter = SubmodelFitter(columns: columns, response: y)
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
  /// Each Newton step is a few passes over the columns: `η = β₀ + Σ βⱼxⱼ`, `e = exp(−η)` eight
  /// at a time (``VectorMath/exp(_:)-swift.type.method``), `μ = 1/(1 + e)`, `w = e/(1 + e)²`,
  /// `r = y − μ`, then the gradient `Σ r xₐ` and the information `Σ w xₐ x_b` as dot products.
  /// The log-likelihood at the solution is `Σ yᵢηᵢ − Σ softplus(ηᵢ)` with
  /// `softplus(η) = max(η, 0) + log(1 + e^(−|η|))`, the logs taken of running products
  /// (renormalised every 256 factors), so a submodel costs one logarithm per 256 rows.
  struct SubmodelFitter {
    let columns: [[Double]]
    let y: [Double]
    var eta: [Double], e: [Double], w: [Double], r: [Double]
    var weighted: [[Double]]

    init(columns: [[Double]], response: [Double]) {
      self.columns = columns
      y = response
      let n = response.count
      eta = [Double](repeating: 0, count: n)
      e = eta
      w = eta
      r = eta
      weighted = Array(repeating: eta, count: columns.count)
    }

    mutating func linearPredictor(_ members: [Int], _ beta: [Double]) {
      let n = y.count
      eta.withUnsafeMutableBufferPointer { eta in
        for i in 0..<n { eta[i] = beta[0] }
        for (a, j) in members.enumerated() {
          let b = beta[a + 1]
          columns[j].withUnsafeBufferPointer { x in
            for i in 0..<n { eta[i] += b * x[i] }
          }
        }
      }
    }

    static func dot(_ a: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>) -> Double {
      let n = a.count
      let pa = UnsafeRawPointer(a.baseAddress!), pb = UnsafeRawPointer(b.baseAddress!)
      var s0 = SIMD8<Double>(), s1 = SIMD8<Double>()
      var i = 0
      while i + 16 <= n {
        s0 += pa.loadUnaligned(fromByteOffset: i * 8, as: SIMD8<Double>.self) * pb.loadUnaligned(fromByteOffset: i * 8, as: SIMD8<Double>.self)
        s1 += pa.loadUnaligned(fromByteOffset: i * 8 + 64, as: SIMD8<Double>.self) * pb.loadUnaligned(fromByteOffset: i * 8 + 64, as: SIMD8<Double>.self)
        i += 16
      }
      var tail = 0.0
      while i < n {
        tail += a[i] * b[i]
        i += 1
      }
      return (s0 + s1).sum() + tail
    }

    static func sum(_ a: UnsafeBufferPointer<Double>) -> Double {
      let n = a.count
      let pa = UnsafeRawPointer(a.baseAddress!)
      var s0 = SIMD8<Double>()
      var i = 0
      while i + 8 <= n {
        s0 += pa.loadUnaligned(fromByteOffset: i * 8, as: SIMD8<Double>.self)
        i += 8
      }
      var tail = 0.0
      while i < n {
        tail += a[i]
        i += 1
      }
      return s0.sum() + tail
    }

    /// One submodel: its coefficients, log-likelihood, and whether it separated.
    mutating func fit(members: [Int], start: [Double]) -> ([Double], Double, Bool) {
      let n = y.count, k = members.count + 1
      var beta = start
      var separated = true
      var hessian = [Double](repeating: 0, count: k * k)
      var gradient = [Double](repeating: 0, count: k)
      var currentLogLikelihood = 0.0, finalLogLikelihood = 0.0
      for _ in 0..<60 {
        linearPredictor(members, beta)
        // e = exp(−η), μ = 1/(1 + e), w = e μ², r = y − μ, eight rows at a time; and the
        // log-likelihood at β on the way: Σ yη − Σ max(η, 0) − Σ log(1 + e^(−|η|)), the last as
        // the logarithm of running products (factors in (1, 2], renormalised every 256 rows).
        var linear = 0.0, positive = 0.0, logSum = 0.0
        eta.withUnsafeBufferPointer { eta in
          w.withUnsafeMutableBufferPointer { w in
            r.withUnsafeMutableBufferPointer { r in
              y.withUnsafeBufferPointer { y in
                let pe = UnsafeRawPointer(eta.baseAddress!), py = UnsafeRawPointer(y.baseAddress!)
                let pw = UnsafeMutableRawPointer(w.baseAddress!), pr = UnsafeMutableRawPointer(r.baseAddress!)
                var sumYEta = SIMD8<Double>(), sumPositive = SIMD8<Double>(), product = SIMD8<Double>(repeating: 1)
                var i = 0
                while i + 8 <= n {
                  let v = pe.loadUnaligned(fromByteOffset: i * 8, as: SIMD8<Double>.self), yv = py.loadUnaligned(fromByteOffset: i * 8, as: SIMD8<Double>.self)
                  let ex = VectorMath.exp(-v)
                  let q = 1 / (1 + ex)
                  pw.storeBytes(of: ex * q * q, toByteOffset: i * 8, as: SIMD8<Double>.self)
                  pr.storeBytes(of: yv - q, toByteOffset: i * 8, as: SIMD8<Double>.self)
                  sumYEta += yv * v
                  sumPositive += v.replacing(with: 0, where: v .< 0)
                  // 1 + e^(−|η|): e when η ≥ 0, 1/e when η < 0.
                  product *= 1 + ex.replacing(with: 1 / ex, where: v .< 0)
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
                linear = sumYEta.sum()
                positive = sumPositive.sum()
                while i < n {
                  let ex = Foundation.exp(-eta[i]), q = 1 / (1 + ex)
                  w[i] = ex * q * q
                  r[i] = y[i] - q
                  linear += y[i] * eta[i]
                  positive += max(eta[i], 0)
                  logSum += log1p(eta[i] < 0 ? 1 / ex : ex)
                  i += 1
                }
              }
            }
          }
        }
        currentLogLikelihood = linear - positive - logSum
        // The gradient Xᵀr and the information XᵀWX as dot products (w ∘ xₐ formed once per a).
        w.withUnsafeBufferPointer { w in
          r.withUnsafeBufferPointer { r in
            gradient[0] = Self.sum(r)
            hessian[0] = Self.sum(w)
            for (a, j) in members.enumerated() {
              columns[j].withUnsafeBufferPointer { x in
                weighted[a].withUnsafeMutableBufferPointer { wx in
                  for i in 0..<n { wx[i] = w[i] * x[i] }
                }
                gradient[a + 1] = Self.dot(r, x)
              }
            }
          }
        }
        for a in 0..<members.count {
          weighted[a].withUnsafeBufferPointer { wx in
            hessian[a + 1] = Self.sum(wx)
            for b in a..<members.count {
              columns[members[b]].withUnsafeBufferPointer { x in hessian[(a + 1) * k + b + 1] = Self.dot(wx, x) }
            }
          }
        }
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
        if largest < 1e-5 {
          separated = false
          break
        }
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
