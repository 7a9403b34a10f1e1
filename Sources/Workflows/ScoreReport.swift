import DataSources
import Foundation
import WeightAnalysis

/// What `score` prints.
public struct ScoreReport: Sendable {
  public let config: WeightConfig
  public let result: ScoringResult
  public let dataFile: String
  public let entityColumn: String
  public let periodColumn: String?
  public let hasSalary: Bool
  /// Column matches, yes/no columns and the columns left out (when scored from an ``AnalysisInput``).
  public internal(set) var columns: ColumnSummary? = nil
}
