import DataSources
import WeightAnalysis

/// A column an analysis leaves out, and why (shown in every output, `ignoredColumns` in JSON).
public struct IgnoredColumn: Sendable, Equatable {
  public let column: String
  public let reason: String

  public init(column: String, reason: String) {
    self.column = column
    self.reason = reason
  }
}

/// What an analysis did with the data's columns: names matched to catalog ids, yes/no columns
/// read as 1/0, and the columns left out with why. Every output shows it.
public struct ColumnSummary: Sendable, Equatable {
  public let matches: [ColumnMatch]
  /// Columns of yes/no words read as 1/0 (names as in the file).
  public let yesNo: [String]
  public let ignored: [IgnoredColumn]

  public init(matches: [ColumnMatch] = [], yesNo: [String] = [], ignored: [IgnoredColumn] = []) {
    self.matches = matches
    self.yesNo = yesNo
    self.ignored = ignored
  }
}

/// Which columns are indicators by default, and why the others are not.
enum ColumnRoles {
  /// Every numeric column with a known direction except the outcome, other outcomes, id/period
  /// columns and `reserved` ones, in file order; every other column with its reason.
  static func defaultIndicators(
    table: DataTable, catalog: IndicatorCatalog, outcome: String?, reserved: [String: String], includeUnknownDirections: Bool = false
  ) -> (indicators: [String], ignored: [IgnoredColumn]) {
    var chosen: [String] = [], ignored: [IgnoredColumn] = []
    for (index, column) in table.columns.enumerated() where column.name != outcome {
      if let reason = reserved[column.name] ?? intrinsicReason(table, index, catalog: catalog, includeUnknownDirections: includeUnknownDirections) {
        ignored.append(IgnoredColumn(column: column.name, reason: reason))
      } else {
        chosen.append(column.name)
      }
    }
    return (chosen, ignored)
  }

  /// Why a column can never be a default indicator, or `nil` when it can.
  static func intrinsicReason(_ table: DataTable, _ index: Int, catalog: IndicatorCatalog, includeUnknownDirections: Bool) -> String? {
    let column = table.columns[index]
    let name = column.name
    if table.isPeriodColumn(index) { return "period" }
    if DataTable.isIdentifierName(name) || DataTable.isIdentifierName(table.fileHeader(index)) { return "id" }
    if catalog[name]?.isOutcome == true { return "another outcome" }
    if column.isText { return table.looksLikeTimestamps(column: index) ? "timestamp (the prepare step turns timestamps into durations)" : "text" }
    if column.numericCount == 0 { return "no values" }
    if catalog[name] == nil && !includeUnknownDirections {
      return "no known direction (state one with \(Setting.direction) \(name)=higher|lower to include it)"
    }
    return nil
  }

  /// The columns left out when the indicators are listed explicitly (or chosen by a preset):
  /// their own reason when they have one, else `reason`.
  static func unlisted(table: DataTable, catalog: IndicatorCatalog, used: Set<String>, reason: String? = nil) -> [IgnoredColumn] {
    table.columns.indices.filter { !used.contains(table.columns[$0].name) }.map { index in
      IgnoredColumn(
        column: table.columns[index].name,
        reason: intrinsicReason(table, index, catalog: catalog, includeUnknownDirections: true) ?? reason ?? "not listed in \(Setting.indicators)")
    }
  }
}
