extension PrepareSpec {
  /// The columns of a helpdesk export, by role, for the built-in `helpdesk` spec.
  public struct HelpdeskColumns: Sendable {
    public var entity: String?
    public var per: String?
    public var created: String
    public var every: Every = .month
    public var firstResponse: String?
    public var resolved: String?
    /// A satisfaction score (e.g. 1–5) and the lowest score that counts as satisfied.
    public var score: String?
    public var satisfiedFrom: Double = 4
    /// A yes/no column: was the ticket reopened?
    public var reopened: String?
    public var cost: String?
    public var customer: String?
    /// A yes/no column: did the customer leave?
    public var churned: String?

    public init(created: String) { self.created = created }
  }

  /// The built-in `helpdesk` spec: every measure whose columns are given — response and
  /// resolution hours (mean / median), satisfaction (% of rated tickets at or above the score),
  /// first-time fix (% not reopened), cost per ticket (mean), tickets, churn (% of distinct
  /// customers who left; per customer: `churned` 0/1).
  public static func helpdesk(_ c: HelpdeskColumns) -> PrepareSpec {
    var measures: [(String, Measure)] = []
    if let first = c.firstResponse { measures.append(("response_hours", .hours(start: c.created, end: first, stat: .mean))) }
    if let resolved = c.resolved { measures.append(("resolution_hours", .hours(start: c.created, end: resolved, stat: .median))) }
    if let score = c.score {
      let threshold = c.satisfiedFrom == c.satisfiedFrom.rounded() ? String(Int(c.satisfiedFrom)) : "\(c.satisfiedFrom)"
      measures.append(("satisfaction_pct", .percentOf(Condition(column: score, op: .greaterOrEqual, value: threshold), among: score)))
    }
    if let reopened = c.reopened { measures.append(("first_fix_pct", .percentOf(Condition(column: reopened, op: .equal, value: "否"), among: nil))) }
    if let cost = c.cost { measures.append(("cost_per_ticket", .summary(column: cost, stat: .mean))) }
    measures.append(("tickets", .count))
    if let churned = c.churned {
      if c.per != nil {
        measures.append(("churned", .any(Condition(column: churned, op: .equal, value: "是"))))
      } else if let customer = c.customer {
        measures.append(("churn_pct", .percentOfDistinct(column: customer, where: Condition(column: churned, op: .equal, value: "是"))))
      }
    }
    return PrepareSpec(entity: c.per == nil ? c.entity : nil, period: c.per == nil ? (c.created, c.every) : nil, per: c.per, measures: measures)
  }
}
