import DataSources
import Foundation
import WeightAnalysis

/// `kpi-weights report`: the recommendation for the first preset and the comparison of all of
/// them, composed into one result (the page is drawn by `Reports.HTMLPage`).
///
/// The comparison reuses the recommendation's own fit and weights, so the page shows one
/// recommended weight set (bootstrap included) and the model is fitted once.
public struct ReportJob: Sendable {
  public enum Language: String, Sendable, CaseIterable { case zh, en }

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
    let comparison = try compare.run(on: input, fit: recommendation.fit, recommendation: recommendation)
    let fit = recommendation.fit
    let indicators = recommendation.rows.map(\.indicator)
    let selection = try input.table.numericColumns(
      [fit.outcome] + indicators, roles: ["the \(Setting.outcome)"] + Array(repeating: "an indicator", count: indicators.count), strict: recommend.fit.strict)
    return ReportContent(
      language: language, recommendation: recommendation, comparison: comparison, outcome: selection.columns[0], columns: Array(selection.columns.dropFirst()))
  }
}

/// Everything the report page shows.
public struct ReportContent: Sendable {
  public let language: ReportJob.Language
  public let recommendation: RecommendReport
  public let comparison: CompareReport
  /// The analysed outcome and indicator columns (rows complete in all of them).
  public let outcome: [Double]
  public let columns: [[Double]]
}
