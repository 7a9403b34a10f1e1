import Foundation
import WeightAnalysis

/// The scoring rules a recommendation proposes, and the score every command judges weights by:
/// `score`'s own (``Scoring/points(columns:periodCodes:rules:directions:)`` and
/// ``Scoring/scores(points:weights:)``), so the ρ and the pay spread a manager approves are the
/// ones payroll sees.
extension FitReport {
  /// One rule per ``baseIndicators``: a preset's `fixed` rule, else calibrated on the fit's rows,
  /// or the article's. A column
  /// without spread to calibrate on (p10 = p90) keeps min-max, with a warning.
  public func scoringRules(_ scheme: ScoringScheme, directions: [Direction], fixed: [String: ScoringRule] = [:]) -> (rules: [ScoringRule], warnings: [Message]) {
    guard scheme == .calibrated, let (_, columns) = baseColumns() else {
      return (baseIndicators.map { fixed[$0] ?? ScoringRule.defaultRule(for: $0) }, [])
    }
    var warnings: [Message] = []
    let rules = baseIndicators.indices.map { j -> ScoringRule in
      if let rule = fixed[baseIndicators[j]] { return rule }
      if let rule = ScoringRule.calibrated(values: columns[j], direction: directions[j]) { return rule }
      warnings.append(
        Message(
          en: "'\(baseIndicators[j])' has the same 10th and 90th percentile in the history, so no scoring bands can be calibrated on it; it is scored min-max within each period.",
          zh: "'\(baseIndicators[j])' 在历史数据中的第 10 和第 90 百分位数相同，无法据此校准计分档次；改为在每期内按最小–最大值计分。"))
      return .minMax
    }
    return (rules, warnings)
  }

  /// The points of the fit's rows under `rules` (min-max rules within each period), indicator by row.
  func points(rules: [ScoringRule], directions: [Direction]) -> [[Double]]? {
    guard let (_, columns) = baseColumns() else { return nil }
    return Scoring.points(columns: columns, periodCodes: periods?.codes, rules: rules, directions: directions)
  }

  /// Rolling origin under a scoring scheme: at each origin the rules are calibrated on the
  /// training periods only and score the origin's rows (min-max rules within that period).
  func rollingOrigin(
    directions: [Direction], scheme: ScoringScheme, fixed presetRules: [String: ScoringRule] = [:], weights: (_ origin: Int, _ periodRanks: [Int]) throws -> [Double]
  ) -> RollingOriginBacktest? {
    guard let periods, let (outcome, columns) = baseColumns() else { return nil }
    let fixed = scheme == .article ? baseIndicators.map { presetRules[$0] ?? ScoringRule.defaultRule(for: $0) } : nil
    return Backtest.rollingOrigin(
      periodCodes: periods.codes, labels: periods.labels, columns: columns, directions: directions, outcome: outcome, outcomeDirection: outcomeDirection,
      weights: weights
    ) { training, scored, w in
      let rules = fixed ?? columns.indices.map { j in
        presetRules[baseIndicators[j]] ?? ScoringRule.calibrated(values: training.map { columns[j][$0] }, direction: directions[j]) ?? .minMax
      }
      let points = Scoring.points(columns: columns.map { c in scored.map { c[$0] } }, periodCodes: nil, rules: rules, directions: directions)
      return Scoring.scores(points: points, weights: w)
    }
  }
}
