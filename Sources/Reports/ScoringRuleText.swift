import Foundation
import WeightAnalysis

/// One-line descriptions of scoring rules and pay plans for tables and pages, in either language.
enum ScoringRuleText {
  /// "10 at ≥ 90.9, 1 at ≥ 80.3, 0 below (10 bands)", "min-max within the period", …
  static func summary(_ rule: ScoringRule, direction: Direction, language: Language = .en) -> String {
    let zh = language == .zh
    let sign = direction == .higherIsBetter ? "≥" : "≤"
    func at(_ points: Double, _ limit: Double) -> String { zh ? "\(sign) \(shortNumber(limit)) 得 \(shortNumber(points)) 分" : "\(shortNumber(points)) at \(sign) \(shortNumber(limit))" }
    switch rule {
    case .minMax: return zh ? "每期内按最小–最大值计分（最好 = 10，最差 = 0）" : "min-max within each period (best = 10, worst = 0)"
    case .linear(let full, let step, let points):
      let side = direction == .higherIsBetter ? (zh ? "低于" : "below") : (zh ? "高于" : "above")
      return zh
        ? "\(sign) \(shortNumber(full)) 得 10 分，每\(side) \(shortNumber(step)) 扣 \(shortNumber(points)) 分"
        : "10 at \(sign) \(shortNumber(full)), −\(shortNumber(points)) per \(shortNumber(step)) \(side)"
    case .targets(let limits, let beyond, let interpolate):
      let ordered = limits.sorted { $0.points > $1.points }
      guard let best = ordered.first, let worst = ordered.last else { return zh ? "目标值" : "targets" }
      let rest = zh ? "，超出得 \(shortNumber(beyond)) 分" : ", \(shortNumber(beyond)) beyond"
      if ordered.count > 3 {
        let bands = zh ? "（\(ordered.count) 档\(interpolate ? "，插值" : "")）" : " (\(ordered.count) bands\(interpolate ? ", interpolated" : ""))"
        return "\(at(best.points, best.limit)) … \(at(worst.points, worst.limit))" + rest + bands
      }
      return ordered.map { at($0.points, $0.limit) }.joined(separator: zh ? "，" : ", ") + rest
    case .steps(let edges):
      return edges.map { zh ? "从 \(shortNumber($0.from)) 起得 \(shortNumber($0.points)) 分" : "\(shortNumber($0.points)) from \(shortNumber($0.from))" }
        .joined(separator: zh ? "，" : ", ")
    }
  }
}

enum PayPlanText {
  /// "pay plan: 70% base + 30% performance × score/10; no gate; no cap; warning below 6 for 3 periods"
  static func summary(_ p: WeightConfig.PayPolicy, language: Language = .en) -> String {
    let pct = { (x: Double) in "\(shortNumber((x * 1000).rounded() / 10))%" }
    if language == .zh {
      let curve: String
      switch p.curve {
      case .linear: curve = "得分/10"
      case .steps(let steps): curve = "分段 " + steps.map { "\(shortNumber($0.score))→\(shortNumber($0.pay))" }.joined(separator: "，")
      }
      return "薪酬方案：\(pct(p.baseShare)) 基本工资 + \(pct(p.performanceShare)) 绩效工资 × \(curve)"
        + (p.gate.map { "；得分低于 \(shortNumber($0)) 无绩效工资" } ?? "；无门槛")
        + (p.cap.map { "；最多为绩效部分的 \(shortNumber($0)) 倍" } ?? "；无上限")
        + "；连续 \(p.warningPeriods) 期得分低于 \(shortNumber(p.warningThreshold)) 时预警"
    }
    let curve: String
    switch p.curve {
    case .linear: curve = "score/10"
    case .steps(let steps): curve = "steps " + steps.map { "\(shortNumber($0.score))→\(shortNumber($0.pay))" }.joined(separator: ", ")
    }
    return "pay plan: \(pct(p.baseShare)) base + \(pct(p.performanceShare)) performance × \(curve)"
      + (p.gate.map { "; none below a score of \(shortNumber($0))" } ?? "; no gate")
      + (p.cap.map { "; at most \(shortNumber($0)) × the performance share" } ?? "; no cap")
      + "; warning below \(shortNumber(p.warningThreshold)) for \(p.warningPeriods) consecutive periods"
  }
}
