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
  /// Other names a column may carry for this entry (besides the id and the two labels), matched
  /// after ``IndicatorCatalog/normalizedName(_:)``.
  public let aliases: [String]

  public init(
    id: String, chineseLabel: String, englishLabel: String, unit: String, direction: Direction, isOutcome: Bool = false,
    plausibleRange: ClosedRange<Double>? = nil, source: String? = nil, isOptional: Bool = false, aliases: [String] = []
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
    self.aliases = aliases
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
      isOptional: old?.isOptional ?? false, aliases: old?.aliases ?? [])
  }

  /// Adds or replaces entries (a catalog file over the built-in one).
  public mutating func merge(_ other: [IndicatorInfo]) {
    for entry in other { entries[entry.id] = entry }
  }

  /// Entries that came from a catalog file, sorted by id.
  public var fileEntries: [IndicatorInfo] { entries.values.filter { $0.source != nil }.sorted { $0.id < $1.id } }

  /// The built-in indicators in the seed article's order (then outcomes).
  public var order: [String] {
    ["satisfaction_pct", "response_hours", "first_fix_pct", "resolution_hours", "complaint_resolution_pct", "cost_per_ticket", "utilization_pct"]
      + entries.keys.filter { !["satisfaction_pct", "response_hours", "first_fix_pct", "resolution_hours", "complaint_resolution_pct", "cost_per_ticket", "utilization_pct"].contains($0) }.sorted()
  }

  /// Ids of the catalog's outcomes.
  public var outcomeIDs: [String] { entries.values.filter(\.isOutcome).map(\.id).sorted() }

  /// The seed article's indicators (售后管理绩效考核指标) and outcomes, with the names real
  /// exports give them (Chinese labels, synonyms, English names).
  public static let builtIn = IndicatorCatalog(entries: [
    IndicatorInfo(
      id: "satisfaction_pct", chineseLabel: "客户满意度", englishLabel: "Customer satisfaction", unit: "%", direction: .higherIsBetter, plausibleRange: 0...100,
      aliases: ["满意度", "满意率", "客户满意率", "CSAT", "CSAT %", "satisfaction", "customer satisfaction rate"]),
    IndicatorInfo(
      id: "response_hours", chineseLabel: "平均响应时间", englishLabel: "Average response time", unit: "h", direction: .lowerIsBetter,
      plausibleRange: 0...Double.greatestFiniteMagnitude,
      aliases: ["响应时间", "平均响应时长", "响应时长", "首次响应时长", "平均首次响应时间", "response time", "avg response time", "response hours"]),
    IndicatorInfo(
      id: "first_fix_pct", chineseLabel: "一次修复率", englishLabel: "First-time-fix rate", unit: "%", direction: .higherIsBetter, plausibleRange: 0...100,
      aliases: ["一次解决率", "首次修复率", "首次解决率", "一次性修复率", "FTF", "FCR", "first time fix rate", "first-time fix", "first contact resolution"]),
    IndicatorInfo(
      id: "resolution_hours", chineseLabel: "平均解决时长", englishLabel: "Average resolution time", unit: "h", direction: .lowerIsBetter,
      plausibleRange: 0...Double.greatestFiniteMagnitude,
      aliases: ["解决时长", "平均解决时间", "解决时间", "平均处理时长", "处理时长", "MTTR", "resolution time", "avg resolution time", "resolution hours"]),
    IndicatorInfo(
      id: "complaint_resolution_pct", chineseLabel: "客户投诉解决率", englishLabel: "Complaint resolution rate", unit: "%", direction: .higherIsBetter,
      plausibleRange: 0...100, aliases: ["投诉解决率", "投诉处理率", "complaint resolution", "complaints resolved"]),
    IndicatorInfo(
      id: "cost_per_ticket", chineseLabel: "单次售后成本", englishLabel: "Cost per ticket", unit: "CNY", direction: .lowerIsBetter,
      plausibleRange: 0...Double.greatestFiniteMagnitude, aliases: ["单次成本", "每单成本", "单均成本", "单次服务成本", "售后成本", "cost per case", "ticket cost"]),
    IndicatorInfo(
      id: "utilization_pct", chineseLabel: "售后人员利用率", englishLabel: "Staff utilisation", unit: "%", direction: .higherIsBetter, plausibleRange: 0...100,
      aliases: ["人员利用率", "利用率", "工时利用率", "utilisation", "utilization", "staff utilization"]),
    IndicatorInfo(
      id: "churn_pct", chineseLabel: "客户流失率", englishLabel: "Customer churn", unit: "%", direction: .lowerIsBetter, isOutcome: true, plausibleRange: 0...100,
      aliases: ["流失率", "churn", "churn rate", "customer churn rate"]),
    IndicatorInfo(
      id: "repeat_purchase_pct", chineseLabel: "回购率", englishLabel: "Repeat-purchase rate", unit: "%", direction: .higherIsBetter, isOutcome: true,
      plausibleRange: 0...100, aliases: ["复购率", "客户回购率", "repeat purchase", "repurchase rate", "repeat purchase rate"]),
    IndicatorInfo(
      id: "churned", chineseLabel: "是否流失", englishLabel: "Churned (0/1)", unit: "", direction: .lowerIsBetter, isOutcome: true, plausibleRange: 0...1,
      aliases: ["客户是否流失", "已流失", "流失", "is churned", "churn flag"]),
  ])
}
