import DataSources
import Foundation
import WeightAnalysis
import Workflows

extension CompareReport: RenderedReport {
  public func jsonValue() -> JSONValue {
    .object([
      ("outcome", .string(outcome)), ("rows", .integer(rows)), ("entity", entityColumn.map { .string($0) } ?? .null),
      ("entities", .integer(entities)), ("replicates", .integer(replicates)),
      ("periodColumn", periodColumn.map { .string($0) } ?? .null),
      ("sets", .array(sets.enumerated().map { k, set in
        var fields: [(String, JSONValue)] = [
          ("name", .string(set.name)),
          ("weights", .array(zip(indicators, set.weights).map { .object([("indicator", .string($0)), ("weight", .double($1))]) })),
          ("spearman", .double(set.spearman)), ("rSquared", .double(set.rSquared)), ("kendallTau", .double(set.kendallTau)),
        ]
        if let i = set.spearmanInterval { fields += [("spearmanLow", .double(i.0)), ("spearmanHigh", .double(i.1))] }
        if let i = set.rSquaredInterval { fields += [("rSquaredLow", .double(i.0)), ("rSquaredHigh", .double(i.1))] }
        fields += [
          ("movedBetweenBands", set.movedBetweenBands.map { .integer($0) } ?? .null),
          ("movers", .array(set.movers.map { .object([("entity", .string($0.entity)), ("from", .string($0.from)), ("to", .string($0.to))]) })),
          ("performancePay", .object([("p10", .double(set.payP10)), ("median", .double(set.payMedian)), ("p90", .double(set.payP90))])),
          ("rollingOrigin", rolling(k).map { $0.json(periodColumn: periodColumn) } ?? .null),
        ]
        return .object(fields)
      })),
    ] + JSONValue.messages("warnings", warnings) + ColumnNotes.json(columnSummary))
  }

  /// Long format, one row per set and indicator: the weight columns every command's CSV shares
  /// (indicator, label_zh, label_en, direction, weight), then the set and its statistics.
  public func renderCSV() -> String {
    var out = "indicator,label_zh,label_en,direction,weight,set,spearman,rSquared,kendallTau,movedBetweenBands,payP10,payMedian,payP90,rollingMean,rollingWorst\n"
    for (k, s) in sets.enumerated() {
      let statistics = [
        csvField(s.name), plainNumber(s.spearman), plainNumber(s.rSquared), plainNumber(s.kendallTau), s.movedBetweenBands.map(String.init) ?? "",
        plainNumber(s.payP10), plainNumber(s.payMedian), plainNumber(s.payP90), plainNumber(rolling(k)?.mean), plainNumber(rolling(k)?.worst?.spearman),
      ]
      for (j, id) in indicators.enumerated() {
        let labels = [csvField(catalog[id]?.chineseLabel ?? ""), csvField(catalog[id]?.englishLabel ?? id), catalog[id]?.direction.rawValue ?? ""]
        out += ([csvField(id)] + labels + [plainNumber(s.weights[j])] + statistics).joined(separator: ",") + "\n"
      }
    }
    return out
  }

  /// Set k's rolling-origin check, if it has one with origins.
  func rolling(_ k: Int) -> RollingOriginBacktest? {
    k < rollingOrigins.count ? rollingOrigins[k].flatMap { $0.origins.isEmpty ? nil : $0 } : nil
  }

  /// `0.86/0.74`: mean and worst out-of-sample ρ.
  func rollingCell(_ k: Int) -> String {
    guard let r = rolling(k), let worst = r.worst else { return "" }
    return String(format: "%.2f/%.2f", r.mean, worst.spearman)
  }

  func short(_ name: String) -> String { name.count <= 15 ? name : String(name.prefix(14)) + "…" }
  /// Sets are numbered so that the weights table stays within 80 columns.
  func label(_ k: Int) -> String { "#\(k + 1)" }
  func pct(_ x: Double) -> String { String(format: "%.0f%%", x * 100) }
  func interval(_ v: Double, _ i: (Double, Double)?) -> String {
    guard let i else { return String(format: "%.2f", v) }
    return String(format: "%.2f [%.2f,%.2f]", v, i.0, i.1)
  }

  func notes(_ language: DisplayLanguage) -> [String] {
    if language == .zh {
      return [
        "结果指标 \(outcome)，\(rows) 个对象·期间\(entityColumn.map { "，按 '\($0)' 共 \(entities) 个对象" } ?? "")。得分 = 10·Σ w·（按方向的最小–最大位置）。",
        "ρ：得分与更好结果的 Spearman 相关；R²：结果对得分回归；[95% 自助法区间，\(replicates) 次]。"
          + (rolling(0).map { "样本外：滚动起点的平均 / 最差 ρ，共 \($0.origins.count) 个 \(periodColumn ?? "期间") 起点，每个方案只用更早的期间重新得出（预设固定不变；拟合、推荐与客观赋权方案重新拟合）。" } ?? ""),
        "τ：各对象平均得分与 '\(sets.first?.name ?? "")' 的 Kendall τ-b；变档：换档（前 / 后 20%）的对象数。",
        "薪酬：绩效工资占工资的比例（\(pct(payPolicy.performanceShare)) × 得分/10），各对象·期间的 p10–p90。",
      ] + ColumnNotes.lines(columnSummary, language: language)
    }
    return [
      "Outcome \(outcome), \(rows) unit-periods\(entityColumn.map { ", \(entities) entities by '\($0)'" } ?? ""). Score = 10·Σ w·(direction-aware min-max position).",
      "ρ: Spearman of score with the better outcome; R²: outcome on score; [95% bootstrap, \(replicates) replicates]."
        + (rolling(0).map { " Out of sample: mean / worst ρ by rolling origin over \($0.origins.count) \(periodColumn ?? "period") origins, each set re-derived from the earlier periods (presets are fixed; fit, recommended and objective sets are refitted)." } ?? ""),
      "τ: Kendall's τ-b of entities' mean scores against '\(sets.first?.name ?? "")'; moved: entities changing band (top/bottom 20%).",
      "Pay: performance pay as a share of salary (\(pct(payPolicy.performanceShare)) × score/10), p10–p90 across unit-periods.",
    ] + ColumnNotes.lines(columnSummary, language: language)
  }

  func summaryHeaders(_ language: DisplayLanguage, outOfSample: Bool, markdown: Bool = false) -> [String] {
    let t = language.pick
    let out = markdown ? t("ρ out of sample (mean / worst)", "样本外 ρ（平均 / 最差）") : t("ρ out", "样本外 ρ")
    return [t("set", "方案"), "ρ [95%]"] + (outOfSample ? [out] : []) + ["R²", "τ", t("moved", "变档"), t("pay p10–p90", "薪酬 p10–p90")]
  }

  func summaryCells(_ k: Int, outOfSample: Bool, name: String) -> [String] {
    let s = sets[k]
    return [name, interval(s.spearman, s.spearmanInterval)] + (outOfSample ? [rollingCell(k)] : []) + [
      String(format: "%.3f", s.rSquared), s.kendallTau.map { String(format: "%.2f", $0) } ?? "",
      s.movedBetweenBands.map(String.init) ?? "", String(format: "%.1f–%.1f%%", s.payP10 * 100, s.payP90 * 100),
    ]
  }

  public func renderTable(color: Bool, language: DisplayLanguage = .both) -> String {
    let bold: (String) -> String = color ? { "\u{1B}[1m\($0)\u{1B}[0m" } : { $0 }
    var out = bold(language.heading("Compare weight sets", "方案对比")) + "\n" + notes(language).map { wrap($0, width: 80) }.joined(separator: "\n") + "\n\n"
    let outOfSample = sets.indices.contains { rolling($0) != nil }
    let headers = summaryHeaders(language, outOfSample: outOfSample)
    var summary = TextTable(headers: headers, alignments: [.left, .left] + (outOfSample ? [.right] : []) + [.right, .right, .right, .right])
    for k in sets.indices { summary.append(summaryCells(k, outOfSample: outOfSample, name: "\(label(k)) \(short(sets[k].name))")) }
    out += summary.render(styleHeader: bold) + "\n"
    let moves = sets.enumerated().filter { !$0.element.movers.isEmpty }
    if !moves.isEmpty {
      out += bold(language.heading("Band moves", "档位变化")) + language.pick(" (against #1; top/bottom = best/worst 20%)", "（与 #1 相比；前 / 后 = 最好 / 最差的 20%）") + "\n"
      for (k, s) in moves {
        let list = s.movers.map { "\($0.entity) \($0.from)→\($0.to)" }.joined(separator: ", ")
        out += wrap("  \(label(k)): \(list)", width: 80, indent: "      ") + "\n"
      }
      out += "\n"
    }
    var weights = TextTable(headers: [language.pick("indicator", "指标")] + sets.indices.map(label), alignments: [.left] + sets.map { _ in .right })
    for (j, id) in indicators.enumerated() { weights.append([id] + sets.map { pct($0.weights[j]) }) }
    out += bold(language.heading("Weights", "权重")) + "\n" + weights.render(styleHeader: bold)
    if !warnings.isEmpty {
      out += "\n" + bold(language.heading("Warnings", "提示")) + "\n" + warnings.map { wrap("  • \(language.text($0))", width: 80, indent: "    ") + "\n" }.joined()
    }
    return out
  }

  public func renderMarkdown(language: DisplayLanguage = .both) -> String {
    var out = "# \(language.heading("Compare weight sets", "方案对比"))\n\n" + notes(language).map { "\($0)\n\n" }.joined()
    out += "| " + summaryHeaders(language, outOfSample: true, markdown: true).joined(separator: " | ") + " |\n|---|---|---:|---:|---:|---:|---:|\n"
    for k in sets.indices { out += "| " + summaryCells(k, outOfSample: true, name: sets[k].name).joined(separator: " | ") + " |\n" }
    out += "\n| \(language.pick("indicator", "指标")) | " + sets.map(\.name).joined(separator: " | ") + " |\n|---|" + sets.map { _ in "---:|" }.joined() + "\n"
    for (j, id) in indicators.enumerated() { out += "| \(id) | " + sets.map { pct($0.weights[j]) }.joined(separator: " | ") + " |\n" }
    if !warnings.isEmpty { out += "\n## \(language.heading("Warnings", "提示"))\n\n" + warnings.map { "- \(language.text($0))\n" }.joined() }
    return out
  }
}
