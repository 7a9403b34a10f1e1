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
        ("activeBound", r.activeBound.map { .string($0.rawValue) } ?? .null), ("reason", .string(r.reason.english)), ("reason_zh", .string(r.reason.chinese)),
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
    ] + JSONValue.messages("warnings", warnings) + ColumnNotes.json(fit.columnSummary))
  }

  var isRounded: Bool { rows.contains { $0.rounded != nil } }

  public func renderCSV() -> String {
    // The weight columns every command's CSV starts with, then the sources and bounds.
    var out = "indicator,label_zh,label_en,direction,weight,\(isRounded ? "rounded," : "")fitted,target,\(hasAHP ? "ahp," : "")\(objectiveMethod != nil ? "objective," : "")lower,upper,activeBound,reason,reason_zh\n"
    for r in rows {
      var cells = [
        csvField(r.indicator), csvField(fit.catalog[r.indicator]?.chineseLabel ?? ""), csvField(fit.catalog[r.indicator]?.englishLabel ?? r.indicator), r.direction.rawValue,
        plainNumber(r.weight),
      ]
      if isRounded { cells.append(plainNumber(r.rounded)) }
      cells += [plainNumber(r.fitted), plainNumber(r.target)]
      if hasAHP { cells.append(plainNumber(r.ahp)) }
      if objectiveMethod != nil { cells.append(plainNumber(r.objective)) }
      cells += [plainNumber(r.lower), plainNumber(r.upper), r.activeBound?.rawValue ?? "", csvField(r.reason.english), csvField(r.reason.chinese)]
      out += cells.joined(separator: ",") + "\n"
    }
    return out
  }

  func header(_ language: DisplayLanguage) -> [String] {
    let t = language.pick
    var h = language == .zh ? ["指标代码", "指标", "拟合", "预设目标"] : ["indicator", language == .en ? "label" : "指标", "fitted", "target"]
    if hasAHP { h.append("AHP") }
    if let objectiveMethod { h.append(objectiveMethod.rawValue) }
    h.append(t("weight", "权重"))
    if isRounded { h.append(t("config", "配置")) }
    h.append(t("bounds", "上下限"))
    return h
  }

  func cells(_ r: Row, _ language: DisplayLanguage) -> [String] {
    var fitted = pct(r.fitted)
    if let interval = r.fittedInterval { fitted += " (\(pct(interval.low))–\(pct(interval.high)))" }
    var c = [r.indicator, fit.labelColumn(language).value(r.indicator), fitted, pct(r.target)]
    if hasAHP { c.append(pct(r.ahp)) }
    if objectiveMethod != nil { c.append(pct(r.objective)) }
    let bounds = "\(pct(r.lower))–\(pct(r.upper))" + (r.activeBound.map { $0 == .lower ? " ▲" : " ▼" } ?? "")
    c.append(pct(r.weight))
    if let rounded = r.rounded { c.append(String(format: "%g%%", (rounded * 1000).rounded() / 10)) }
    c.append(bounds)
    return c
  }

  func intro(_ language: DisplayLanguage) -> [String] {
    if language == .zh {
      return [
        "预设：\(preset.id)（\(preset.chineseName)）——\(preset.chineseRationale)",
        "结果指标：\(fit.outcome)；拟合权重用 \(Setting.method) \(fit.method.rawValue)，共 \(fit.observationCount) 行；拟合占比 α = \(shortNumber(blend))（拟合）/ \(shortNumber(1 - blend))（预设）\(hasAHP ? "，AHP" : "")\(objectiveMethod.map { "，\($0.rawValue)" } ?? "")。",
        "求解：min Σ cⱼ(wⱼ − t̄ⱼ)²，约束 Σw = 1 与上下限（▲ 在下限，▼ 在上限）。",
      ] + ColumnNotes.lines(fit.columnSummary, language: language)
    }
    return [
      "Preset: \(preset.id) (\(language == .en ? preset.englishName : "\(preset.chineseName) · \(preset.englishName)")) — \(preset.rationale)",
      "Outcome: \(fit.outcome); fitted weights by \(Setting.method) \(fit.method.rawValue) on \(fit.observationCount) rows; blend α = \(shortNumber(blend)) (fit) / \(shortNumber(1 - blend)) (preset)\(hasAHP ? ", AHP" : "")\(objectiveMethod.map { ", \($0.rawValue)" } ?? "").",
      "Solved: min Σ cⱼ(wⱼ − t̄ⱼ)² s.t. Σw = 1 and the bounds (▲ at its floor, ▼ at its ceiling).",
    ] + ColumnNotes.lines(fit.columnSummary, language: language)
  }

  public func renderTable(color: Bool, language: DisplayLanguage = .both) -> String {
    let bold: (String) -> String = color ? { "\u{1B}[1m\($0)\u{1B}[0m" } : { $0 }
    var out = bold(language.heading("Recommended weights", "推荐权重")) + "\n" + intro(language).joined(separator: "\n") + "\n\n"
    let header = header(language)
    var alignments: [TextTable.Alignment] = [.left, .left] + Array(repeating: .right, count: header.count - 2)
    alignments[alignments.count - 1] = .left
    var table = TextTable(headers: header, alignments: alignments)
    for r in rows.sorted(by: { $0.weight > $1.weight }) { table.append(cells(r, language)) }
    out += table.render(styleHeader: bold)
    out += "\n" + bold(language.heading("Why", "说明")) + "\n"
    for r in rows.sorted(by: { $0.weight > $1.weight }) { out += "  \(r.indicator)\(language.pick(": ", "："))\(language.text(r.reason))\n" }
    out += "\n" + bold(language.heading("Backtest", "回测")) + backtestText(language, markdown: false) + "\n"
    out += "\n" + bold(language.heading("Scoring and pay", "计分与薪酬")) + "\n" + payLines(language == .zh ? .zh : .en).map { "  \($0)\n" }.joined()
    if let sensitivity {
      out += "\n" + bold(language.heading("Sensitivity", "敏感性")) + "\n" + sensitivityIntro(sensitivity, language) + "\n"
      let header = Self.sensitivityHeader(language)
      var table = TextTable(headers: header, alignments: [.left] + Array(repeating: .right, count: header.count - 2) + [.left])
      for row in sensitivity.rows.sorted(by: { $0.weight > $1.weight }) { table.append(sensitivityCells(row, language)) }
      out += table.render(styleHeader: bold)
    }
    if !warnings.isEmpty {
      out += "\n" + bold(language.heading("Warnings", "提示")) + "\n" + warnings.map { "  • \(language.text($0))\n" }.joined()
    }
    return out
  }

  public func renderMarkdown(language: DisplayLanguage = .both) -> String {
    var out = "# \(language.heading("Recommended weights", "推荐权重"))\(language.pick(": ", "："))`\(preset.id)`\n\n" + intro(language).map { "\($0)\n\n" }.joined()
    let header = header(language)
    out += "| " + header.joined(separator: " | ") + " | \(language.pick("reason", "说明")) |\n|" + header.map { _ in "---|" }.joined() + "---|\n"
    for r in rows.sorted(by: { $0.weight > $1.weight }) { out += "| " + cells(r, language).joined(separator: " | ") + " | \(language.text(r.reason)) |\n" }
    out += "\n**\(language.heading("Backtest", "回测"))**" + backtestText(language, markdown: true) + language.pick(".", "。") + "\n"
    out += "\n## \(language.heading("Scoring and pay", "计分与薪酬"))\n\n" + payLines(language == .zh ? .zh : .en).map { "- \($0)\n" }.joined()
    if let sensitivity {
      let header = Self.sensitivityHeader(language)
      out += "\n## \(language.heading("Sensitivity", "敏感性"))\n\n" + sensitivityIntro(sensitivity, language) + "\n\n| " + header.joined(separator: " | ") + " |\n|"
        + header.map { _ in "---|" }.joined() + "\n"
      for row in sensitivity.rows.sorted(by: { $0.weight > $1.weight }) { out += "| " + sensitivityCells(row, language).joined(separator: " | ") + " |\n" }
    }
    if !warnings.isEmpty { out += "\n## \(language.heading("Warnings", "提示"))\n\n" + warnings.map { "- \(language.text($0))\n" }.joined() }
    return out
  }

  /// The config's scoring rules, one line each, and its pay plan.
  public var payLines: [String] { payLines(.en) }

  /// ``payLines`` in `language`.
  public func payLines(_ language: Language) -> [String] {
    config.indicators.map { "\($0.id): \(ScoringRuleText.summary($0.scoring, direction: $0.direction, language: language))" }
      + [PayPlanText.summary(config.payPolicy, language: language)]
  }

  /// The recommended rule's rolling-origin summary (origins combine each origin's fit with the
  /// same sources and bounds).
  func rollingLine(_ language: DisplayLanguage) -> String? {
    rollingOrigin?.summary(periodColumn: fit.periodColumn, language: language).map { language.pick("recommended weights ", "推荐权重的") + $0 }
  }

  /// `: Spearman ρ(score, better outcome) = 0.871; R² of churn_pct on the score = 0.74 (1432 rows); …`
  func backtestText(_ language: DisplayLanguage, markdown: Bool) -> String {
    let rho = String(format: "%.3f", spearman), r2 = String(format: "%.3f", rSquared), n = fit.observationCount
    var text: String
    if language == .zh {
      text = markdown ? "：Spearman ρ = \(rho)，R² = \(r2)（\(n) 行）" : "：Spearman ρ（得分与更好的结果）= \(rho)；\(fit.outcome) 对得分回归的 R² = \(r2)（\(n) 行）"
    } else {
      text = markdown ? ": Spearman ρ = \(rho), R² = \(r2) (\(n) rows)" : ": Spearman ρ(score, better outcome) = \(rho); R² of \(fit.outcome) on the score = \(r2) (\(n) rows)"
    }
    if let rolling = rollingLine(language) { text += language.pick("; ", "；") + rolling }
    return text
  }

  static func sensitivityHeader(_ language: DisplayLanguage) -> [String] {
    language == .zh
      ? ["指标", "权重", "档次不变区间", "首尾五名不变", "去掉后 ρ", "样本外去掉后 ρ", "当前得分", "重要性 × 表现"]
      : ["indicator", "weight", "no band change", "top/bottom 5 kept", "ρ without", "ρ out without", "points now", "importance × performance"]
  }

  func sensitivityIntro(_ s: Sensitivity, _ language: DisplayLanguage) -> String {
    if language == .zh {
      return "其他权重按比例缩放时，各指标权重在区间内变动，\(s.entities) 个对象的薪酬档次（前 20% / 中间 / 后 20%）或首尾五名都不变；"
        + String(format: "去掉各指标后的 ρ（全部指标：%.3f）；最近一期的平均得分。", s.spearman)
    }
    let tail = language == .en ? "" : " · 权重可调整区间、去掉该指标后的 ρ、重要性 × 表现。"
    return "How far each weight can move, the others rescaled, before any of the \(s.entities) entities changes pay band (top 20% / middle / bottom 20%) or the five best and worst change; "
      + String(format: "ρ with and without each indicator (all: %.3f); mean points in the latest period.", s.spearman) + tail
  }

  func sensitivityCells(_ r: Sensitivity.Row, _ language: DisplayLanguage) -> [String] {
    let quadrant = language == .zh ? r.quadrant.chinese : (language == .en ? r.quadrant.english : "\(r.quadrant.english) · \(r.quadrant.chinese)")
    return [
      r.indicator, pct(r.weight), "\(pct(r.bandInterval.low))–\(pct(r.bandInterval.high))", "\(pct(r.extremesInterval.low))–\(pct(r.extremesInterval.high))",
      String(format: "%.3f", r.leaveOutSpearman), r.leaveOutOfSampleSpearman.map { String(format: "%.3f", $0) } ?? "",
      r.currentPoints.isFinite ? String(format: "%.1f", r.currentPoints) : "", quadrant,
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
