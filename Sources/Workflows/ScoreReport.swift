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
  /// Entity-periods scored without pay because no salary was found for them ("T03 2024-05 (line 12)").
  public internal(set) var missingSalaries: [String] = []
  /// Warnings about the data (fraction-looking percent columns) and the scoring rules (a rule
  /// that gives ≥ 90% of the rows the same points).
  public internal(set) var notes: [Message] = []

  /// How many entities the warning threshold flags, of how many, and in how many runs.
  public var flagged: (entities: Int, of: Int, runs: Int) {
    (Set(result.warnings.map(\.entity)).count, Set(result.rows.map(\.entity)).count, result.warnings.count)
  }
}
