import Foundation
import WeightAnalysis

/// One-line descriptions of scoring rules and pay plans for tables and pages.
enum ScoringRuleText {
  /// "10 at ≥ 90.9, 1 at ≥ 80.3, 0 below (10 bands)", "min-max within the period", …
  static func summary(_ rule: ScoringRule, direction: Direction) -> String {
    switch rule {
    case .minMax: return "min-max within each period (best = 10, worst = 0)"
    case .linear(let full, let step, let points):
      return "10 at \(direction == .higherIsBetter ? "≥" : "≤") \(shortNumber(full)), −\(shortNumber(points)) per \(shortNumber(step)) \(direction == .higherIsBetter ? "below" : "above")"
    case .targets(let limits, let beyond, let interpolate):
      let sign = direction == .higherIsBetter ? "≥" : "≤"
      let ordered = limits.sorted { $0.points > $1.points }
      guard let best = ordered.first, let worst = ordered.last else { return "targets" }
      if ordered.count > 3 {
        return "\(shortNumber(best.points)) at \(sign) \(shortNumber(best.limit)) … \(shortNumber(worst.points)) at \(sign) \(shortNumber(worst.limit)), \(shortNumber(beyond)) beyond (\(ordered.count) bands\(interpolate ? ", interpolated" : ""))"
      }
      return ordered.map { "\(shortNumber($0.points)) at \(sign) \(shortNumber($0.limit))" }.joined(separator: ", ") + ", \(shortNumber(beyond)) beyond"
    case .steps(let edges):
      return edges.map { "\(shortNumber($0.points)) from \(shortNumber($0.from))" }.joined(separator: ", ")
    }
  }
}

enum PayPlanText {
  /// "pay: 70% base + 30% performance × score/10; no gate; no cap; warning below 6 for 3 periods"
  static func summary(_ p: WeightConfig.PayPolicy) -> String {
    let curve: String
    switch p.curve {
    case .linear: curve = "score/10"
    case .steps(let steps): curve = "steps " + steps.map { "\(shortNumber($0.score))→\(shortNumber($0.pay))" }.joined(separator: ", ")
    }
    let pct = { (x: Double) in "\(shortNumber((x * 1000).rounded() / 10))%" }
    return "pay plan: \(pct(p.baseShare)) base + \(pct(p.performanceShare)) performance × \(curve)"
      + (p.gate.map { "; none below a score of \(shortNumber($0))" } ?? "; no gate")
      + (p.cap.map { "; at most \(shortNumber($0)) × the performance share" } ?? "; no cap")
      + "; warning below \(shortNumber(p.warningThreshold)) for \(p.warningPeriods) consecutive periods"
  }
}
