import DataSources
import Foundation
import WeightAnalysis

/// A weights table with its provenance: what `objective` and `ahp` print.
public struct WeightsReport: Sendable {
  /// The title in both languages; ``Message/findingEnglish`` is "Objective weights: entropy".
  public let title: Message
  public let method: String
  /// Lines under the title (data, formula, invariance…).
  public let notes: [Message]
  public let rows: [WeightRow]
  public let warnings: [Message]
  public let catalog: IndicatorCatalog
  /// Extra top-level JSON keys, after `method`.
  public let extraJSON: [(String, JSONValue)]
  /// Extra summary lines for the table and markdown views: a label and a value.
  public let summary: [(Message, Message)]
  /// Columns matched to catalog ids by name, and columns left out (with why); `nil` when the
  /// weights do not come from a data table (AHP).
  public let columnSummary: ColumnSummary?

  public init(
    title: Message, method: String, notes: [Message], rows: [WeightRow], warnings: [Message], catalog: IndicatorCatalog,
    columnSummary: ColumnSummary? = nil, extraJSON: [(String, JSONValue)] = [], summary: [(Message, Message)] = []
  ) {
    self.title = title
    self.method = method
    self.notes = notes
    self.rows = rows
    self.warnings = warnings
    self.catalog = catalog
    self.extraJSON = extraJSON
    self.summary = summary
    self.columnSummary = columnSummary
  }
}

