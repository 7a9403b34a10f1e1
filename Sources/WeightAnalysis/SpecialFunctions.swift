import Foundation

/// Special functions behind the p-values and confidence intervals of a fit.
///
/// The regularised incomplete beta function is evaluated by its continued fraction
/// (DLMF 8.17.22) with the modified Lentz algorithm (Press et al., *Numerical Recipes*, 3rd ed.,
/// §6.4; Lentz 1976), using the symmetry `I_x(a, b) = 1 − I_{1−x}(b, a)` so that the fraction
/// is always evaluated where it converges fast, and returning the requested tail directly so
/// that tiny p-values keep their relative accuracy (no `1 − (1 − p)` cancellation).
public enum SpecialFunctions {
  /// `log Γ(x)` for `x > 0` (C library `lgamma`).
  public static func logGamma(_ x: Double) -> Double { lgamma(x) }

  /// `log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b)`.
  public static func logBeta(_ a: Double, _ b: Double) -> Double {
    logGamma(a) + logGamma(b) - logGamma(a + b)
  }

  /// The regularised incomplete beta function
  /// ```
  /// I_x(a, b) = (1 / B(a, b)) ∫₀ˣ t^(a−1) (1 − t)^(b−1) dt
  /// ```
  /// or, when `upper` is true, its complement `1 − I_x(a, b) = I_{1−x}(b, a)`, computed without
  /// subtraction.
  ///
  /// - Precondition: `a > 0`, `b > 0`, `0 ≤ x ≤ 1`.
  public static func regularizedIncompleteBeta(_ a: Double, _ b: Double, _ x: Double, upper: Bool = false) -> Double {
    regularizedIncompleteBeta(a, b, x: x, y: 1 - x, upper: upper)
  }

  /// As above, with `y = 1 − x` supplied by the caller. Distributions form `x` and `y` as two
  /// separate quotients (e.g. `ν/(ν+t²)` and `t²/(ν+t²)`), so neither suffers the cancellation
  /// of `1 − x`; with exponents like `ν/2 = 500 000` that cancellation would cost 5 digits.
  static func regularizedIncompleteBeta(_ a: Double, _ b: Double, x: Double, y: Double, upper: Bool) -> Double {
    precondition(a > 0 && b > 0, "regularizedIncompleteBeta needs a > 0 and b > 0, got a = \(a), b = \(b)")
    precondition(x >= 0 && x <= 1, "regularizedIncompleteBeta needs 0 ≤ x ≤ 1, got \(x)")
    if x == 0 { return upper ? 1 : 0 }
    if y == 0 { return upper ? 0 : 1 }
    // The continued fraction for I_x(a, b) converges quickly for x < (a + 1)/(a + b + 2).
    if x < (a + 1) / (a + b + 2) {
      let lower = betaFront(a, b, x, y) * betaContinuedFraction(a, b, x) / a
      return upper ? 1 - lower : lower
    } else {
      let complement = betaFront(b, a, y, x) * betaContinuedFraction(b, a, y) / b
      return upper ? complement : 1 - complement
    }
  }

  /// `x^a (1 − x)^b / B(a, b)`.
  ///
  /// Computed from Stirling's form of the three gamma functions so that the large, nearly
  /// cancelling terms never meet (the naive `lgamma(a) + lgamma(b) − lgamma(a+b)` loses
  /// `log10(lgamma)` digits: 5 digits at a = 50 000). With `c = a + b`, `y = 1 − x` and
  /// `δ(z) = ln Γ(z) − [(z − ½) ln z − z + ½ ln 2π]`:
  /// ```
  /// ln front = a ln(xc/a) + b ln(yc/b) + ½ ln(ab/c) − ½ ln 2π − δ(a) − δ(b) + δ(c)
  /// ```
  /// where `ln(xc/a) = log1p((x b − y a)/a)` near the centre `x ≈ a/c`.
  static func betaFront(_ a: Double, _ b: Double, _ x: Double, _ y: Double) -> Double {
    let c = a + b
    let d = x * b - y * a
    // ln x and ln y without cancellation: ln x = log1p(−y) when x is near 1.
    let logX = x < 0.5 ? log(x) : log1p(-y)
    let logY = y < 0.5 ? log(y) : log1p(-x)
    func logRatio(_ value: Double, _ logValue: Double, _ parameter: Double, _ deviation: Double) -> Double {
      let ratio = value * c / parameter
      return (ratio > 0.5 && ratio < 2) ? log1p(deviation / parameter) : logValue + log(c / parameter)
    }
    let logFront = a * logRatio(x, logX, a, d) + b * logRatio(y, logY, b, -d) + 0.5 * log(a * b / c) - 0.5 * log(2 * Double.pi)
      - stirlingCorrection(a) - stirlingCorrection(b) + stirlingCorrection(c)
    return exp(logFront)
  }

  /// `δ(z) = ln Γ(z) − [(z − ½) ln z − z + ½ ln 2π]`: the asymptotic series
  /// `Σ B₂ₖ / (2k(2k−1) z^(2k−1))` for `z ≥ 10` (error below 1e-17), `lgamma` otherwise.
  static func stirlingCorrection(_ z: Double) -> Double {
    if z >= 10 {
      let inverse = 1 / z, inverse2 = inverse * inverse
      let coefficients: [Double] = [1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680, 1.0 / 1188, -691.0 / 360360, 1.0 / 156, -3617.0 / 122400]
      var sum = 0.0
      for coefficient in coefficients.reversed() { sum = sum * inverse2 + coefficient }
      return sum * inverse
    }
    return lgamma(z) - ((z - 0.5) * log(z) - z + 0.5 * log(2 * Double.pi))
  }

  /// Continued fraction of DLMF 8.17.22 by the modified Lentz method.
  static func betaContinuedFraction(_ a: Double, _ b: Double, _ x: Double) -> Double {
    let tiny = 1e-300
    let epsilon = 1e-16
    let qab = a + b, qap = a + 1, qam = a - 1
    var c = 1.0
    var d = 1 - qab * x / qap
    if abs(d) < tiny { d = tiny }
    d = 1 / d
    var h = d
    for m in 1...100_000 {
      let mm = Double(m), m2 = 2 * mm
      var aa = mm * (b - mm) * x / ((qam + m2) * (a + m2))
      d = 1 + aa * d
      if abs(d) < tiny { d = tiny }
      c = 1 + aa / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      h *= d * c
      aa = -(a + mm) * (qab + mm) * x / ((a + m2) * (qap + m2))
      d = 1 + aa * d
      if abs(d) < tiny { d = tiny }
      c = 1 + aa / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      let delta = d * c
      h *= delta
      if abs(delta - 1) < epsilon { break }
    }
    return h
  }
}

/// Student's t distribution with `degreesOfFreedom` ν > 0.
public struct StudentTDistribution: Sendable {
  public let degreesOfFreedom: Double

  public init(degreesOfFreedom: Double) {
    precondition(degreesOfFreedom > 0, "Student t needs positive degrees of freedom, got \(degreesOfFreedom)")
    self.degreesOfFreedom = degreesOfFreedom
  }

  /// `P(|T| ≥ |t|) = I_{ν/(ν+t²)}(ν/2, 1/2)`.
  public func twoSidedPValue(_ t: Double) -> Double {
    if t.isNaN { return .nan }
    if t.isInfinite { return 0 }
    let nu = degreesOfFreedom
    // Use whichever form of x keeps precision: x = ν/(ν+t²), 1 − x = t²/(ν+t²).
    let t2 = t * t
    if t2 < nu {
      // x close to 1: evaluate the complement through 1 − x = t²/(ν + t²).
      return SpecialFunctions.regularizedIncompleteBeta(0.5, nu / 2, x: t2 / (nu + t2), y: nu / (nu + t2), upper: true)
    }
    return SpecialFunctions.regularizedIncompleteBeta(nu / 2, 0.5, x: nu / (nu + t2), y: t2 / (nu + t2), upper: false)
  }

  /// `P(T ≤ t)`.
  public func cdf(_ t: Double) -> Double {
    let tail = twoSidedPValue(t) / 2
    return t < 0 ? tail : 1 - tail
  }

  /// `P(T > t)`.
  public func survival(_ t: Double) -> Double {
    let tail = twoSidedPValue(t) / 2
    return t > 0 ? tail : 1 - tail
  }

  /// The quantile `t_p` with `P(T ≤ t_p) = p`, by bracketing and bisection refined with
  /// Newton steps on the density, to full double precision.
  public func quantile(_ p: Double) -> Double {
    precondition(p > 0 && p < 1, "quantile needs 0 < p < 1, got \(p)")
    if p == 0.5 { return 0 }
    if p < 0.5 { return -quantile(1 - p) }
    let tailProbability = 1 - p  // upper tail wanted
    var low = 0.0, high = 1.0
    while survival(high) > tailProbability { low = high; high *= 2; if high > 1e300 { return .infinity } }
    var t = 0.5 * (low + high)
    for _ in 0..<200 {
      let s = survival(t)
      if s > tailProbability { low = t } else { high = t }
      // Newton step on the upper tail: d/dt S(t) = −f(t).
      let step = (s - tailProbability) / density(t)
      let candidate = t + step
      let next = (candidate > low && candidate < high) ? candidate : 0.5 * (low + high)
      if abs(next - t) <= 4 * Double.ulpOfOne * abs(t) { t = next; break }
      t = next
    }
    return t
  }

  /// The density `f(t)`.
  public func density(_ t: Double) -> Double {
    let nu = degreesOfFreedom
    let logNorm = SpecialFunctions.logGamma((nu + 1) / 2) - SpecialFunctions.logGamma(nu / 2) - 0.5 * log(nu * Double.pi)
    return exp(logNorm - (nu + 1) / 2 * log1p(t * t / nu))
  }
}

/// Fisher's F distribution with `d1` numerator and `d2` denominator degrees of freedom.
public struct FDistribution: Sendable {
  public let numeratorDegreesOfFreedom: Double
  public let denominatorDegreesOfFreedom: Double

  public init(numeratorDegreesOfFreedom: Double, denominatorDegreesOfFreedom: Double) {
    precondition(numeratorDegreesOfFreedom > 0 && denominatorDegreesOfFreedom > 0, "F needs positive degrees of freedom")
    self.numeratorDegreesOfFreedom = numeratorDegreesOfFreedom
    self.denominatorDegreesOfFreedom = denominatorDegreesOfFreedom
  }

  /// `P(F ≥ f) = I_{d2/(d2 + d1 f)}(d2/2, d1/2)`.
  public func survival(_ f: Double) -> Double {
    if f.isNaN { return .nan }
    if f <= 0 { return 1 }
    if f.isInfinite { return 0 }
    let d1 = numeratorDegreesOfFreedom, d2 = denominatorDegreesOfFreedom
    let x = d2 / (d2 + d1 * f), y = d1 * f / (d2 + d1 * f)
    return SpecialFunctions.regularizedIncompleteBeta(d2 / 2, d1 / 2, x: x, y: y, upper: false)
  }

  /// `P(F ≤ f)`.
  public func cdf(_ f: Double) -> Double {
    if f <= 0 { return 0 }
    let d1 = numeratorDegreesOfFreedom, d2 = denominatorDegreesOfFreedom
    return SpecialFunctions.regularizedIncompleteBeta(d1 / 2, d2 / 2, x: d1 * f / (d2 + d1 * f), y: d2 / (d2 + d1 * f), upper: false)
  }
}

extension SpecialFunctions {
  /// Regularised upper incomplete gamma `Q(a, x) = Γ(a, x)/Γ(a)` for `a > 0`, `x ≥ 0`.
  ///
  /// Series for `P = 1 − Q` when `x < a + 1`, Lentz's continued fraction for `Q` otherwise
  /// (Numerical Recipes §6.2), with the prefactor `xᵃ e⁻ˣ / Γ(a)` formed in logarithms.
  public static func regularizedGammaQ(_ a: Double, _ x: Double) -> Double {
    precondition(a > 0, "Q(a, x) needs a > 0")
    if x.isNaN || a.isNaN { return .nan }
    if x <= 0 { return 1 }
    if x.isInfinite { return 0 }
    let logPrefactor = a * log(x) - x - lgamma(a)
    if x < a + 1 {
      var term = 1 / a, sum = term, ap = a
      for _ in 0..<10_000 {
        ap += 1
        term *= x / ap
        sum += term
        if abs(term) < abs(sum) * 1e-17 { break }
      }
      return 1 - sum * exp(logPrefactor)
    }
    let tiny = 1e-300
    var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
    for i in 1..<10_000 {
      let an = -Double(i) * (Double(i) - a)
      b += 2
      d = an * d + b
      if abs(d) < tiny { d = tiny }
      c = b + an / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      let delta = d * c
      h *= delta
      if abs(delta - 1) < 1e-16 { break }
    }
    return exp(logPrefactor) * h
  }

  /// Survival function of the chi-squared distribution, `P(X > x)` with `k` degrees of freedom.
  public static func chiSquaredSurvival(_ x: Double, degreesOfFreedom k: Double) -> Double {
    regularizedGammaQ(k / 2, x / 2)
  }

  /// Two-sided p-value of a standard normal statistic, `2(1 − Φ(|z|)) = erfc(|z|/√2)`.
  public static func normalTwoSidedPValue(_ z: Double) -> Double {
    erfc(abs(z) / 2.0.squareRoot())
  }

  /// The 97.5% standard normal quantile (95% two-sided intervals).
  public static let normalQuantile975 = 1.959_963_984_540_054
}
