import Foundation
import LinearAlgebra

/// One row of a regression table.
public struct CoefficientEstimate: Sendable, Equatable {
  /// Term name; the intercept is `(intercept)`.
  public let term: String
  public let estimate: Double
  public let standardError: Double
  /// `estimate / standardError`.
  public let tStatistic: Double
  /// Two-sided p-value from Student's t with the residual degrees of freedom (or the covariance's:
  /// G − 1 for clustered errors, Satterthwaite's for CR2).
  public let pValue: Double
  /// 95% confidence interval.
  public let confidenceLow: Double
  public let confidenceHigh: Double
  /// Variance inflation factor (indicators only).
  public let varianceInflation: Double?
}

/// An ordinary least-squares fit with the statistics an analyst expects from statsmodels or R.
public struct RegressionFit: Sendable {
  public static let interceptTerm = "(intercept)"

  public let outcome: String
  public let indicators: [String]
  public let hasIntercept: Bool
  public let observationCount: Int
  public let rank: Int
  public let coefficients: [CoefficientEstimate]
  public let residualDegreesOfFreedom: Int
  public let modelDegreesOfFreedom: Int
  public let residualSumOfSquares: Double
  /// Centred total sum of squares with an intercept, uncentred without (as statsmodels and R).
  public let totalSumOfSquares: Double
  public let rSquared: Double
  public let adjustedRSquared: Double
  public let fStatistic: Double
  public let fPValue: Double
  public let residualStandardError: Double
  public let logLikelihood: Double
  public let aic: Double
  public let bic: Double
  /// 2-norm condition number of the design as given (intercept column included).
  public let conditionNumber: Double
  /// Condition number of the standardised indicators: with an intercept, of the centred and
  /// unit-variance indicator columns (√(λmax/λmin) of their correlation matrix); without, of
  /// the unit-norm columns.
  public let standardizedConditionNumber: Double
  /// Centred cross products of `[X y]` (`(p+1) × (p+1)`, outcome last), from the QR triangle of
  /// a model with an intercept on a tall design; `nil` otherwise.
  public var centredCrossProducts: Matrix? = nil
  /// The covariance behind the standard errors when it is not `iid` (`nil`: `σ² (XᵀX)⁻¹`).
  public let covariance: CoefficientCovariance?
  /// What fixed effects absorbed (`nil` without); ``rSquared`` is then the overall R² of the
  /// model with every dummy, ``FixedEffectsSummary/withinRSquared`` the within one.
  public var fixedEffects: FixedEffectsSummary? = nil
  /// The outcome and indicators after the within transformation (not multiplied by `√wᵢ`), for
  /// resampling a fixed-effects fit; `nil` without fixed effects.
  public var modelData: (response: [Double], columns: [[Double]])? = nil
  /// `Σ wᵢ` of a weighted fit (`nil`: unweighted).
  public var weightTotal: Double? = nil
  /// `yᵢ − ŷᵢ` on the data's scale (fitted values include the fixed effects).
  public let residuals: [Double]
  /// Standard deviation (n − 1) of each indicator and of the outcome, for standardised effects.
  public let indicatorStandardDeviations: [Double]
  public let outcomeStandardDeviation: Double

  /// Coefficient row of an indicator.
  public func coefficient(of indicator: String) -> CoefficientEstimate? {
    coefficients.first { $0.term == indicator }
  }

  /// `βⱼ · sd(xⱼ) / sd(y)` for each indicator, in `indicators` order.
  public var standardizedCoefficients: [Double] {
    indicators.enumerated().map { j, name in
      (coefficient(of: name)?.estimate ?? .nan) * indicatorStandardDeviations[j] / outcomeStandardDeviation
    }
  }
}

/// Ordinary least squares with full inference.
///
/// Definitions (`n` rows, `k` estimated parameters including the intercept, `k₀ = 1` with an
/// intercept and 0 without, `SSR = ‖y − Xβ‖²`):
/// ```
/// TSS   = Σ(yᵢ − ȳ)²  (with intercept)   or  Σ yᵢ²  (without; "uncentred")
/// R²    = 1 − SSR/TSS          adj. R² = 1 − (n − k₀)/(n − k) · (1 − R²)
/// F     = ((TSS − SSR)/(k − k₀)) / (SSR/(n − k)),   p = P(F_{k−k₀, n−k} ≥ F)
/// s     = √(SSR/(n − k))       se(βⱼ) = s √((XᵀX)⁻¹)ⱼⱼ
/// ln L  = −n/2 · (ln 2π + ln(SSR/n) + 1)
/// AIC   = −2 ln L + 2k         BIC = −2 ln L + k ln n
/// VIFⱼ  = (C⁻¹)ⱼⱼ = 1/(1 − R²ⱼ),  C the correlation matrix of the indicators
/// ```
/// These match statsmodels' `OLS` and `variance_inflation_factor`, and R's `lm`.
public enum OrdinaryLeastSquares {
  /// Fits `y ~ [1] + x₁ + … + x_p`.
  ///
  /// - Parameters:
  ///   - outcome: name of `y`.
  ///   - response: `y`, `n` values.
  ///   - indicators: names of the columns.
  ///   - columns: the indicator columns, each `n` values.
  ///   - includeIntercept: adds a column of ones first.
  ///   - rankDeficiency: `.fail` (default) or `.minimumNorm`.
  ///   - covarianceType: how standard errors, t, p, intervals and F are computed
  ///     (``RegressionCovariance``); with anything but `.iid`, each t test uses the covariance's
  ///     degrees of freedom and F is the Wald test of all indicator coefficients.
  ///   - weights: observation weights `wᵢ > 0`: weighted least squares (``ModelData``); every
  ///     statistic is R's `lm(weights =)`'s, the covariances are those of `√W X`.
  ///   - fixedEffects: absorbed by the within transformation (``FixedEffects``); the intercept is
  ///     then absorbed too, R² is the overall R² of the model with every dummy, F the within test,
  ///     and the residual degrees of freedom lose the absorbed parameters.
  ///   - twoWayAdjustment: the cluster factor of two-way clustering.
  /// - Throws: ``AnalysisError``.
  public static func fit(
    outcome: String, response: [Double], indicators: [String], columns: [[Double]], includeIntercept: Bool = true,
    rankDeficiency: RankDeficiencyPolicy = .fail, covariance covarianceType: CovarianceType = .iid, weights: [Double]? = nil,
    fixedEffects: FixedEffects? = nil, twoWayAdjustment: TwoWayClusterAdjustment = .perTerm
  ) throws -> RegressionFit {
    precondition(indicators.count == columns.count, "\(indicators.count) names for \(columns.count) columns")
    guard !indicators.isEmpty else { throw AnalysisError.noIndicators }
    let n = response.count
    for (name, column) in zip(indicators, columns) {
      precondition(column.count == n, "Column '\(name)' has \(column.count) values, the outcome \(n)")
    }
    // One pass per column: a NaN or infinity makes the column's sum non-finite; only then is the
    // offending row searched for.
    let allStats = try Moments.of([response] + columns)
    let outcomeStats = allStats[0]
    let indicatorStats = Array(allStats.dropFirst())
    for (name, column, stats) in zip3([outcome] + indicators, [response] + columns, [outcomeStats] + indicatorStats) where !stats.mean.isFinite {
      if let row = column.firstIndex(where: { !$0.isFinite }) { throw AnalysisError.nonFinite(column: name, row: row) }
    }
    for (name, stats) in zip([outcome] + indicators, [outcomeStats] + indicatorStats) where !stats.sumOfSquaredDeviations.isFinite {
      throw AnalysisError.numericalFailure(
        "the sums of squares of '\(name)' overflowed (its values are too large to square in double precision); rescale the column, e.g. to thousands")
    }
    if let weights {
      precondition(weights.count == n, "\(weights.count) weights for \(n) rows")
      if let row = weights.firstIndex(where: { !($0 > 0) || !$0.isFinite }) {
        throw AnalysisError.unusableSetting(
          .weights, reason: "observation weights must be positive and finite, and data row \(row + 1) has \(weights[row]); leave rows with weight 0 out of the fit")
      }
    }
    if let fixedEffects {
      precondition(fixedEffects.dimensions.allSatisfy { $0.codes.count == n }, "fixed-effect codes for \(n) rows expected")
    }
    try ColumnScale.require(outcome, response)
    for (name, column) in zip(indicators, columns) { try ColumnScale.require(name, column) }
    let model = try ModelData(response: response, columns: columns, includeIntercept: includeIntercept, weights: weights, fixedEffects: fixedEffects, unweighted: allStats)
    if model.outcome.sumOfSquaredDeviations == 0 {
      throw AnalysisError.constantColumn(name: outcome, value: response[0], isOutcome: true)
    }
    if let fixedEffects {
      for (j, stats) in model.indicators.enumerated() where !(stats.sumOfSquaredDeviations > 1e-10 * indicatorStats[j].sumOfSquaredDeviations) {
        throw AnalysisError.constantWithinFixedEffects(indicator: indicators[j], effects: fixedEffects.dimensions.map(\.name))
      }
      if !(model.within!.sumOfSquaredDeviations > 1e-10 * outcomeStats.sumOfSquaredDeviations) {
        throw AnalysisError.constantWithinFixedEffects(indicator: outcome, effects: fixedEffects.dimensions.map(\.name))
      }
    } else if includeIntercept {
      for (j, stats) in model.indicators.enumerated() where stats.sumOfSquaredDeviations == 0 {
        throw AnalysisError.constantColumn(name: indicators[j], value: columns[j][0], isOutcome: false)
      }
    }
    let absorbed = fixedEffects?.absorbedParameters ?? 0
    let k = indicators.count + (model.hasInterceptColumn ? 1 : 0)
    guard n > k + absorbed else { throw AnalysisError.tooFewRows(rows: n, parameters: k + absorbed) }

    var designColumns = model.columns
    var terms = indicators
    if model.hasInterceptColumn {
      designColumns.insert(model.interceptColumn, at: 0)
      terms.insert(RegressionFit.interceptTerm, at: 0)
    }
    let solution: LeastSquaresSolution
    do {
      solution = try LeastSquares.solve(columns: designColumns, model.response, options: LeastSquaresOptions(rankDeficiency: rankDeficiency))
    } catch let LinearAlgebraError.rankDeficient(_, _, dependencies) {
      throw AnalysisError.collinearIndicators(dependencies.map { $0.describe(names: terms) })
    } catch let error as LinearAlgebraError {
      throw AnalysisError.linearAlgebra(error)
    }

    let ssr = solution.residualSumOfSquares
    // Total sum of squares: centred (weighted) with an intercept or fixed effects, uncentred
    // without; the within fit's own total for its F test and within R².
    let tss = model.totalSumOfSquares
    let testedTSS = model.within?.sumOfSquaredDeviations ?? tss
    let kConstant = model.hasInterceptColumn ? 1 : 0
    let rank = solution.rank
    let dfResidual = n - rank - absorbed
    let dfModel = rank - kConstant
    guard tss.isFinite, ssr.isFinite else {
      throw AnalysisError.numericalFailure("the sums of squares overflowed (total \(tss), residual \(ssr)); rescale the outcome, e.g. to thousands")
    }
    let rSquared = 1 - ssr / tss
    let centred = model.hasInterceptColumn || fixedEffects != nil
    let adjusted = 1 - Double(n - (centred ? 1 : 0)) / Double(dfResidual) * (1 - rSquared)
    let sigma2 = ssr / Double(dfResidual)
    var fStatistic = dfModel > 0 ? ((testedTSS - ssr) / Double(dfModel)) / sigma2 : .nan
    var fPValue: Double
    if dfModel > 0 {
      fPValue = sigma2 == 0 ? 0 : FDistribution(numeratorDegreesOfFreedom: Double(dfModel), denominatorDegreesOfFreedom: Double(dfResidual)).survival(fStatistic)
    } else {
      fPValue = .nan
    }
    let nD = Double(n)
    // With weights, R's logLik.lm and statsmodels' WLS add ½ Σ ln wᵢ.
    let logLikelihood = -nD / 2 * (log(2 * Double.pi) + log(ssr / nD) + 1) + model.halfLogWeightSum
    let parameters = Double(rank + absorbed)
    let aic = -2 * logLikelihood + 2 * parameters
    let bic = -2 * logLikelihood + parameters * log(nD)

    var covariance: CoefficientCovariance? = nil
    if covarianceType != .iid {
      guard let bread = solution.unscaledCovariance, rank == k else {
        throw AnalysisError.unusableSetting(.standardErrors, reason: "\(covarianceType.name) standard errors need a full-rank design; drop the collinear indicators")
      }
      var smallSample = k + absorbed
      var leverage: [Double]? = nil
      if let fixedEffects {
        switch covarianceType {
        case .cluster(let clusterings): smallSample = k + fixedEffects.smallSampleParameters(clusteredBy: clusterings)
        case .hc3:
          guard fixedEffects.dimensions.count == 1 else {
            throw AnalysisError.unusableSetting(.standardErrors, reason: "hc3 with two fixed-effect dimensions needs the leverage of every dummy; use hc1 or cluster")
          }
          leverage = model.fixedEffectLeverage(fixedEffects.dimensions[0])
        case .cr2(let clustering):
          guard weights == nil else {
            // clubSandwich's CR2 of a weighted lm (identity working variance) does not reduce to
            // the within-transformed design, so the dummies' part cannot be dropped.
            throw AnalysisError.unusableSetting(
              .standardErrors,
              reason: "cr2 with both observation weights and fixed effects is not available (the weighted CR2 needs every dummy of the fixed effects); use cluster (CR1), or drop the weights or the fixed effects")
          }
          guard fixedEffects.dimensions.allSatisfy({ FixedEffects.isNested($0, in: clustering) }) else {
            throw AnalysisError.unusableSetting(
              .standardErrors,
              reason: "cr2 with fixed effects needs every fixed-effect dimension nested in the clusters of '\(clustering.name)' (each level inside one cluster); use cluster (CR1), or absorb only \(clustering.name)")
          }
        default: break
        }
      }
      var (design, residuals, observationWeights) = (designColumns, solution.residuals, [Double]?.none)
      if case .cr2 = covarianceType, let weights, let root = model.rootWeights {
        // clubSandwich takes a weighted lm with an identity working variance: raw design and
        // residuals, weights W (the CR2 of the √W-scaled fit is a different estimator).
        design = designColumns.map { zip($0, root).map { $0 / $1 } }
        residuals = zip(solution.residuals, root).map { $0 / $1 }
        observationWeights = weights
      }
      // HC and CR1 sandwiches of a design with an intercept are taken on centred columns.
      var centredDesign: RegressionCovariance.CentredDesign? = nil
      switch covarianceType {
      case .hc1, .hc3, .cluster: if model.hasInterceptColumn && fixedEffects == nil { centredDesign = RegressionCovariance.CentredDesign(design: design) }
      default: break
      }
      let estimated = try RegressionCovariance.estimate(
        covarianceType, design: design, residuals: residuals, bread: bread, residualVariance: sigma2, residualDegreesOfFreedom: dfResidual,
        parameters: smallSample, extraLeverage: leverage, twoWay: twoWayAdjustment, observationWeights: observationWeights, centred: centredDesign)
      covariance = estimated
      if dfModel > 0, let wald = try RegressionCovariance.waldF(coefficients: solution.coefficients, covariance: estimated.matrix, terms: kConstant..<k) {
        fStatistic = wald
        fPValue = FDistribution(numeratorDegreesOfFreedom: Double(dfModel), denominatorDegreesOfFreedom: estimated.waldDenominatorDegreesOfFreedom).survival(wald)
      } else {
        (fStatistic, fPValue) = (.nan, .nan)
      }
    }
    let tDistribution = StudentTDistribution(degreesOfFreedom: Double(dfResidual))
    let plainCritical = tDistribution.quantile(0.975)
    let collinearity: (varianceInflation: [Double], conditionNumber: Double)?
    if model.hasInterceptColumn, let covariance = solution.unscaledCovariance {
      collinearity = try correlationDiagnostics(covariance: covariance, stats: model.indicators)
    } else {
      // Without an intercept, the centred auxiliary regressions of the columns as given; with
      // fixed effects, of the within-transformed columns (mean zero).
      collinearity = try correlationDiagnostics(columns: fixedEffects == nil ? columns : model.columns, stats: model.indicators)
    }
    var coefficients: [CoefficientEstimate] = []
    for (j, term) in terms.enumerated() {
      let estimate = solution.coefficients[j]
      let se: Double, distribution: StudentTDistribution, critical: Double
      if let covariance {
        se = covariance.matrix[j, j].squareRoot()
        distribution = StudentTDistribution(degreesOfFreedom: covariance.degreesOfFreedom[j])
        critical = distribution.quantile(0.975)
      } else {
        let variance = solution.unscaledCovariance.map { $0[j, j] } ?? .nan
        se = (sigma2 * variance).squareRoot()
        distribution = tDistribution
        critical = plainCritical
      }
      let t = estimate / se
      let p = se > 0 ? distribution.twoSidedPValue(t) : (se == 0 ? 0 : .nan)
      var vif: Double? = nil
      if !(model.hasInterceptColumn && j == 0) {
        vif = collinearity?.varianceInflation[model.hasInterceptColumn ? j - 1 : j]
      }
      coefficients.append(
        CoefficientEstimate(
          term: term, estimate: estimate, standardError: se, tStatistic: t, pValue: p,
          confidenceLow: estimate - critical * se, confidenceHigh: estimate + critical * se, varianceInflation: vif))
    }
    let standardizedCondition = collinearity?.conditionNumber ?? .nan
    for (name, value) in [("R²", rSquared), ("log-likelihood", logLikelihood)] where value.isNaN {
      throw AnalysisError.numericalFailure("\(name) is undefined")
    }
    var fit = RegressionFit(
      outcome: outcome, indicators: indicators, hasIntercept: model.hasInterceptColumn, observationCount: n, rank: rank,
      coefficients: coefficients, residualDegreesOfFreedom: dfResidual, modelDegreesOfFreedom: dfModel,
      residualSumOfSquares: ssr, totalSumOfSquares: tss, rSquared: rSquared, adjustedRSquared: adjusted,
      fStatistic: fStatistic, fPValue: fPValue, residualStandardError: sigma2.squareRoot(),
      logLikelihood: logLikelihood, aic: aic, bic: bic, conditionNumber: solution.conditionNumber,
      standardizedConditionNumber: standardizedCondition, covariance: covariance, residuals: model.unwhitened(solution.residuals),
      indicatorStandardDeviations: model.indicators.map { model.standardDeviation($0) },
      outcomeStandardDeviation: model.standardDeviation(model.within ?? model.outcome))
    if let fixedEffects {
      fit.fixedEffects = FixedEffectsSummary(
        dimensions: fixedEffects.dimensions.map { .init(name: $0.name, levels: $0.count) }, absorbedParameters: absorbed, sweeps: model.sweeps,
        withinRSquared: 1 - ssr / testedTSS, parameterCount: fixedEffects.parameterCount)
      fit.centredCrossProducts = try Matrix.crossProducts(model.columns + [model.response])
      fit.modelData = model.within.map { _ in (model.withinResponse, model.withinColumns) }
    }
    if let weights { fit.weightTotal = Moments.sum(weights) { $0 } }
    if model.hasInterceptColumn, let r = solution.augmentedTriangle, r.rows == indicators.count + 2 {
      // R₂₂ of the QR of [1 X y]: R₂₂ᵀR₂₂ = [X y]_cᵀ[X y]_c (the first reflector removes the means).
      let q = indicators.count + 1
      var cross = Matrix(rows: q, columns: q)
      for j in 0..<q {
        for k in j..<q {
          var sum = 0.0
          for l in 0...j { sum += r[l + 1, j + 1] * r[l + 1, k + 1] }
          cross[j, k] = sum
          cross[k, j] = sum
        }
      }
      fit.centredCrossProducts = cross
    }
    return fit
  }

  /// The same diagnostics from `(XᵀX)⁻¹` of a model with an intercept, without another pass over
  /// the data: by Frisch–Waugh the indicator block of `(XᵀX)⁻¹` is `(X_cᵀX_c)⁻¹` (centred
  /// indicators), so `R⁻¹ = S (X_cᵀX_c)⁻¹ S` with `S = diag(√SSDⱼ)`, `VIFⱼ = SSDⱼ · [(XᵀX)⁻¹]ⱼⱼ`
  /// and the eigenvalues of `R` are the reciprocals of those of `R⁻¹`. `(XᵀX)⁻¹` comes from the
  /// triangular factor of the equilibrated QR, so this is at least as accurate as factorising `R`.
  static func correlationDiagnostics(covariance: Matrix, stats: [Moments]) throws -> (varianceInflation: [Double], conditionNumber: Double)? {
    try correlationDiagnostics(covariance: covariance, sumsOfSquares: stats.map(\.sumOfSquaredDeviations))
  }

  /// The same from each indicator's centred sum of squares `SSDⱼ`.
  static func correlationDiagnostics(covariance: Matrix, sumsOfSquares: [Double]) throws -> (varianceInflation: [Double], conditionNumber: Double)? {
    let p = sumsOfSquares.count
    precondition(covariance.rows == p + 1, "covariance of intercept + \(p) indicators expected")
    if sumsOfSquares.contains(where: { $0 == 0 }) { return nil }
    if p == 1 { return ([1], 1) }
    let s = sumsOfSquares.map { $0.squareRoot() }
    var inverseCorrelation = Matrix(rows: p, columns: p)
    for j in 0..<p { for i in 0..<p { inverseCorrelation[i, j] = s[i] * covariance[i + 1, j + 1] * s[j] } }
    do {
      let eigenvalues = try inverseCorrelation.symmetricEigenvalues()
      guard let smallest = eigenvalues.first, let largest = eigenvalues.last else { return nil }
      let condition = smallest > 0 ? (largest / smallest).squareRoot() : .infinity
      return ((0..<p).map { inverseCorrelation[$0, $0] }, condition)
    } catch let error as LinearAlgebraError {
      throw AnalysisError.linearAlgebra(error)
    }
  }

  /// Collinearity diagnostics from the correlation matrix `R` of the indicators:
  /// `VIFⱼ = (R⁻¹)ⱼⱼ = 1/(1 − R²ⱼ)` (the centred auxiliary regression, as statsmodels ≥ 0.15 and
  /// R's `car::vif` compute it, with or without an intercept in the main model) and the
  /// condition number `√(λmax/λmin)`. `R⁻¹` comes from the Cholesky factor (`dpotrf`) and its
  /// triangular inverse (`dtrtri`). `nil` when an indicator is constant (no correlation exists).
  static func correlationDiagnostics(columns: [[Double]], stats: [Moments]) throws -> (varianceInflation: [Double], conditionNumber: Double)? {
    let p = columns.count
    if stats.contains(where: { $0.sumOfSquaredDeviations == 0 }) { return nil }
    if p == 1 { return ([1], 1) }
    let n = columns[0].count
    var standardized = [Double](repeating: 0, count: n * p)
    for j in 0..<p {
      let mean = stats[j].mean, scale = 1 / stats[j].sumOfSquaredDeviations.squareRoot()
      let column = columns[j]
      for i in 0..<n { standardized[i + j * n] = (column[i] - mean) * scale }
    }
    do {
      let correlation = try Matrix(rows: n, columns: p, columnMajor: standardized).gram()
      let eigenvalues = try correlation.symmetricEigenvalues()
      guard let smallest = eigenvalues.first, let largest = eigenvalues.last else { return nil }
      let condition = smallest > 0 ? (largest / smallest).squareRoot() : .infinity
      let inverseDiagonal = (try? correlation.symmetricPositiveDefiniteInverseDiagonal()) ?? Array(repeating: .infinity, count: p)
      return (inverseDiagonal, condition)
    } catch let error as LinearAlgebraError {
      throw AnalysisError.linearAlgebra(error)
    }
  }
}

/// Mean and sum of squared deviations by two passes (the second corrected, Chan–Golub–LeVeque).
struct Moments: Sendable {
  let mean: Double
  let sumOfSquaredDeviations: Double

  init(_ values: [Double]) {
    let n = Double(values.count)
    guard !values.isEmpty else { mean = .nan; sumOfSquaredDeviations = .nan; return }
    let firstMean = Moments.sum(values) { $0 } / n
    var squares = 0.0, correction = 0.0
    // Four independent accumulators: the compiler can vectorise them (one chain is bound by
    // the latency of floating-point addition).
    values.withUnsafeBufferPointer { buffer in
      var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0, c0 = 0.0, c1 = 0.0, c2 = 0.0, c3 = 0.0
      var i = 0
      while i + 4 <= buffer.count {
        let d0 = buffer[i] - firstMean, d1 = buffer[i + 1] - firstMean, d2 = buffer[i + 2] - firstMean, d3 = buffer[i + 3] - firstMean
        s0 += d0 * d0; s1 += d1 * d1; s2 += d2 * d2; s3 += d3 * d3
        c0 += d0; c1 += d1; c2 += d2; c3 += d3
        i += 4
      }
      while i < buffer.count {
        let d = buffer[i] - firstMean
        s0 += d * d
        c0 += d
        i += 1
      }
      squares = (s0 + s1) + (s2 + s3)
      correction = (c0 + c1) + (c2 + c3)
    }
    mean = firstMean + correction / n
    // An overflow stays visible as infinity (or NaN), never clamped to a false 0.
    sumOfSquaredDeviations = squares.isFinite ? max(0, squares - correction * correction / n) : squares
  }

  /// Moments of many columns; large ones are shared between two threads (each column's
  /// arithmetic is the same either way).
  static func of(_ columns: [[Double]]) throws -> [Moments] {
    let total = columns.reduce(0) { $0 + $1.count }
    guard total >= 1 << 21, columns.count > 1 else { return columns.map(Moments.init) }
    return try Parallel.map(columns.count) { j in Moments(columns[j]) }
  }

  /// `Σ f(vᵢ)` with four accumulators.
  @inline(__always)
  static func sum(_ values: [Double], _ f: (Double) -> Double) -> Double {
    values.withUnsafeBufferPointer { buffer in
      var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
      var i = 0
      while i + 4 <= buffer.count {
        s0 += f(buffer[i]); s1 += f(buffer[i + 1]); s2 += f(buffer[i + 2]); s3 += f(buffer[i + 3])
        i += 4
      }
      while i < buffer.count { s0 += f(buffer[i]); i += 1 }
      return (s0 + s1) + (s2 + s3)
    }
  }

}

/// Triples of corresponding elements.
func zip3<A, B, C>(_ a: [A], _ b: [B], _ c: [C]) -> [(A, B, C)] {
  (0..<min(a.count, b.count, c.count)).map { (a[$0], b[$0], c[$0]) }
}
