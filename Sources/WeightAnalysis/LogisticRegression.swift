import Foundation
import LinearAlgebra

/// A fitted logistic regression of a 0/1 outcome (e.g. a customer churned).
public struct LogisticFit: Sendable {
  public let outcome: String
  public let indicators: [String]
  public let hasIntercept: Bool
  public let observationCount: Int
  /// Number of 1s.
  public let events: Int
  /// `tStatistic` holds the Wald `z`; p-values and intervals use the standard normal.
  public let coefficients: [CoefficientEstimate]
  public let logLikelihood: Double
  /// Log-likelihood of the null model: intercept only (as statsmodels' `llnull`), or without an
  /// intercept η = 0 for every row (as R's `glm` null deviance).
  public let nullLogLikelihood: Double
  /// `−2 ℓ` (the binary deviance) and `−2 ℓ₀`.
  public var deviance: Double { -2 * logLikelihood }
  public var nullDeviance: Double { -2 * nullLogLikelihood }
  /// McFadden's pseudo-R², `1 − ℓ/ℓ₀`.
  public let pseudoRSquared: Double
  /// Likelihood-ratio statistic `2(ℓ − ℓ₀)` and its chi-squared p-value.
  public let likelihoodRatio: Double
  public let likelihoodRatioPValue: Double
  public let modelDegreesOfFreedom: Int
  public let aic: Double
  public let bic: Double
  public let iterations: Int
  /// Standard deviation (n − 1) of each indicator.
  public let indicatorStandardDeviations: [Double]
  /// Average marginal effects on the probability, one per indicator (in `indicators` order).
  public var marginalEffects: [MarginalEffect] = []
  /// The robust or clustered covariance behind the standard errors (`nil`: the inverse
  /// information matrix). Tests stay z tests (normal), as R's `coeftest` on a `glm`.
  public var covariance: CoefficientCovariance? = nil

  /// `βⱼ · sd(xⱼ)`: the change in log-odds for one standard deviation of the indicator.
  public var standardizedCoefficients: [Double] {
    let offset = hasIntercept ? 1 : 0
    return indicators.indices.map { coefficients[$0 + offset].estimate * indicatorStandardDeviations[$0] }
  }

  public func coefficient(of term: String) -> CoefficientEstimate? { coefficients.first { $0.term == term } }
}

/// Logistic regression by iteratively reweighted least squares on the QR solver.
///
/// Each step solves the weighted least-squares problem `min ‖W^{1/2}(Xβ − z)‖` with
/// `μ = 1/(1 + e^{−Xβ})`, `W = diag(cᵢ μᵢ(1 − μᵢ))`, `z = Xβ + (y − μ)/(μ(1 − μ))` — Newton's
/// method for the log-likelihood, each step a backward-stable QR solve rather than normal
/// equations. It stops when the relative change of the deviance is below 1e-13 and no
/// coefficient moves by more than 1e-10 of its size (plus 1e-12). Standard errors come from
/// `(XᵀWX)⁻¹` at the solution, read off the R factor of the last step. `cᵢ` are frequency weights
/// (row multiplicities in a bootstrap replicate).
///
/// Perfect or quasi-complete separation (fitted probabilities reaching 0 or 1 while the
/// coefficients keep growing) is reported as ``AnalysisError/perfectSeparation(detail:)``, naming
/// a single indicator that separates the classes when there is one.
public enum LogisticRegression {
  public static let maxIterations = 100

  /// `true` when every value is 0 or 1 and both occur.
  public static func isBinary(_ values: [Double]) -> Bool {
    var zeros = false, ones = false
    for v in values {
      if v == 0 { zeros = true } else if v == 1 { ones = true } else { return false }
    }
    return zeros && ones
  }

  public static func fit(
    outcome: String, response: [Double], indicators: [String], columns: [[Double]], includeIntercept: Bool = true,
    frequencies: [Int]? = nil, covariance covarianceType: CovarianceType = .iid
  ) throws -> LogisticFit {
    precondition(indicators.count == columns.count)
    guard !indicators.isEmpty else { throw AnalysisError.noIndicators }
    let rowCount = response.count
    let c = frequencies.map { $0.map(Double.init) } ?? Array(repeating: 1, count: rowCount)
    let n = Int(c.reduce(0, +))
    for (name, column) in zip([outcome] + indicators, [response] + columns) {
      if let row = column.firstIndex(where: { !$0.isFinite }) { throw AnalysisError.nonFinite(column: name, row: row) }
    }
    if let row = response.firstIndex(where: { $0 != 0 && $0 != 1 }) {
      throw AnalysisError.methodNotApplicable(
        method: "logistic", reason: "the outcome '\(outcome)' must be 0 or 1, but data row \(row + 1) has \(response[row])")
    }
    let k = indicators.count + (includeIntercept ? 1 : 0)
    guard n > k else { throw AnalysisError.tooFewRows(rows: n, parameters: k) }
    let events = zip(response, c).reduce(0.0) { $0 + $1.0 * $1.1 }
    guard events > 0 && events < Double(n) else {
      throw AnalysisError.constantColumn(name: outcome, value: events > 0 ? 1 : 0, isOutcome: true)
    }
    var sds: [Double] = []
    for (j, column) in columns.enumerated() {
      try ColumnScale.require(indicators[j], column)
      var mean = 0.0
      for i in 0..<rowCount { mean += c[i] * column[i] }
      mean /= Double(n)
      var ss = 0.0
      for i in 0..<rowCount { ss += c[i] * (column[i] - mean) * (column[i] - mean) }
      if ss == 0 && includeIntercept { throw AnalysisError.constantColumn(name: indicators[j], value: column[0], isOutcome: false) }
      sds.append((ss / Double(max(1, n - 1))).squareRoot())
    }
    let design = includeIntercept ? [Array(repeating: 1.0, count: rowCount)] + columns : columns
    let terms = includeIntercept ? [RegressionFit.interceptTerm] + indicators : indicators
    let ybar = events / Double(n)

    var beta = [Double](repeating: 0, count: k)
    if includeIntercept { beta[0] = log(ybar / (1 - ybar)) }
    var eta = [Double](repeating: 0, count: rowCount)
    func linearPredictor() {
      for i in 0..<rowCount { eta[i] = 0 }
      for (j, column) in design.enumerated() where beta[j] != 0 {
        let b = beta[j]
        for i in 0..<rowCount { eta[i] += b * column[i] }
      }
    }
    func logLikelihood() -> Double {
      var sum = 0.0
      for i in 0..<rowCount where c[i] > 0 {
        // log μ = −log(1 + e^{−η}), log(1 − μ) = −log(1 + e^{η}), computed without overflow.
        let value = response[i] == 1 ? -softplus(-eta[i]) : -softplus(eta[i])
        sum += c[i] * value
      }
      return sum
    }
    linearPredictor()
    var ll = logLikelihood()
    var iterations = 0
    var solution: LeastSquaresSolution? = nil
    var converged = false
    while iterations < maxIterations {
      iterations += 1
      var weightedColumns = design
      var target = [Double](repeating: 0, count: rowCount)
      var saturated = 0
      for i in 0..<rowCount {
        let mu = 1 / (1 + exp(-eta[i]))
        let variance = mu * (1 - mu)
        if variance < 1e-14 { saturated += 1 }
        let w = max(variance, 1e-300)
        let root = (c[i] * w).squareRoot()
        target[i] = root * (eta[i] + (response[i] - mu) / w)
        for j in 0..<k { weightedColumns[j][i] = design[j][i] * root }
      }
      do {
        solution = try LeastSquares.solve(columns: weightedColumns, target)
      } catch LinearAlgebraError.rankDeficient(_, _, let dependencies) {
        if saturated > 0 { throw separationError(response: response, columns: columns, indicators: indicators, frequencies: c) }
        throw AnalysisError.collinearIndicators(dependencies.map { $0.describe(names: terms) })
      } catch let error as LinearAlgebraError {
        throw AnalysisError.linearAlgebra(error)
      }
      let next = solution!.coefficients
      let step = zip(next, beta).map { abs($0 - $1) / (abs($0) + 1e-2) }.max() ?? 0
      beta = next
      linearPredictor()
      let newLL = logLikelihood()
      let change = abs(newLL - ll) / (abs(newLL) + 0.1)
      ll = newLL
      if saturated > 0 && (iterations > 25 || -2 * ll < 1e-6) {
        throw separationError(response: response, columns: columns, indicators: indicators, frequencies: c)
      }
      if change < 1e-13 && step < 1e-10 {
        converged = true
        break
      }
    }
    guard converged, let final = solution else {
      throw AnalysisError.noConvergence(method: "Logistic regression (IRLS)", iterations: maxIterations, detail: "the log-likelihood kept changing")
    }
    // One more weighted factorisation at the solution for (XᵀWX)⁻¹.
    var weightedColumns = design
    for i in 0..<rowCount {
      let mu = 1 / (1 + exp(-eta[i]))
      let root = (c[i] * mu * (1 - mu)).squareRoot()
      for j in 0..<k { weightedColumns[j][i] = design[j][i] * root }
    }
    let covariance: Matrix
    do {
      guard let cov = try LeastSquares.solve(columns: weightedColumns, Array(repeating: 0, count: rowCount)).unscaledCovariance ?? final.unscaledCovariance else {
        throw AnalysisError.numericalFailure("the information matrix of the logistic fit is singular")
      }
      covariance = cov
    } catch let error as LinearAlgebraError {
      throw AnalysisError.linearAlgebra(error)
    }
    // Robust and clustered covariances: the same sandwiches as OLS, with the information matrix
    // as bread and the score residuals yᵢ − μᵢ (R's sandwich on glm; z tests, as coeftest).
    var robust: CoefficientCovariance? = nil
    switch covarianceType {
    case .iid: break
    case .hc1, .cluster:
      precondition(frequencies == nil, "robust covariances are for the unweighted fit")
      let scoreResiduals = (0..<rowCount).map { response[$0] - 1 / (1 + exp(-eta[$0])) }
      robust = try RegressionCovariance.estimate(
        covarianceType, design: design, residuals: scoreResiduals, bread: covariance, residualVariance: 1, residualDegreesOfFreedom: n - k)
    case .hc3:
      // On the IRLS working model: √wᵢ xᵢ with wᵢ = μᵢ(1 − μᵢ) and residuals (yᵢ − μᵢ)/√wᵢ, so the
      // leverages are glm's hat values and the meat is the score's (R's sandwich HC3 on a glm).
      precondition(frequencies == nil, "robust covariances are for the unweighted fit")
      let workingResiduals = (0..<rowCount).map { i -> Double in
        let mu = 1 / (1 + exp(-eta[i]))
        return (response[i] - mu) / (mu * (1 - mu)).squareRoot()
      }
      robust = try RegressionCovariance.estimate(
        covarianceType, design: weightedColumns, residuals: workingResiduals, bread: covariance, residualVariance: 1, residualDegreesOfFreedom: n - k)
    case .cr2:
      // clubSandwich's CR2 for a glm: the response residuals adjusted under the working variance
      // μ(1 − μ), with t tests on Satterthwaite's degrees of freedom.
      precondition(frequencies == nil, "robust covariances are for the unweighted fit")
      let mu = eta.map { 1 / (1 + exp(-$0)) }
      robust = try RegressionCovariance.estimate(
        covarianceType, design: design, residuals: zip(response, mu).map { $0 - $1 }, bread: covariance, residualVariance: 1,
        residualDegreesOfFreedom: n - k, workingVariance: mu.map { $0 * (1 - $0) })
    }
    var coefficients: [CoefficientEstimate] = []
    let zCritical = SpecialFunctions.normalQuantile975
    for (j, term) in terms.enumerated() {
      let se = (robust?.matrix ?? covariance)[j, j].squareRoot()
      let z = beta[j] / se
      var p = SpecialFunctions.normalTwoSidedPValue(z), critical = zCritical
      if case .cr2 = covarianceType, let robust {
        // CR2 is tested with t and Satterthwaite's degrees of freedom, as clubSandwich does.
        let t = StudentTDistribution(degreesOfFreedom: robust.degreesOfFreedom[j])
        (p, critical) = (t.twoSidedPValue(z), t.quantile(0.975))
      }
      coefficients.append(
        CoefficientEstimate(
          term: term, estimate: beta[j], standardError: se, tStatistic: z, pValue: p,
          confidenceLow: beta[j] - critical * se, confidenceHigh: beta[j] + critical * se, varianceInflation: nil))
    }
    // The null model, as R's glm: the intercept alone with an intercept; without one, η = 0
    // (μ = ½ for every row), which the model nests, so the LR statistic is never negative and has
    // k degrees of freedom.
    let nullLL = includeIntercept ? Double(n) * (ybar * log(ybar) + (1 - ybar) * log(1 - ybar)) : Double(n) * log(0.5)
    let dfModel = k - (includeIntercept ? 1 : 0)
    let lr = 2 * (ll - nullLL)
    let coefficientCovariance = robust?.matrix ?? covariance
    var result = LogisticFit(
      outcome: outcome, indicators: indicators, hasIntercept: includeIntercept, observationCount: n, events: Int(events),
      coefficients: coefficients, logLikelihood: ll, nullLogLikelihood: nullLL, pseudoRSquared: 1 - ll / nullLL,
      likelihoodRatio: lr, likelihoodRatioPValue: SpecialFunctions.chiSquaredSurvival(lr, degreesOfFreedom: Double(dfModel)),
      modelDegreesOfFreedom: dfModel, aic: -2 * ll + 2 * Double(k), bic: -2 * ll + Double(k) * log(Double(n)), iterations: iterations,
      indicatorStandardDeviations: sds, covariance: robust)
    result.marginalEffects = averageMarginalEffects(
      beta: beta, eta: eta, design: design, frequencies: c, covariance: coefficientCovariance, indicators: indicators, intercept: includeIntercept)
    return result
  }

  /// Average marginal effects `AMEⱼ = βⱼ · mean(μᵢ(1 − μᵢ))` with delta-method standard errors,
  /// as statsmodels' `get_margeff(at="overall", method="dydx")`:
  /// `∂AMEⱼ/∂β_l = δⱼₗ mean(μ(1 − μ)) + βⱼ mean(μ(1 − μ)(1 − 2μ) x_l)`, `Var = J V Jᵀ` with V the
  /// coefficient covariance used for the z tests.
  static func averageMarginalEffects(
    beta: [Double], eta: [Double], design: [[Double]], frequencies c: [Double], covariance: Matrix, indicators: [String], intercept: Bool
  ) -> [MarginalEffect] {
    let k = beta.count, total = c.reduce(0, +)
    var density = 0.0
    var slope = [Double](repeating: 0, count: k)  // mean μ(1 − μ)(1 − 2μ) x_l
    for i in eta.indices where c[i] > 0 {
      let mu = 1 / (1 + exp(-eta[i])), d = mu * (1 - mu)
      density += c[i] * d
      for l in 0..<k { slope[l] += c[i] * d * (1 - 2 * mu) * design[l][i] }
    }
    density /= total
    for l in 0..<k { slope[l] /= total }
    let offset = intercept ? 1 : 0
    let z = SpecialFunctions.normalQuantile975
    return indicators.indices.map { j in
      let term = j + offset
      let effect = beta[term] * density
      let jacobian = (0..<k).map { l in (l == term ? density : 0) + beta[term] * slope[l] }
      var variance = 0.0
      for a in 0..<k { for b in 0..<k { variance += jacobian[a] * covariance[a, b] * jacobian[b] } }
      let se = variance.squareRoot()
      return MarginalEffect(
        indicator: indicators[j], effect: effect, standardError: se, zStatistic: effect / se, pValue: SpecialFunctions.normalTwoSidedPValue(effect / se),
        confidenceLow: effect - z * se, confidenceHigh: effect + z * se)
    }
  }

  /// `log(1 + eˣ)` without overflow or loss of precision.
  static func softplus(_ x: Double) -> Double {
    x > 0 ? x + log1p(exp(-x)) : log1p(exp(x))
  }

  /// Names a single indicator that separates the classes, if one does.
  static func separationError(response: [Double], columns: [[Double]], indicators: [String], frequencies: [Double]) -> AnalysisError {
    for (j, column) in columns.enumerated() {
      var zeroMin = Double.infinity, zeroMax = -Double.infinity, oneMin = Double.infinity, oneMax = -Double.infinity
      for i in column.indices where frequencies[i] > 0 {
        if response[i] == 1 {
          oneMin = min(oneMin, column[i])
          oneMax = max(oneMax, column[i])
        } else {
          zeroMin = min(zeroMin, column[i])
          zeroMax = max(zeroMax, column[i])
        }
      }
      if zeroMax <= oneMin || oneMax <= zeroMin {
        let threshold = zeroMax <= oneMin ? (zeroMax + oneMin) / 2 : (oneMax + zeroMin) / 2
        return .perfectSeparation(detail: "'\(indicators[j])' alone separates the outcome (every 1 is on one side of \(threshold), every 0 on the other)")
      }
    }
    return .perfectSeparation(detail: "a combination of the indicators separates the 0s from the 1s")
  }
}

/// The average change in the probability of the outcome per unit of an indicator.
public struct MarginalEffect: Sendable, Equatable {
  public let indicator: String
  public let effect: Double
  public let standardError: Double
  public let zStatistic: Double
  public let pValue: Double
  public let confidenceLow: Double
  public let confidenceHigh: Double
}

extension LogisticRegression {
  /// The events-per-parameter rule (Peduzzi et al. 1996): a logistic fit needs at least 10 of
  /// the rarer outcome (events or non-events) per estimated coefficient; with fewer, the
  /// coefficients are biased and their intervals too narrow.
  public static let eventsPerParameter = 10

  /// The warning when the rarer outcome count is below ``eventsPerParameter`` per indicator.
  public static func fewEventsWarning(outcome: String, events: Int, rows: Int, indicators: Int) -> Message? {
    let rarer = min(events, rows - events), needed = eventsPerParameter * max(1, indicators)
    guard rarer < needed else { return nil }
    let value = events <= rows - events ? 1 : 0
    return Message(
      en: "Only \(rarer) row\(rarer == 1 ? "" : "s") of \(rows) \(rarer == 1 ? "has" : "have") '\(outcome)' = \(value) (the rarer outcome) for \(indicators) indicators: a logistic fit needs about \(eventsPerParameter) of the rarer outcome per indicator (\(needed) here), so the coefficients are biased and the weights unreliable.",
      zh: "\(rows) 行中只有 \(rarer) 行的 '\(outcome)' = \(value)（较少的一类结果），却有 \(indicators) 个指标：逻辑回归每个指标约需 \(eventsPerParameter) 个较少一类的结果（此处需 \(needed) 个），因此系数有偏，权重不可靠。",
      hintEn: "Add history, use fewer indicators, or pool the outcome over a longer window.",
      hintZh: "请补充历史数据、减少指标，或在更长的时间窗口上汇总结果。")
  }
}
