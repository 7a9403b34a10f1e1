import Foundation
import LinearAlgebra
/// How importance is measured from history (`kpi-weights fit --method`).
public enum ImportanceMethod: String, Sendable, CaseIterable {
  /// Share of R² by the LMG / Shapley decomposition (exact up to 20 indicators). The default.
  case lmg
  /// Johnson's relative weights: share of R² through orthogonalised indicators.
  case relativeWeights = "relative-weights"
  /// |standardised coefficient| (the fit slice's measure).
  case standardized
  /// Non-negative composite: weights of the oriented, standardised indicators that best predict the outcome.
  case nnls
  /// General dominance: the Shapley value of R² (linear; equal to LMG) or of a pseudo-R²
  /// (logistic) over all submodels (``DominanceAnalysis``).
  case dominance

  /// What the method's raw score is, for table headers.
  public var scoreName: String {
    switch self {
    case .lmg: return "R² share"
    case .relativeWeights: return "rel. weight"
    case .standardized: return "std. coef"
    case .nnls: return "composite"
    case .dominance: return "dominance"
    }
  }

  /// ``scoreName`` in Chinese, for Chinese table headers.
  public var chineseScoreName: String {
    switch self {
    case .lmg: return "R² 份额"
    case .relativeWeights: return "相对权重"
    case .standardized: return "标准化系数"
    case .nnls: return "组合系数"
    case .dominance: return "优势值"
    }
  }

  /// What the weights are, one sentence per language.
  public var summary: Message {
    switch self {
    case .lmg:
      return Message(
        en: "LMG share of R² (average gain in R² over all orders of entry) of indicators whose effect has the expected sign",
        zh: "作用方向符合预期的指标按 LMG 分解的 R² 份额（所有进入顺序下 R² 增量的平均）")
    case .relativeWeights:
      return Message(
        en: "Johnson relative weights (share of R² via orthogonalised indicators) of indicators whose effect has the expected sign",
        zh: "作用方向符合预期的指标的 Johnson 相对权重（经正交化指标分解的 R² 份额）")
    case .standardized:
      return Message(en: "|standardised coefficient| of indicators whose effect has the expected sign", zh: "作用方向符合预期的指标的标准化系数绝对值")
    case .nnls:
      return Message(
        en: "non-negative composite of oriented, standardised indicators that best predicts the outcome", zh: "对结果预测最好的非负组合（指标已定向并标准化）")
    case .dominance:
      return Message(
        en: "general dominance (the Shapley value of the fit statistic over all submodels) of indicators whose effect has the expected sign",
        zh: "作用方向符合预期的指标的一般优势值（拟合统计量在所有子模型上的 Shapley 值）")
    }
  }
}

/// One indicator's share of importance.
public struct IndicatorWeight: Sendable, Equatable {
  public let indicator: String
  public let weight: Double
  /// The method's raw score (R² share for lmg/relative weights, β* for standardized, the
  /// composite coefficient for nnls).
  public let score: Double
  /// The standardised coefficient of the full model (its sign decides "expected").
  public let standardizedCoefficient: Double
  /// The direction used to orient the effect, and whether it was inferred from the data.
  public let direction: Direction
  public let directionInferred: Bool
  /// `true` when the effect has the sign the directions predict.
  public let hasExpectedSign: Bool
  /// Percentile bootstrap interval of the weight, when a bootstrap ran.
  public var interval: (low: Double, high: Double)?

  public init(
    indicator: String, weight: Double, score: Double, standardizedCoefficient: Double, direction: Direction, directionInferred: Bool,
    hasExpectedSign: Bool, interval: (low: Double, high: Double)? = nil
  ) {
    self.indicator = indicator
    self.weight = weight
    self.score = score
    self.standardizedCoefficient = standardizedCoefficient
    self.direction = direction
    self.directionInferred = directionInferred
    self.hasExpectedSign = hasExpectedSign
    self.interval = interval
  }

  public static func == (a: IndicatorWeight, b: IndicatorWeight) -> Bool {
    a.indicator == b.indicator && a.weight == b.weight && a.score == b.score && a.standardizedCoefficient == b.standardizedCoefficient
      && a.direction == b.direction && a.directionInferred == b.directionInferred && a.hasExpectedSign == b.hasExpectedSign
      && a.interval?.low == b.interval?.low && a.interval?.high == b.interval?.high
  }
}

/// Weights from history, oriented by the indicators' directions.
///
/// With standardised coefficients `βⱼ*` and signs `dⱼ = ±1` (indicator higher/lower is better) and
/// `d_y` (outcome), "a better indicator goes with a better outcome" means
/// `sign(βⱼ*) · dⱼ · d_y > 0`. For `lmg`, `relative-weights` and `standardized`, those indicators
/// share the weight in proportion to the method's score; the others get 0 and a warning (never a
/// silent flip). For `nnls` the composite's own non-negativity decides. An indicator with no known
/// direction takes the direction its fitted sign implies, with a warning.
public enum ImportanceWeights {
  /// Directions for every indicator: known ones as given, unknown ones inferred from the sign of
  /// the standardised coefficient (with a warning each).
  public static func resolveDirections(
    indicators: [String], standardized: [Double], known: [String: Direction], outcomeDirection: Direction
  ) -> (directions: [Direction], inferred: [Bool], warnings: [Message]) {
    var directions: [Direction] = [], inferred: [Bool] = [], warnings: [Message] = []
    for (j, name) in indicators.enumerated() {
      if let direction = known[name] {
        directions.append(direction)
        inferred.append(false)
      } else {
        let direction: Direction = (standardized[j] * outcomeDirection.sign >= 0) ? .higherIsBetter : .lowerIsBetter
        directions.append(direction)
        inferred.append(true)
        warnings.append(
          Message(
            en: "'\(name)' has no known direction; inferred '\(direction.rawValue) is better' from its fitted sign.",
            zh: "'\(name)' 没有已知方向；已按拟合符号推断为“\(direction == .higherIsBetter ? "越高越好" : "越低越好")”。",
            hintEn: "State it with \(Setting.direction) \(name)=higher|lower.", hintZh: "请用 \(Setting.direction) \(name)=higher|lower 指明。"))
      }
    }
    return (directions, inferred, warnings)
  }

  /// The weights of a linear fit on rows taken `multiplicities` times (0: left out), with the
  /// directions already resolved: what a bootstrap replicate and a rolling-origin fit compute.
  public static func weights(
    response: [Double], columns: [[Double]], indicators: [String], multiplicities: [Int], method: ImportanceMethod, directions: [Direction],
    outcomeDirection: Direction, rowWeights: [Double]? = nil
  ) throws -> [Double] {
    let structure = try CorrelationStructure(response: response, columns: columns, indicators: indicators, multiplicities: multiplicities, rowWeights: rowWeights)
    let standardized = try RelativeImportance.standardizedCoefficients(structure)
    return try weights(method: method, structure: structure, standardized: standardized, directions: directions, outcomeDirection: outcomeDirection).weights
  }

  /// The weights of a fixed-effects fit on the rows whose `training` flag is nonzero: the fixed
  /// effects are absorbed on those rows alone (levels absent from them drop out), then the
  /// importance of the within-transformed indicators is taken (what a rolling-origin fit with
  /// fixed effects computes).
  public static func withinWeights(
    response: [Double], columns: [[Double]], indicators: [String], training: [Int], fixedEffects: FixedEffects, rowWeights: [Double]?,
    method: ImportanceMethod, directions: [Direction], outcomeDirection: Direction
  ) throws -> [Double] {
    let rows = training.indices.filter { training[$0] > 0 }
    let subset = fixedEffects.restricted(to: rows)
    let weights = rowWeights.map { w in rows.map { w[$0] } }
    let (within, _) = try subset.demean([rows.map { response[$0] }] + columns.map { column in rows.map { column[$0] } }, weights: weights)
    let structure = try CorrelationStructure(response: within[0], columns: Array(within.dropFirst()), indicators: indicators, rowWeights: weights)
    let standardized = try RelativeImportance.standardizedCoefficients(structure)
    return try self.weights(method: method, structure: structure, standardized: standardized, directions: directions, outcomeDirection: outcomeDirection).weights
  }

  /// The weights of one method, with the scores and expected-sign flags behind them.
  /// A pure function of its inputs: the bootstrap calls it once per replicate.
  /// - Parameter precomputed: the method's scores when computed elsewhere (a logistic
  ///   dominance analysis); otherwise they come from `structure`.
  public static func weights(
    method: ImportanceMethod, structure: CorrelationStructure, standardized: [Double], directions: [Direction], outcomeDirection: Direction,
    precomputed: [Double]? = nil
  ) throws -> (weights: [Double], scores: [Double], expected: [Bool]) {
    let p = structure.count
    let orientation = directions.map { $0.sign * outcomeDirection.sign }
    let expected = (0..<p).map { standardized[$0] * orientation[$0] > 0 }
    let scores: [Double]
    switch method {
    case _ where precomputed != nil: scores = precomputed!
    case .lmg, .dominance: scores = try RelativeImportance.lmg(structure)
    case .relativeWeights: scores = try RelativeImportance.relativeWeights(structure)
    case .standardized: scores = standardized
    case .nnls: scores = try RelativeImportance.nonNegativeComposite(structure, orientation: orientation)
    }
    var raw = [Double](repeating: 0, count: p)
    for j in 0..<p {
      switch method {
      case .lmg, .relativeWeights, .dominance: raw[j] = expected[j] ? max(0, scores[j]) : 0
      case .standardized: raw[j] = expected[j] ? abs(scores[j]) : 0
      case .nnls: raw[j] = max(0, scores[j])
      }
    }
    let total = raw.reduce(0, +)
    return (total > 0 ? raw.map { $0 / total } : raw, scores, expected)
  }

  /// Weights of `method` with their warnings, for a fitted model.
  public static func compute(
    method: ImportanceMethod, structure: CorrelationStructure, standardized: [Double], known: [String: Direction], outcomeDirection: Direction,
    outcome: String, pValues: [Double?], precomputed: [Double]? = nil
  ) throws -> (weights: [IndicatorWeight], warnings: [Message]) {
    let names = structure.indicators
    let resolved = resolveDirections(indicators: names, standardized: standardized, known: known, outcomeDirection: outcomeDirection)
    var warnings = resolved.warnings
    let result = try weights(
      method: method, structure: structure, standardized: standardized, directions: resolved.directions, outcomeDirection: outcomeDirection,
      precomputed: precomputed)
    for (j, name) in names.enumerated() where !result.expected[j] && method != .nnls {
      warnings.append(
        Message(
          en: "'\(name)' has a counter-intuitive effect (standardised coefficient \(formatted(standardized[j])): a better '\(name)' goes with a worse '\(outcome)'); its weight is set to 0. Check the data or the direction.",
          zh: "'\(name)' 的作用与预期相反（标准化系数 \(formatted(standardized[j]))：'\(name)' 越好，'\(outcome)' 反而越差）；其权重设为 0。请检查数据或方向。"))
    }
    if method == .nnls {
      for (j, name) in names.enumerated() where result.weights[j] == 0 {
        warnings.append(
          Message(
            en: "'\(name)' adds nothing to the best non-negative composite (weight 0): its oriented effect is absent or counter-intuitive once the others are in.",
            zh: "'\(name)' 对最优非负组合没有贡献（权重 0）：在其他指标已纳入时，它的定向效应不存在或与预期相反。"))
      }
    }
    if result.weights.allSatisfy({ $0 == 0 }) {
      warnings.append(
        Message(
          en: "No indicator has the expected effect on '\(outcome)'; no weights can be derived from this fit.",
          zh: "没有任何指标对 '\(outcome)' 有预期方向的作用；无法从此次拟合得出权重。"))
    }
    for (j, name) in names.enumerated() where result.weights[j] > 0 {
      if let p = pValues[j], p >= 0.05 {
        warnings.append(
          Message(
            en: "'\(name)' is not statistically significant (p = \(formatted(p))); its weight is uncertain.",
            zh: "'\(name)' 在统计上不显著（p = \(formatted(p))）；其权重不确定。"))
      }
    }
    let n = structure.observations, p = names.count
    if n < 10 * p {
      warnings.append(
        Message(
          en: "Only \(n) rows for \(p) indicators (fewer than 10 per indicator): the data cannot support a reliable ranking of the weights.",
          zh: "\(p) 个指标只有 \(n) 行数据（每个指标不足 10 行）：数据不足以可靠地给权重排序。"))
    }
    let weights = names.indices.map { j in
      IndicatorWeight(
        indicator: names[j], weight: result.weights[j], score: result.scores[j], standardizedCoefficient: standardized[j],
        direction: resolved.directions[j], directionInferred: resolved.inferred[j], hasExpectedSign: result.expected[j])
    }
    return (weights, warnings)
  }

  /// The fit slice's entry point: standardised-coefficient weights of a fitted OLS model.
  public static func standardized(
    fit: RegressionFit, directions: [String: Direction], outcomeDirection: Direction
  ) -> (weights: [IndicatorWeight], warnings: [Message]) {
    let structure = CorrelationStructure(
      indicators: fit.indicators, predictors: Matrix.identity(fit.indicators.count), outcome: fit.standardizedCoefficients,
      observations: fit.observationCount)
    let pValues = fit.indicators.map { fit.coefficient(of: $0)?.pValue }
    // `.standardized` never fails: it uses the given coefficients only.
    return (try? compute(
      method: .standardized, structure: structure, standardized: fit.standardizedCoefficients, known: directions,
      outcomeDirection: outcomeDirection, outcome: fit.outcome, pValues: pValues)) ?? ([], [])
  }

  public static func formatted(_ value: Double) -> String {
    let magnitude = abs(value)
    if magnitude != 0 && (magnitude < 1e-3 || magnitude >= 1e6) {
      var text = String(format: "%.3g", value)
      if text.contains("e") { text = text.replacingOccurrences(of: "e-0", with: "e-").replacingOccurrences(of: "e+0", with: "e+") }
      return text
    }
    return String(format: "%.4g", value)
  }
}
