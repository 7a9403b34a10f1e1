import DataSources
import Foundation
import LinearAlgebra
import WeightAnalysis

/// What `compare` prints.
public struct CompareReport: Sendable {
  public typealias SetResult = WeightSetEvaluation
  public typealias Move = WeightSetEvaluation.Move

  public let indicators: [String]
  public let sets: [SetResult]
  public let outcome: String
  public let rows: Int
  public let entityColumn: String?
  public let entities: Int
  public let replicates: Int
  public let payPolicy: WeightConfig.PayPolicy
  public let catalog: IndicatorCatalog
  public let warnings: [Message]
  /// Entity labels in the order of `SetResult.entityMeans`.
  public var entityLabels: [String] = []
  /// Columns matched to catalog ids by name, and columns the fit left out.
  public var columnSummary = ColumnSummary()
  /// Per set (in ``sets`` order), its rolling-origin check over the periods (`nil` without periods).
  public var rollingOrigins: [RollingOriginBacktest?] = []
  public var periodColumn: String?

  public init(
    indicators: [String], sets: [SetResult], outcome: String, rows: Int, entityColumn: String?, entities: Int, replicates: Int,
    payPolicy: WeightConfig.PayPolicy, catalog: IndicatorCatalog, warnings: [Message]
  ) {
    self.indicators = indicators
    self.sets = sets
    self.outcome = outcome
    self.rows = rows
    self.entityColumn = entityColumn
    self.entities = entities
    self.replicates = replicates
    self.payPolicy = payPolicy
    self.catalog = catalog
    self.warnings = warnings
  }
}
