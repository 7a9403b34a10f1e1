import DataSources
import Foundation
import WeightAnalysis
import Workflows

extension RecommendReport: RenderedReport {
  func pct(_ value: Double?) -> String {
    guard let value, value.isFinite else { return "" }
    return String(format: "%.1f%%", value * 100)
  }


  public func jsonValue() -> JSONValue {
    let weights: [JSONValue] = rows.map { r in
      var fields: [(String, JSONValue)] = [
        ("indicator", .string(r.indicator)), ("weight", .double(r.weight)), ("fitted", .double(r.fitted)),
        ("target", .double(r.target)), ("lower", .double(r.lower)), ("upper", .double(r.upper)),
        ("activeBound", r.activeBound.map { .string($0.rawValue) } ?? .null), ("reason", .string(r.reason)),
      ]
      if let interval = r.fittedInterval { fields += [("fittedLow", .double(interval.low)), ("fittedHigh", .double(interval.high))] }
      if hasAHP { fields.append(("ahp", .double(r.ahp))) }
      if objectiveMethod != nil { fields.append(("objective", .double(r.objective))) }
      fields.append(("direction", .string(r.direction.rawValue)))
      if let rounded = r.rounded { fields.append(("rounded", .double(rounded))) }
      return .object(fields)
    }
    return .object([
      ("preset", .string(preset.id)), ("outcome", .string(fit.outcome)), ("method", .string(fit.method.rawValue)), ("blend", .double(blend)),
      ("weights", .array(weights)),
      ("backtest", .object([
        ("spearman", .double(spearman)), ("rSquared", .double(rSquared)), ("n", .integer(fit.observationCount)),
        ("rollingOrigin", rollingOrigin.map { $0.json(periodColumn: fit.periodColumn) } ?? .null),
      ])),
      ("kkt", .object([("sumMultiplier", .double(solution.sumMultiplier)), ("boundMultipliers", .array(solution.boundMultipliers.map { .double($0) }))])),
      ("sensitivity", sensitivity.map(Self.sensitivityJSON) ?? .null),
      ("warnings", .array(warnings.map { .string($0) })),
    ] + ColumnNotes.json(fit.columnSummary))
  }

  var isRounded: Bool { rows.contains { $0.rounded != nil } }

  public func renderCSV() -> String {
    // The weight columns every command's CSV starts with, then the sources and bounds.
    var out = "indicator,label_zh,label_en,direction,weight,\(isRounded ? "rounded," : "")fitted,target,\(hasAHP ? "ahp," : "")\(objectiveMethod != nil ? "objective," : "")lower,upper,activeBound,reason\n"
    for r in rows {
      var cells = [
        csvField(r.indicator), csvField(fit.catalog[r.indicator]?.chineseLabel ?? ""), csvField(fit.catalog[r.indicator]?.englishLabel ?? r.indicator), r.direction.rawValue,
        plainNumber(r.weight),
      ]
      if isRounded { cells.append(plainNumber(r.rounded)) }
      cells += [plainNumber(r.fitted), plainNumber(r.target)]
      if hasAHP { cells.append(plainNumber(r.ahp)) }
      if objectiveMethod != nil { cells.append(plainNumber(r.objective)) }
      cells += [plainNumber(r.lower), plainNumber(r.upper), r.activeBound?.rawValue ?? "", csvField(r.reason)]
      out += cells.joined(separator: ",") + "\n"
    }
    return out
  }

  var header: [String] {
    var h = ["indicator", "指标", "fitted", "target"]
    if hasAHP { h.append("AHP") }
    if let objectiveMethod { h.append(objectiveMethod.rawValue) }
    h.append("weight")
    if isRounded { h.append("config") }
    h.append("bounds")
    return h
  }

  func cells(_ r: Row) -> [String] {
    var fitted = pct(r.fitted)
    if let interval = r.fittedInterval { fitted += " (\(pct(interval.low))–\(pct(interval.high)))" }
    var c = [r.indicator, fit.catalog[r.indicator]?.chineseLabel ?? "", fitted, pct(r.target)]
    if hasAHP { c.append(pct(r.ahp)) }
    if objectiveMethod != nil { c.append(pct(r.objective)) }
    let bounds = "\(pct(r.lower))–\(pct(r.upper))" + (r.activeBound.map { $0 == .lower ? " ▲" : " ▼" } ?? "")
    c.append(pct(r.weight))
    if let rounded = r.rounded { c.append(String(format: "%g%%", (rounded * 1000).rounded() / 10)) }
    c.append(bounds)
    return c
  }

  var intro: [String] {
    [
      "Preset: \(preset.id) (\(preset.chineseName) · \(preset.englishName)) — \(preset.rationale)",
      "Outcome: \(fit.outcome); fitted weights by \(Setting.method) \(fit.method.rawValue) on \(fit.observationCount) rows; blend α = \(shortNumber(blend)) (fit) / \(shortNumber(1 - blend)) (preset)\(hasAHP ? ", AHP" : "")\(objectiveMethod.map { ", \($0.rawValue)" } ?? "").",
      "Solved: min Σ cⱼ(wⱼ − t̄ⱼ)² s.t. Σw = 1 and the bounds (▲ at its floor, ▼ at its ceiling).",
    ] + ColumnNotes.lines(fit.columnSummary)
  }

  public func renderTable(color: Bool) -> String {
    let bold: (String) -> String = color ? { "\u{1B}[1m\($0)\u{1B}[0m" } : { $0 }
    var out = bold("Recommended weights · 推荐权重") + "\n" + intro.joined(separator: "\n") + "\n\n"
    var alignments: [TextTable.Alignment] = [.left, .left] + Array(repeating: .right, count: header.count - 2)
    alignments[alignments.count - 1] = .left
    var table = TextTable(headers: header, alignments: alignments)
    for r in rows.sorted(by: { $0.weight > $1.weight }) { table.append(cells(r)) }
    out += table.render(styleHeader: bold)
    out += "\n" + bold("Why · 说明") + "\n"
    for r in rows.sorted(by: { $0.weight > $1.weight }) { out += "  \(r.indicator): \(r.reason)\n" }
    out += "\n" + bold("Backtest · 回测") + String(format: ": Spearman ρ(score, better outcome) = %.3f; R² of %@ on the score = %.3f (%d rows)", spearman, fit.outcome, rSquared, fit.observationCount)
    out += (rollingLine.map { "; " + $0 } ?? "") + "\n"
    out += "\n" + bold("Scoring and pay · 计分与薪酬") + "\n" + payLines.map { "  \($0)\n" }.joined()
    if let sensitivity {
      out += "\n" + bold("Sensitivity · 敏感性") + "\n" + sensitivityIntro(sensitivity) + "\n"
      var table = TextTable(headers: Self.sensitivityHeader, alignments: [.left] + Array(repeating: .right, count: Self.sensitivityHeader.count - 2) + [.left])
      for row in sensitivity.rows.sorted(by: { $0.weight > $1.weight }) { table.append(sensitivityCells(row)) }
      out += table.render(styleHeader: bold)
    }
    if !warnings.isEmpty {
      out += "\n" + bold("Warnings · 提示") + "\n" + warnings.map { "  • \($0)\n" }.joined()
    }
    return out
  }

  public func renderMarkdown() -> String {
    var out = "# Recommended weights · 推荐权重: `\(preset.id)`\n\n" + intro.map { "\($0)\n\n" }.joined()
    out += "| " + header.joined(separator: " | ") + " | reason |\n|" + header.map { _ in "---|" }.joined() + "---|\n"
    for r in rows.sorted(by: { $0.weight > $1.weight }) { out += "| " + cells(r).joined(separator: " | ") + " | \(r.reason) |\n" }
    out += String(format: "\n**Backtest**: Spearman ρ = %.3f, R² = %.3f (%d rows)", spearman, rSquared, fit.observationCount) + (rollingLine.map { "; " + $0 } ?? "") + ".\n"
    out += "\n## Scoring and pay · 计分与薪酬\n\n" + payLines.map { "- \($0)\n" }.joined()
    if let sensitivity {
      out += "\n## Sensitivity · 敏感性\n\n" + sensitivityIntro(sensitivity) + "\n\n| " + Self.sensitivityHeader.joined(separator: " | ") + " |\n|"
        + Self.sensitivityHeader.map { _ in "---|" }.joined() + "\n"
      for row in sensitivity.rows.sorted(by: { $0.weight > $1.weight }) { out += "| " + sensitivityCells(row).joined(separator: " | ") + " |\n" }
    }
    if !warnings.isEmpty { out += "\n## Warnings · 提示\n\n" + warnings.map { "- \($0)\n" }.joined() }
    return out
  }

  /// The config's scoring rules, one line each, and its pay plan.
  public var payLines: [String] {
    config.indicators.map { "\($0.id): \(ScoringRuleText.summary($0.scoring, direction: $0.direction))" } + [PayPlanText.summary(config.payPolicy)]
  }

  /// The recommended rule's rolling-origin summary (origins combine each origin's fit with the
  /// same sources and bounds).
  var rollingLine: String? { rollingOrigin?.summary(periodColumn: fit.periodColumn).map { "recommended weights " + $0 } }

  static let sensitivityHeader = ["indicator", "weight", "no band change", "top/bottom 5 kept", "ρ without", "ρ out without", "points now", "importance × performance"]

  func sensitivityIntro(_ s: Sensitivity) -> String {
    "How far each weight can move, the others rescaled, before any of the \(s.entities) entities changes pay band (top 20% / middle / bottom 20%) or the five best and worst change; "
      + String(format: "ρ with and without each indicator (all: %.3f); mean points in the latest period. · 权重可调整区间、去掉该指标后的 ρ、重要性 × 表现。", s.spearman)
  }

  func sensitivityCells(_ r: Sensitivity.Row) -> [String] {
    [
      r.indicator, pct(r.weight), "\(pct(r.bandInterval.low))–\(pct(r.bandInterval.high))", "\(pct(r.extremesInterval.low))–\(pct(r.extremesInterval.high))",
      String(format: "%.3f", r.leaveOutSpearman), r.leaveOutOfSampleSpearman.map { String(format: "%.3f", $0) } ?? "",
      r.currentPoints.isFinite ? String(format: "%.1f", r.currentPoints) : "", "\(r.quadrant.english) · \(r.quadrant.chinese)",
    ]
  }

  static func sensitivityJSON(_ s: Sensitivity) -> JSONValue {
    .object([
      ("entities", .integer(s.entities)), ("spearman", .double(s.spearman)),
      ("indicators", .array(s.rows.map { r in
        .object([
          ("indicator", .string(r.indicator)), ("weight", .double(r.weight)),
          ("bandLow", .double(r.bandInterval.low)), ("bandHigh", .double(r.bandInterval.high)),
          ("extremesLow", .double(r.extremesInterval.low)), ("extremesHigh", .double(r.extremesInterval.high)),
          ("leaveOutSpearman", .double(r.leaveOutSpearman)), ("leaveOutOfSampleSpearman", r.leaveOutOfSampleSpearman.map { .double($0) } ?? .null),
          ("currentPoints", .double(r.currentPoints)), ("quadrant", .string(r.quadrant.rawValue)),
        ])
      })),
    ])
  }
}
