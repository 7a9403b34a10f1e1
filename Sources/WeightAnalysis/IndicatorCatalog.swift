/// Whether more of an indicator (or outcome) is better.
public enum Direction: String, Sendable, Equatable, CaseIterable, Codable {
  case higherIsBetter = "higher"
  case lowerIsBetter = "lower"

  /// +1 for higher-is-better, −1 for lower-is-better.
  public var sign: Double { self == .higherIsBetter ? 1 : -1 }
}

/// What kpi-weights knows about an indicator or outcome: labels, unit, direction.
public struct IndicatorInfo: Sendable, Equatable {
  public let id: String
  public let chineseLabel: String
  public let englishLabel: String
  public let unit: String
  public let direction: Direction
  /// `true` for outcomes (churn, repeat purchase): never a default indicator.
  public let isOutcome: Bool
  /// Values outside this range are implausible (reported, not dropped).
  public let plausibleRange: ClosedRange<Double>?
  /// Where the entry came from: `nil` for the built-in catalog, else the catalog file.
  public let source: String?
  /// A catalog-file entry the dataset may lack without an error.
  public let isOptional: Bool

  public init(
    id: String, chineseLabel: String, englishLabel: String, unit: String, direction: Direction, isOutcome: Bool = false,
    plausibleRange: ClosedRange<Double>? = nil, source: String? = nil, isOptional: Bool = false
  ) {
    self.id = id
    self.chineseLabel = chineseLabel
    self.englishLabel = englishLabel
    self.unit = unit
    self.direction = direction
    self.isOutcome = isOutcome
    self.plausibleRange = plausibleRange
    self.source = source
    self.isOptional = isOptional
  }

  /// "客户满意度 Customer satisfaction" (labels that differ from the id).
  public var label: String {
    [chineseLabel, englishLabel].filter { !$0.isEmpty && $0 != id }.joined(separator: " ")
  }
}

/// The indicator catalog: labels, units, directions and plausible ranges of indicators and
/// outcomes. Built-in entries cover the seed article's indicators (the ids of `datasets/`); a
/// catalog file (`--catalog`, read by `DataSources.CatalogFile`) adds or overrides entries.
public struct IndicatorCatalog: Sendable {
  public private(set) var entries: [String: IndicatorInfo]

  public init(entries: [IndicatorInfo]) {
    self.entries = Dictionary(entries.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
  }

  public subscript(id: String) -> IndicatorInfo? { entries[id] }

  /// Overrides or adds a direction (e.g. from `--direction col=lower`).
  public mutating func setDirection(_ direction: Direction, for id: String) {
    let old = entries[id]
    entries[id] = IndicatorInfo(
      id: id, chineseLabel: old?.chineseLabel ?? "", englishLabel: old?.englishLabel ?? id, unit: old?.unit ?? "",
      direction: direction, isOutcome: old?.isOutcome ?? false, plausibleRange: old?.plausibleRange, source: old?.source,
      isOptional: old?.isOptional ?? false)
  }

  /// Adds or replaces entries (a catalog file over the built-in one).
  public mutating func merge(_ other: [IndicatorInfo]) {
    for entry in other { entries[entry.id] = entry }
  }

  /// Entries that came from a catalog file, sorted by id.
  public var fileEntries: [IndicatorInfo] { entries.values.filter { $0.source != nil }.sorted { $0.id < $1.id } }

  /// Ids of the catalog's outcomes.
  public var outcomeIDs: [String] { entries.values.filter(\.isOutcome).map(\.id).sorted() }

  /// The seed article's indicators (售后管理绩效考核指标) and outcomes.
  public static let builtIn = IndicatorCatalog(entries: [
    IndicatorInfo(id: "satisfaction_pct", chineseLabel: "客户满意度", englishLabel: "Customer satisfaction", unit: "%", direction: .higherIsBetter, plausibleRange: 0...100),
    IndicatorInfo(id: "response_hours", chineseLabel: "平均响应时间", englishLabel: "Average response time", unit: "h", direction: .lowerIsBetter, plausibleRange: 0...Double.greatestFiniteMagnitude),
    IndicatorInfo(id: "first_fix_pct", chineseLabel: "一次修复率", englishLabel: "First-time-fix rate", unit: "%", direction: .higherIsBetter, plausibleRange: 0...100),
    IndicatorInfo(id: "resolution_hours", chineseLabel: "平均解决时长", englishLabel: "Average resolution time", unit: "h", direction: .lowerIsBetter, plausibleRange: 0...Double.greatestFiniteMagnitude),
    IndicatorInfo(id: "complaint_resolution_pct", chineseLabel: "客户投诉解决率", englishLabel: "Complaint resolution rate", unit: "%", direction: .higherIsBetter, plausibleRange: 0...100),
    IndicatorInfo(id: "cost_per_ticket", chineseLabel: "单次售后成本", englishLabel: "Cost per ticket", unit: "CNY", direction: .lowerIsBetter, plausibleRange: 0...Double.greatestFiniteMagnitude),
    IndicatorInfo(id: "utilization_pct", chineseLabel: "售后人员利用率", englishLabel: "Staff utilisation", unit: "%", direction: .higherIsBetter, plausibleRange: 0...100),
    IndicatorInfo(id: "churn_pct", chineseLabel: "客户流失率", englishLabel: "Customer churn", unit: "%", direction: .lowerIsBetter, isOutcome: true, plausibleRange: 0...100),
    IndicatorInfo(id: "repeat_purchase_pct", chineseLabel: "回购率", englishLabel: "Repeat-purchase rate", unit: "%", direction: .higherIsBetter, isOutcome: true, plausibleRange: 0...100),
  ])
}
