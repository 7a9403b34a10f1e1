import DataSources
import Foundation
import WeightAnalysis

/// `kpi-weights report`: the recommendation for the first preset and the comparison of all of
/// them, composed into one result (the page is drawn by `Reports.HTMLPage`).
///
/// The comparison reuses the recommendation's own fit and weights, so the page shows one
/// recommended weight set (bootstrap included) and the model is fitted once.
public struct ReportJob: Sendable {
  public typealias Language = WeightAnalysis.Language

  public var recommend: RecommendJob
  public var presets: [Preset]
  public var language: Language = .zh
  public var include: [String] = ["fit", "recommended", "entropy"]
  /// Bootstrap replicates of the comparison statistics.
  public var comparisonReplicates = 100

  public init(recommend: RecommendJob, presets: [Preset]) {
    self.recommend = recommend
    self.presets = presets
  }

  public func run(on input: AnalysisInput) throws -> ReportContent {
    let recommendation = try recommend.run(on: input)
    var compare = CompareJob(fit: recommend.fit, presets: presets)
    compare.include = include
    compare.replicates = comparisonReplicates
    compare.payPolicy = recommend.payPolicy
    compare.scoring = recommend.scoring
    let comparison = try compare.run(on: input, fit: recommendation.fit, recommendation: recommendation)
    let fit = recommendation.fit
    let indicators = recommendation.rows.map(\.indicator)
    let selection = try input.table.numericColumns(
      [fit.outcome] + indicators, roles: ["the \(Setting.outcome)"] + Array(repeating: "an indicator", count: indicators.count), strict: recommend.fit.strict)
    let outcome = selection.columns[0], columns = Array(selection.columns.dropFirst())
    let policy = recommendation.config.payPolicy
    var residuals: (fitted: [Double], residuals: [Double])? = nil
    if case .linear(let ols) = fit.model { residuals = (zip(outcome, ols.residuals).map { $0 - $1 }, ols.residuals) }
    return ReportContent(
      language: language, presets: presets, recommendation: recommendation, comparison: comparison, outcome: outcome, columns: columns,
      lines: columns.map { Statistics.simpleRegression($0, outcome) }, residuals: residuals,
      entityRanks: comparison.sets.map { Backtest.ranks($0.entityMeans.map { -$0 }) },
      scoreBoxes: comparison.sets.map { Statistics.boxSummary($0.scores) },
      payBoxes: comparison.sets.map { Statistics.boxSummary($0.scores.map(policy.performanceShareOfSalary(score:))) })
  }
}

/// Everything the report page shows.
public struct ReportContent: Sendable {
  public let language: ReportJob.Language
  /// The compared presets (their names in both languages).
  public let presets: [Preset]
  public let recommendation: RecommendReport
  public let comparison: CompareReport
  /// The analysed outcome and indicator columns (rows complete in all of them).
  public let outcome: [Double]
  public let columns: [[Double]]
  /// The least-squares line of the outcome on each indicator (`nil` for one that does not vary).
  public let lines: [(intercept: Double, slope: Double)?]
  /// Fitted values and residuals of the linear model.
  public let residuals: (fitted: [Double], residuals: [Double])?
  /// Per comparison set, each entity's rank by mean score (1 = best, ties averaged).
  public let entityRanks: [[Double]]
  /// Per comparison set, the box plots of the scores and of performance pay as a share of salary.
  public let scoreBoxes: [Statistics.BoxSummary]
  public let payBoxes: [Statistics.BoxSummary]
}
