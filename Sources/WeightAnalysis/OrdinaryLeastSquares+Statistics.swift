import Foundation
import LinearAlgebra

extension OrdinaryLeastSquares {
  /// The fit of `y ~ 1 + x₁ + … + x_p` from ``SufficientStatistics``, without the rows.
  ///
  /// With `R = [[R_zz, r_zy], [0, r_yy]]` the factor of `z = [1, x − s_x, y − s_y]`:
  /// ```
  /// θ'  = R_zz⁻¹ r_zy      (intercept of the shifted model, then the slopes β)
  /// SSR = r_yy²            TSS = Σ_{l ≥ 1} R_{l,y}²  (the centred sum of the outcome)
  /// R_x = R_zz T⁻¹,  T⁻¹ = [[1, s_xᵀ], [0, I]]   (the factor of the design [1, x] as given)
  /// B   = (R_xᵀR_x)⁻¹       intercept = θ'₀ + s_y − βᵀs_x
  /// CR1: u_g = G_g,zy − G_g,zz θ'  (shifted),  V = T (B' M B') Tᵀ · G/(G−1) · (n−1)/(n−k)
  /// ```
  /// — the same estimates and statistics as ``fit(outcome:response:indicators:columns:includeIntercept:rankDeficiency:covariance:weights:fixedEffects:twoWayAdjustment:)``
  /// with an intercept, `iid` or one-way `cluster` errors (CR1 is linear in the clusters' Gram
  /// matrices; HC and CR2 need the rows). ``RegressionFit/residuals`` is empty.
  ///
  /// - Parameter clustered: CR1 by the statistics' clusters (they must have them).
  public static func fit(statistics: SufficientStatistics, clustered: Bool) throws -> RegressionFit {
    let p = statistics.indicators.count, k = p + 1, q = p + 2
    let n = statistics.observations
    let r = statistics.triangle
    guard n > k else { throw AnalysisError.tooFewRows(rows: n, parameters: k) }
    // Constant columns are reported as the in-memory fit does (their value is the shift: a constant
    // column equals its first row).
    let structure = try statistics.correlationStructure()
    let cross = statistics.centredCrossProducts
    let sx = Array(statistics.shift.prefix(p)), sy = statistics.shift[p]
    var rzz = Matrix(rows: k, columns: k)
    for j in 0..<k { for i in 0...j { rzz[i, j] = r[i, j] } }
    // Rank: a pivot below ε·√k of its column's norm means the column is (nearly) a combination of
    // the earlier ones — the test the pivoted QR of the in-memory fit makes.
    let tolerance = Double.ulpOfOne * Double(k) * 10
    for j in 1..<k {
      var norm = 0.0
      for i in 0...j { norm += rzz[i, j] * rzz[i, j] }
      if !(abs(rzz[j, j]) > tolerance * norm.squareRoot()) {
        throw AnalysisError.collinearIndicators(["'\(statistics.indicators[j - 1])' is a linear combination of the earlier indicators and the intercept"])
      }
    }
    let rInverse = upperInverse(rzz)
    var theta = [Double](repeating: 0, count: k)
    for i in 0..<k { for j in i..<k { theta[i] += rInverse[i, j] * r[j, q - 1] } }
    let ssr = r[q - 1, q - 1] * r[q - 1, q - 1]
    let tss = cross[p, p]
    // The design as given: R_x = R_zz T⁻¹ (add s_xⱼ times the first column to column j).
    var rx = rzz
    for j in 1..<k { for i in 0...j { rx[i, j] += sx[j - 1] * rzz[i, 0] } }
    let rxInverse = upperInverse(rx)
    let bread = gramOfRows(rxInverse)
    var coefficientsValues = theta
    coefficientsValues[0] = theta[0] + sy - zip(theta.dropFirst(), sx).reduce(0) { $0 + $1.0 * $1.1 }

    let dfResidual = n - k, dfModel = p
    let rSquared = 1 - ssr / tss
    let adjusted = 1 - Double(n - 1) / Double(dfResidual) * (1 - rSquared)
    let sigma2 = ssr / Double(dfResidual)
    var fStatistic = ((tss - ssr) / Double(dfModel)) / sigma2
    var fPValue = sigma2 == 0 ? 0 : FDistribution(numeratorDegreesOfFreedom: Double(dfModel), denominatorDegreesOfFreedom: Double(dfResidual)).survival(fStatistic)
    let nD = Double(n)
    let logLikelihood = -nD / 2 * (log(2 * Double.pi) + log(ssr / nD) + 1)
    let aic = -2 * logLikelihood + 2 * Double(k)
    let bic = -2 * logLikelihood + Double(k) * log(nD)

    var covariance: CoefficientCovariance? = nil
    if clustered {
      guard let clusters = statistics.clusters else {
        throw AnalysisError.unusableSetting(.standardErrors, reason: "the statistics hold no clusters; compute them with a cluster column, or choose iid")
      }
      let g = clusters.labels.count
      guard g >= 2 else {
        throw AnalysisError.unusableSetting(.cluster, reason: "'\(clusters.column)' has \(g) cluster; clustering needs at least 2")
      }
      var meat = Matrix(rows: k, columns: k)
      for gram in clusters.grams {
        var u = [Double](repeating: 0, count: k)
        for a in 0..<k {
          var sum = gram[a, q - 1]
          for b in 0..<k { sum -= gram[a, b] * theta[b] }
          u[a] = sum
        }
        for a in 0..<k { for b in 0..<k { meat[a, b] += u[a] * u[b] } }
      }
      let factor = Double(g) / Double(g - 1) * Double(n - 1) / Double(n - k)
      let shifted = RegressionCovariance.sandwich(gramOfRows(rInverse), meat).scaled(by: factor)
      // V = T V' Tᵀ with T = [[1, −s_xᵀ], [0, I]].
      var t = Matrix.identity(k)
      for j in 1..<k { t[0, j] = -sx[j - 1] }
      var tTransposed = Matrix.identity(k)
      for j in 1..<k { tTransposed[j, 0] = -sx[j - 1] }
      let matrix = t.multiplied(by: shifted).multiplied(by: tTransposed)
      let clustering = Clustering(name: clusters.column, codes: [], count: g)
      let estimated = CoefficientCovariance(
        type: .cluster([clustering]), matrix: matrix, degreesOfFreedom: Array(repeating: Double(g - 1), count: k),
        waldDenominatorDegreesOfFreedom: Double(g - 1), eigenvalueFixed: false)
      covariance = estimated
      if let wald = try RegressionCovariance.waldF(coefficients: coefficientsValues, covariance: matrix, terms: 1..<k) {
        fStatistic = wald
        fPValue = FDistribution(numeratorDegreesOfFreedom: Double(dfModel), denominatorDegreesOfFreedom: Double(g - 1)).survival(wald)
      } else {
        (fStatistic, fPValue) = (.nan, .nan)
      }
    }
    let sumsOfSquares = (0..<p).map { cross[$0, $0] }
    let collinearity = try correlationDiagnostics(covariance: bread, sumsOfSquares: sumsOfSquares)
    let plain = StudentTDistribution(degreesOfFreedom: Double(dfResidual))
    let terms = [RegressionFit.interceptTerm] + statistics.indicators
    var coefficients: [CoefficientEstimate] = []
    for (j, term) in terms.enumerated() {
      let estimate = coefficientsValues[j]
      let se: Double, distribution: StudentTDistribution
      if let covariance {
        se = covariance.matrix[j, j].squareRoot()
        distribution = StudentTDistribution(degreesOfFreedom: covariance.degreesOfFreedom[j])
      } else {
        se = (sigma2 * bread[j, j]).squareRoot()
        distribution = plain
      }
      let critical = distribution.quantile(0.975)
      let t = estimate / se
      coefficients.append(
        CoefficientEstimate(
          term: term, estimate: estimate, standardError: se, tStatistic: t, pValue: se > 0 ? distribution.twoSidedPValue(t) : (se == 0 ? 0 : .nan),
          confidenceLow: estimate - critical * se, confidenceHigh: estimate + critical * se, varianceInflation: j == 0 ? nil : collinearity?.varianceInflation[j - 1]))
    }
    let singular: [Double]
    do { singular = try rx.upperTriangularSingularValues() } catch let error as LinearAlgebraError { throw AnalysisError.linearAlgebra(error) }
    let condition = (singular.last ?? 0) > 0 ? singular[0] / singular.last! : .infinity
    let denominator = Double(n - 1).squareRoot()
    var fit = RegressionFit(
      outcome: statistics.outcome, indicators: statistics.indicators, hasIntercept: true, observationCount: n, rank: k,
      coefficients: coefficients, residualDegreesOfFreedom: dfResidual, modelDegreesOfFreedom: dfModel,
      residualSumOfSquares: ssr, totalSumOfSquares: tss, rSquared: rSquared, adjustedRSquared: adjusted,
      fStatistic: fStatistic, fPValue: fPValue, residualStandardError: sigma2.squareRoot(),
      logLikelihood: logLikelihood, aic: aic, bic: bic, conditionNumber: condition,
      standardizedConditionNumber: collinearity?.conditionNumber ?? .nan, covariance: covariance, residuals: [],
      indicatorStandardDeviations: structure.indicatorStandardDeviations, outcomeStandardDeviation: cross[p, p].squareRoot() / denominator)
    fit.centredCrossProducts = cross
    return fit
  }

  /// `U⁻¹` of an upper-triangular `U` by back substitution (small `k`).
  static func upperInverse(_ u: Matrix) -> Matrix {
    let k = u.rows
    var inverse = Matrix(rows: k, columns: k)
    for j in 0..<k {
      inverse[j, j] = 1 / u[j, j]
      var i = j - 1
      while i >= 0 {
        var sum = 0.0
        for l in (i + 1)...j { sum += u[i, l] * inverse[l, j] }
        inverse[i, j] = -sum / u[i, i]
        i -= 1
      }
    }
    return inverse
  }

  /// `A Aᵀ`.
  static func gramOfRows(_ a: Matrix) -> Matrix {
    var g = Matrix(rows: a.rows, columns: a.rows)
    for i in 0..<a.rows {
      for j in i..<a.rows {
        var sum = 0.0
        for l in 0..<a.columns { sum += a[i, l] * a[j, l] }
        g[i, j] = sum
        g[j, i] = sum
      }
    }
    return g
  }
}
