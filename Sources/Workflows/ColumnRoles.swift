import DataSources
import WeightAnalysis

/// A column an analysis leaves out, and why (shown in every output, `ignoredColumns` in JSON).
public struct IgnoredColumn: Sendable, Equatable {
  public let column: String
  public let reason: Message

  public init(column: String, reason: Message) {
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
    table: DataTable, catalog: IndicatorCatalog, outcome: String?, reserved: [String: Message], includeUnknownDirections: Bool = false
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
  static func intrinsicReason(_ table: DataTable, _ index: Int, catalog: IndicatorCatalog, includeUnknownDirections: Bool) -> Message? {
    let column = table.columns[index]
    let name = column.name
    if table.isPeriodColumn(index) { return Message(en: "period", zh: "期间") }
    if DataTable.isIdentifierName(name) || DataTable.isIdentifierName(table.fileHeader(index)) { return Message(en: "id", zh: "标识") }
    if catalog[name]?.isOutcome == true { return Message(en: "another outcome", zh: "另一个结果指标") }
    if column.isText {
      return table.looksLikeTimestamps(column: index)
        ? Message(en: "timestamp (the prepare step turns timestamps into durations)", zh: "时间戳（prepare 步骤可把时间戳换算为时长）") : Message(en: "text", zh: "文本")
    }
    if column.numericCount == 0 { return Message(en: "no values", zh: "没有数值") }
    if catalog[name] == nil && !includeUnknownDirections {
      return Message(
        en: "no known direction", zh: "方向未知", hintEn: "(state one with \(Setting.direction) \(name)=higher|lower to include it)",
        hintZh: "（如需纳入，请用 \(Setting.direction) \(name)=higher|lower 说明方向）")
    }
    return nil
  }

  /// The columns left out when the indicators are listed explicitly (or chosen by a preset):
  /// their own reason when they have one, else `reason`.
  static func unlisted(table: DataTable, catalog: IndicatorCatalog, used: Set<String>, reason: Message? = nil) -> [IgnoredColumn] {
    table.columns.indices.filter { !used.contains(table.columns[$0].name) }.map { index in
      IgnoredColumn(
        column: table.columns[index].name,
        reason: intrinsicReason(table, index, catalog: catalog, includeUnknownDirections: true) ?? reason ?? Message(en: "not listed in \(Setting.indicators)", zh: "未列入 \(Setting.indicators)"))
    }
  }
}

extension ColumnRoles {
  /// The warning for columns left out because every cell is empty (an export that lost a
  /// column), or `nil` when there are none.
  static func emptyColumnsWarning(_ ignored: [IgnoredColumn]) -> Message? {
    let empty = ignored.filter { $0.reason.english == "no values" }.map { "'\($0.column)'" }
    guard !empty.isEmpty else { return nil }
    return Message(
      en: "\(empty.count == 1 ? "Column" : "Columns") \(empty.joined(separator: ", ")) \(empty.count == 1 ? "has" : "have") no values at all and \(empty.count == 1 ? "is" : "are") left out; check the export.",
      zh: "列 \(empty.joined(separator: "、")) 完全没有数值，已不予使用；请检查导出的数据。")
  }
}
