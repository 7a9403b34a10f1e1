import DataSources
import Foundation
import WeightAnalysis
import Workflows

extension ScoreReport: RenderedReport {
  func money(_ cents: Cents?) -> JSONValue { cents.map { .number($0.amount) } ?? .null }

  public func jsonValue() -> JSONValue {
    let ids = config.indicators.map(\.id)
    let rows: [JSONValue] = result.rows.map { r in
      var fields: [(String, JSONValue)] = [
        ("entity", .string(r.entity)), ("period", .string(r.period)), ("score", .number(r.score)),
        ("points", .object(zip(ids, r.points).map { ($0, .number($1)) })),
      ]
      if hasSalary {
        fields += [("basePay", money(r.basePay)), ("performancePay", money(r.performancePay)), ("totalPay", money(r.totalPay))]
      }
      return .object(fields)
    }
    let summary: [JSONValue] = result.summary.map { s in
      .object([
        ("period", .string(s.period)), ("scored", .integer(s.scored)), ("skipped", .integer(s.skipped)), ("mean", .double(s.mean)),
        ("min", .double(s.minimum)), ("p10", .double(s.p10)), ("median", .double(s.median)), ("p90", .double(s.p90)), ("max", .double(s.maximum)),
        ("belowThreshold", .integer(s.belowThreshold)), ("totalPerformancePay", money(s.totalPerformancePay)),
      ])
    }
    return .object([
      ("config", .string(config.provenance.preset)), ("entity", .string(entityColumn)), ("period", periodColumn.map { .string($0) } ?? .null),
      ("payPolicy", .object([("baseShare", .number(config.payPolicy.baseShare)), ("performanceShare", .number(config.payPolicy.performanceShare))])),
      ("flagged", .object([
        ("threshold", .number(config.payPolicy.warningThreshold)), ("periods", .integer(config.payPolicy.warningPeriods)),
        ("entities", .integer(flagged.entities)), ("of", .integer(flagged.of)), ("runs", .integer(flagged.runs)),
      ])),
      ("missingSalaries", .array(missingSalaries.map { .string($0) })),
    ] + JSONValue.messages("notes", notes) + ColumnNotes.json(columns) + [
      ("rows", .array(rows)),
      ("summary", .array(summary)),
      ("warnings", .array(result.warnings.map { .object([("entity", .string($0.entity)), ("periods", .array($0.periods.map { .string($0) })), ("reason", .string($0.reason.english)), ("reason_zh", .string($0.reason.chinese))]) })),
      ("skipped", .array(result.skipped.map { .object([("entity", .string($0.entity)), ("period", .string($0.period)), ("reason", .string($0.reason.english)), ("reason_zh", .string($0.reason.chinese))]) })),
    ])
  }

  public func renderCSV() -> String {
    let ids = config.indicators.map(\.id)
    var out = (["entity", "period", "score"] + ids.map { "points_\($0)" } + (hasSalary ? ["basePay", "performancePay", "totalPay"] : [])).joined(separator: ",") + "\n"
    // A million rows: built as bytes, then one String.
    var bytes: [UInt8] = []
    bytes.reserveCapacity(result.rows.count * (24 + 20 * ids.count))
    for r in result.rows {
      bytes.append(contentsOf: csvField(r.entity).utf8)
      bytes.append(0x2C)
      bytes.append(contentsOf: csvField(r.period).utf8)
      bytes.append(0x2C)
      bytes.append(contentsOf: twoDecimals(r.score).utf8)
      for p in r.points {
        bytes.append(0x2C)
        bytes.append(contentsOf: twoDecimals(p).utf8)
      }
      if hasSalary {
        for amount in [r.basePay, r.performancePay, r.totalPay] {
          bytes.append(0x2C)
          if let amount { bytes.append(contentsOf: amount.description.utf8) }
        }
      }
      bytes.append(0x0A)
    }
    out += String(decoding: bytes, as: UTF8.self)
    return out
  }

  func header(_ language: DisplayLanguage) -> [String] {
    let t = language.pick
    return [entityColumn, periodColumn ?? t("period", "期间"), t("score", "得分")] + config.indicators.map(\.id) + (hasSalary ? [t("perf. pay", "绩效工资"), t("total pay", "应发合计")] : [])
  }

  func summaryHeader(_ language: DisplayLanguage, markdown: Bool) -> [String] {
    let threshold = shortNumber(config.payPolicy.warningThreshold)
    if language == .zh { return ["期间", "已评分", "未评分", "平均", "p10", "中位数", "p90", "低于 \(threshold)", "绩效工资"] }
    return ["period", "scored", "skipped", "mean", "p10", "median", "p90", markdown ? "below threshold" : "< \(threshold)", "performance pay"]
  }

  func cells(_ r: ScoredRow) -> [String] {
    [r.entity, r.period, String(format: "%.2f", r.score)] + r.points.map { String(format: "%.1f", $0) }
      + (hasSalary ? [r.performancePay?.description ?? "", r.totalPay?.description ?? ""] : [])
  }

  func intro(_ language: DisplayLanguage) -> String {
    let weights = config.indicators.map { "\($0.id) \(Recommendation.percent($0.weight))" }.joined(separator: language.pick(", ", "，"))
    if language == .zh {
      return "配置：预设 \(config.provenance.preset)，\(config.indicators.count) 个指标（\(weights)）；\(PayPlanText.summary(config.payPolicy, language: .zh))。"
    }
    return "Config: preset \(config.provenance.preset), \(config.indicators.count) indicators (\(weights)); \(PayPlanText.summary(config.payPolicy))."
  }

  public func renderTable(color: Bool, language: DisplayLanguage = .both) -> String {
    let bold: (String) -> String = color ? { "\u{1B}[1m\($0)\u{1B}[0m" } : { $0 }
    var out = bold(language.heading("Scores", "绩效得分")) + "\n" + intro(language) + "\n"
    for line in ColumnNotes.lines(columns, language: language) { out += line + "\n" }
    out += "\n"
    let header = header(language)
    var table = TextTable(headers: header, alignments: [.left, .left] + Array(repeating: .right, count: header.count - 2))
    for r in result.rows { table.append(cells(r)) }
    out += table.render(styleHeader: bold)
    out += "\n" + bold(language.heading("Summary by period", "按期汇总")) + "\n"
    var summary = TextTable(headers: summaryHeader(language, markdown: false), alignments: [.left] + Array(repeating: .right, count: 8))
    for s in result.summary {
      summary.append([s.period, "\(s.scored)", "\(s.skipped)", String(format: "%.2f", s.mean), String(format: "%.2f", s.p10), String(format: "%.2f", s.median), String(format: "%.2f", s.p90), "\(s.belowThreshold)", s.totalPerformancePay?.description ?? ""])
    }
    out += summary.render(styleHeader: bold)
    out += "\n" + flaggedLine(language) + "\n"
    if !missingSalaries.isEmpty { out += missingSalaryLine(language) + "\n" }
    if !notes.isEmpty { out += "\n" + bold(language.heading("Notes", "提示")) + "\n" + notes.map { "  • \(language.text($0))\n" }.joined() }
    if !result.warnings.isEmpty {
      out += "\n" + bold(language.heading("Warnings", "预警")) + "\n"
        + result.warnings.map { "  • " + warningLine($0, language) + "\n" }.joined()
    }
    if !result.skipped.isEmpty {
      out += "\n" + bold(language.heading("Skipped", "未评分")) + "\n" + result.skipped.map { "  • \($0.entity) \($0.period)\(language.pick(": ", "："))\(language.text($0.reason))\n" }.joined()
    }
    return out
  }

  public func renderMarkdown(language: DisplayLanguage = .both) -> String {
    let header = header(language)
    var out = "# \(language.heading("Scores", "绩效得分"))\n\n\(intro(language))\n\n" + ColumnNotes.lines(columns, language: language).map { $0 + "\n\n" }.joined()
    out += "| " + header.joined(separator: " | ") + " |\n|" + header.map { _ in "---|" }.joined() + "\n"
    for r in result.rows { out += "| " + cells(r).joined(separator: " | ") + " |\n" }
    out += "\n## \(language.heading("Summary by period", "按期汇总"))\n\n| " + summaryHeader(language, markdown: true).joined(separator: " | ") + " |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    for s in result.summary {
      out += "| \(s.period) | \(s.scored) | \(s.skipped) | \(String(format: "%.2f", s.mean)) | \(String(format: "%.2f", s.p10)) | \(String(format: "%.2f", s.median)) | \(String(format: "%.2f", s.p90)) | \(s.belowThreshold) | \(s.totalPerformancePay?.description ?? "") |\n"
    }
    out += "\n" + flaggedLine(language) + "\n"
    if !missingSalaries.isEmpty { out += "\n" + missingSalaryLine(language) + "\n" }
    if !notes.isEmpty { out += "\n## \(language.heading("Notes", "提示"))\n\n" + notes.map { "- \(language.text($0))\n" }.joined() }
    if !result.warnings.isEmpty {
      out += "\n## \(language.heading("Warnings", "预警"))\n\n"
        + result.warnings.map { "- " + warningLine($0, language) + "\n" }.joined()
    }
    return out
  }

  /// "The warning threshold (a score below 6 for 3 consecutive periods) flags 4 of 40 entities, in 5 runs."
  /// `E03 (2025-10, 2025-11): a score below 6 …`, `E03（2025-10、2025-11）：…` under Chinese.
  func warningLine(_ w: ScoringResult.Warning, _ language: DisplayLanguage) -> String {
    language == .zh
      ? "\(w.entity)（\(w.periods.joined(separator: "、"))）：\(w.reason.chinese)" : "\(w.entity) (\(w.periods.joined(separator: ", "))): \(language.text(w.reason))"
  }

  func flaggedLine(_ language: DisplayLanguage) -> String {
    let f = flagged
    let threshold = shortNumber(config.payPolicy.warningThreshold), periods = config.payPolicy.warningPeriods
    if language == .zh { return "预警线（连续 \(periods) 期得分低于 \(threshold)）标记了 \(f.of) 个对象中的 \(f.entities) 个，共 \(f.runs) 段。" }
    if language == .en {
      return "The warning threshold (a score below \(threshold) for \(periods) consecutive periods) flags \(f.entities) of \(f.of) entities, in \(f.runs) run\(f.runs == 1 ? "" : "s")."
    }
    return "The warning threshold (a score below \(shortNumber(config.payPolicy.warningThreshold)) for \(config.payPolicy.warningPeriods) consecutive periods) flags \(f.entities) of \(f.of) entities, in \(f.runs) run\(f.runs == 1 ? "" : "s") · 预警线标记 \(f.entities)/\(f.of) 个对象。"
  }

  /// "No salary for 3 rows, so no pay: T03 2024-05 (line 12), …"
  func missingSalaryLine(_ language: DisplayLanguage) -> String {
    let shown = missingSalaries.prefix(10).joined(separator: ", ")
    let more = missingSalaries.count > 10 ? ", …" : ""
    if language == .zh { return "\(missingSalaries.count) 行缺少薪资，因此不计算薪酬：\(shown)\(more)" }
    if language == .en {
      return "No salary for \(missingSalaries.count) row\(missingSalaries.count == 1 ? "" : "s"), so no pay is computed for \(missingSalaries.count == 1 ? "it" : "them"): \(shown)\(more)"
    }
    return "No salary for \(missingSalaries.count) row\(missingSalaries.count == 1 ? "" : "s"), so no pay is computed for \(missingSalaries.count == 1 ? "it" : "them") · 缺少薪资: \(shown)\(missingSalaries.count > 10 ? ", …" : "")"
  }
}
