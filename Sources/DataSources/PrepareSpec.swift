import Foundation

/// How `prepare` turns one row per ticket into one row per entity × period (or per customer).
///
/// ```yaml
/// entity: 所属团队                          # one output row per entity and period …
/// period: {column: 创建时间, every: month}  # month | week | quarter → output column `month`
/// # per: 客户编号                            # … or one row per customer instead
/// measures:
///   response_hours:   {hours: [创建时间, 首次响应时间], stat: mean}    # mean | median | p90
///   satisfaction_pct: {percentOf: "满意度评分 >= 4", among: 满意度评分}
///   first_fix_pct:    {percentOf: "是否重开 = 否"}
///   cost_per_ticket:  {mean: 处理成本(元)}
///   tickets:          {count: rows}
///   churn_pct:        {percentOfDistinct: 客户编号, where: "客户是否流失 = 是"}
///   churned:          {any: "客户是否流失 = 是"}
/// ```
public struct PrepareSpec: Sendable, Equatable {
  /// How periods are cut from a timestamp column.
  public enum Every: String, Sendable, CaseIterable {
    /// `2025-01`.
    case month
    /// ISO week, `2025-W03`.
    case week
    /// `2025-Q1`.
    case quarter
  }

  /// A summary of per-ticket values within a group.
  public enum Stat: String, Sendable, CaseIterable {
    case mean, median, p90
  }

  /// `COLUMN OP VALUE`.
  public struct Condition: Sendable, Equatable, CustomStringConvertible {
    public enum Operator: String, Sendable, CaseIterable {
      case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    }
    public let column: String
    public let op: Operator
    public let value: String

    public init(column: String, op: Operator, value: String) {
      self.column = column
      self.op = op
      self.value = value
    }

    /// Reads `满意度评分 >= 4`: the operator is the first of `!= <= >= = < >` in the text, so a
    /// column name may hold spaces and brackets.
    public static func parse(_ text: String) -> Condition? {
      let scalars = Array(text.unicodeScalars)
      for (k, scalar) in scalars.enumerated() where "=!<>".unicodeScalars.contains(scalar) {
        let two = k + 1 < scalars.count ? String(String.UnicodeScalarView([scalar, scalars[k + 1]])) : ""
        let op: Operator
        let width: Int
        if let twoChar = Operator(rawValue: two) {
          (op, width) = (twoChar, 2)
        } else if let one = Operator(rawValue: String(scalar)) {
          (op, width) = (one, 1)
        } else {
          return nil
        }
        let column = String(String.UnicodeScalarView(scalars[..<k])).trimmingCharacters(in: .whitespaces)
        let value = String(String.UnicodeScalarView(scalars[(k + width)...])).trimmingCharacters(in: .whitespaces)
        guard !column.isEmpty, !value.isEmpty else { return nil }
        return Condition(column: column, op: op, value: value.trimmingCharacters(in: CharacterSet(charactersIn: "\"'")))
      }
      return nil
    }

    public var description: String { "\(column) \(op.rawValue) \(value)" }
  }

  /// One output column.
  public enum Measure: Sendable, Equatable {
    /// Hours from the first timestamp column to the second, summarised by `stat`.
    case hours(start: String, end: String, stat: Stat)
    /// 100 × the share of rows meeting the condition, among rows where `among` is not empty (or all).
    case percentOf(Condition, among: String?)
    /// A column's values summarised by `stat` (`{mean: col}`, `{median: col}`, `{p90: col}`).
    case summary(column: String, stat: Stat)
    /// The number of rows.
    case count
    /// 100 × distinct values of `column` among rows meeting the condition / distinct values.
    case percentOfDistinct(column: String, where: Condition)
    /// 1 when any row meets the condition, else 0.
    case any(Condition)

    /// The input columns the measure reads.
    public var columns: [String] {
      switch self {
      case .hours(let start, let end, _): return [start, end]
      case .percentOf(let condition, let among): return [condition.column] + (among.map { [$0] } ?? [])
      case .summary(let column, _): return [column]
      case .count: return []
      case .percentOfDistinct(let column, let condition): return [column, condition.column]
      case .any(let condition): return [condition.column]
      }
    }
  }

  /// The entity column (one row per entity and period), or `nil` with ``per``.
  public var entity: String?
  /// The timestamp column and period length.
  public var period: (column: String, every: Every)?
  /// One row per value of this column (e.g. per customer) instead of entity × period.
  public var per: String?
  public var measures: [(name: String, measure: Measure)]

  public init(entity: String?, period: (column: String, every: Every)?, per: String?, measures: [(name: String, measure: Measure)]) {
    self.entity = entity
    self.period = period
    self.per = per
    self.measures = measures
  }

  public static func == (a: PrepareSpec, b: PrepareSpec) -> Bool {
    a.entity == b.entity && a.period?.column == b.period?.column && a.period?.every == b.period?.every && a.per == b.per
      && a.measures.map(\.name) == b.measures.map(\.name) && a.measures.map(\.measure) == b.measures.map(\.measure)
  }
}

