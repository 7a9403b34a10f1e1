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

  var notes: [String] {
    [
      "Outcome \(outcome), \(rows) unit-periods\(entityColumn.map { ", \(entities) entities by '\($0)'" } ?? ""). Score = 10·Σ w·(direction-aware min-max position).",
      "ρ: Spearman of score with the better outcome; R²: outcome on score; [95% bootstrap, \(replicates) replicates]."
        + (rolling(0).map { " Out of sample: mean / worst ρ by rolling origin over \($0.origins.count) \(periodColumn ?? "period") origins, each set re-derived from the earlier periods (presets are fixed; fit, recommended and objective sets are refitted)." } ?? ""),
      "τ: Kendall's τ-b of entities' mean scores against '\(sets.first?.name ?? "")'; moved: entities changing band (top/bottom 20%).",
      "Pay: performance pay as a share of salary (\(pct(payPolicy.performanceShare)) × score/10), p10–p90 across unit-periods.",
    ] + ColumnNotes.lines(columnSummary)
  }

  public func renderTable(color: Bool, language: DisplayLanguage = .both) -> String {
    let bold: (String) -> String = color ? { "\u{1B}[1m\($0)\u{1B}[0m" } : { $0 }
    var out = bold(language.heading("Compare weight sets", "方案对比")) + "\n" + notes.map { wrap($0, width: 80) }.joined(separator: "\n") + "\n\n"
    let outOfSample = sets.indices.contains { rolling($0) != nil }
    var summary = TextTable(
      headers: ["set", "ρ [95%]"] + (outOfSample ? ["ρ out"] : []) + ["R²", "τ", "moved", "pay p10–p90"],
      alignments: [.left, .left] + (outOfSample ? [.right] : []) + [.right, .right, .right, .right])
    for (k, s) in sets.enumerated() {
      summary.append(
        ["\(label(k)) \(short(s.name))", interval(s.spearman, s.spearmanInterval)] + (outOfSample ? [rollingCell(k)] : []) + [
          String(format: "%.3f", s.rSquared), s.kendallTau.map { String(format: "%.2f", $0) } ?? "",
          s.movedBetweenBands.map(String.init) ?? "", String(format: "%.1f–%.1f%%", s.payP10 * 100, s.payP90 * 100),
        ])
    }
    out += summary.render(styleHeader: bold) + "\n"
    let moves = sets.enumerated().filter { !$0.element.movers.isEmpty }
    if !moves.isEmpty {
      out += bold(language.heading("Band moves", "档位变化")) + " (against #1; top/bottom = best/worst 20%)\n"
      for (k, s) in moves {
        let list = s.movers.map { "\($0.entity) \($0.from)→\($0.to)" }.joined(separator: ", ")
        out += wrap("  \(label(k)): \(list)", width: 80, indent: "      ") + "\n"
      }
      out += "\n"
    }
    var weights = TextTable(headers: ["indicator"] + sets.indices.map(label), alignments: [.left] + sets.map { _ in .right })
    for (j, id) in indicators.enumerated() { weights.append([id] + sets.map { pct($0.weights[j]) }) }
    out += bold(language.heading("Weights", "权重")) + "\n" + weights.render(styleHeader: bold)
    if !warnings.isEmpty {
      out += "\n" + bold(language.heading("Warnings", "提示")) + "\n" + warnings.map { wrap("  • \(language.text($0))", width: 80, indent: "    ") + "\n" }.joined()
    }
    return out
  }

  public func renderMarkdown(language: DisplayLanguage = .both) -> String {
    var out = "# Compare weight sets · 方案对比\n\n" + notes.map { "\($0)\n\n" }.joined()
    out += "| set | ρ [95%] | ρ out of sample (mean / worst) | R² | τ | moved | pay p10–p90 |\n|---|---|---:|---:|---:|---:|---:|\n"
    for (k, s) in sets.enumerated() {
      out += "| \(s.name) | \(interval(s.spearman, s.spearmanInterval)) | \(rollingCell(k)) | \(String(format: "%.3f", s.rSquared)) | \(s.kendallTau.map { String(format: "%.2f", $0) } ?? "") | \(s.movedBetweenBands.map(String.init) ?? "") | \(String(format: "%.1f–%.1f%%", s.payP10 * 100, s.payP90 * 100)) |\n"
    }
    out += "\n| indicator | " + sets.map(\.name).joined(separator: " | ") + " |\n|---|" + sets.map { _ in "---:|" }.joined() + "\n"
    for (j, id) in indicators.enumerated() { out += "| \(id) | " + sets.map { pct($0.weights[j]) }.joined(separator: " | ") + " |\n" }
    return out
  }
}

