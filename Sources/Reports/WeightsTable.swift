import Foundation
import DataSources
import WeightAnalysis
import Workflows

/// Renders the common weights table in every format.
struct WeightsTable {
  let rows: [WeightRow]
  let scoreName: String?
  var chineseScoreName: String? = nil
  let catalog: IndicatorCatalog

  var hasIntervals: Bool { rows.contains { $0.low != nil } }

  func chineseLabel(_ id: String) -> String { catalog[id]?.chineseLabel ?? "" }
  func englishLabel(_ id: String) -> String {
    guard let label = catalog[id]?.englishLabel, label != id else { return "" }
    return label
  }

  /// Rows by decreasing weight (ties keep input order).
  var ranked: [WeightRow] {
    rows.enumerated().sorted { ($0.element.weight, -$0.offset) > ($1.element.weight, -$1.offset) }.map(\.element)
  }

  func directionText(_ row: WeightRow, _ language: DisplayLanguage) -> String {
    guard let direction = row.direction else { return "" }
    return directionWord(direction, language) + (row.directionInferred ? "?" : "")
  }

  /// The columns before the weight: the id, the label (Chinese; English under `en`), the direction.
  func leadingHeaders(_ language: DisplayLanguage) -> [String] {
    switch language {
    case .zh: return ["指标代码", "指标", "方向"]
    case .en: return ["indicator", "label", "better"]
    case .both: return ["indicator", "指标", "better"]
    }
  }

  func label(_ id: String, _ language: DisplayLanguage) -> String { language == .en ? englishLabel(id) : chineseLabel(id) }

  func scoreHeader(_ language: DisplayLanguage) -> String? { language == .zh ? chineseScoreName ?? scoreName : scoreName }

  func percent(_ value: Double?) -> String {
    guard let value, value.isFinite else { return "" }
    return String(format: "%.1f%%", value * 100)
  }

  func renderTable(styleHeader: (String) -> String, language: DisplayLanguage = .both) -> String {
    var headers = leadingHeaders(language)
    var alignments: [TextTable.Alignment] = [.left, .left, .left]
    if let scoreName = scoreHeader(language) {
      headers.append(scoreName)
      alignments.append(.right)
    }
    headers.append(language.pick("weight", "权重"))
    alignments.append(.right)
    if hasIntervals {
      headers.append(language.pick("95% interval", "95% 区间"))
      alignments.append(.right)
    }
    headers.append("")
    alignments.append(.left)
    var table = TextTable(headers: headers, alignments: alignments)
    for row in ranked {
      var cells = [row.indicator, label(row.indicator, language), directionText(row, language)]
      if scoreName != nil { cells.append(row.score.map { Format4.fixed($0, digits: 4) } ?? "") }
      cells.append(percent(row.weight))
      if hasIntervals { cells.append(row.low.map { "\(percent($0))–\(percent(row.high))" } ?? "") }
      cells.append(String(repeating: "█", count: Int((row.weight * 40).rounded())))
      table.append(cells)
    }
    return table.render(styleHeader: styleHeader)
  }

  func renderMarkdown(language: DisplayLanguage = .both) -> String {
    var header = "| " + leadingHeaders(language).joined(separator: " | ") + " |"
    var rule = "|---|---|---|"
    if let scoreName = scoreHeader(language) {
      header += " \(scoreName) |"
      rule += "---:|"
    }
    header += " \(language.pick("weight", "权重")) |"
    rule += "---:|"
    if hasIntervals {
      header += " \(language.pick("95% interval", "95% 区间")) |"
      rule += "---:|"
    }
    var out = header + "\n" + rule + "\n"
    for row in ranked {
      let direction = row.direction.map { directionWord($0, language) + (row.directionInferred ? language.pick(" (inferred)", "（推断）") : "") } ?? ""
      var line = "| \(row.indicator) | \(label(row.indicator, language)) | \(direction) |"
      if scoreName != nil { line += " \(row.score.map { Format4.fixed($0, digits: 4) } ?? "") |" }
      line += " \(percent(row.weight)) |"
      if hasIntervals { line += " \(row.low.map { "\(percent($0))–\(percent(row.high))" } ?? "") |" }
      out += line + "\n"
    }
    return out
  }

  /// `indicator,label_zh,label_en,direction,weight[,score][,ciLow,ciHigh]`, in input order.
  func renderCSV() -> String {
    var header = ["indicator", "label_zh", "label_en", "direction", "weight"]
    if scoreName != nil { header.append("score") }
    if hasIntervals { header += ["ciLow", "ciHigh"] }
    var out = header.joined(separator: ",") + "\n"
    for row in rows {
      var cells = [csvField(row.indicator), csvField(chineseLabel(row.indicator)), csvField(englishLabel(row.indicator)), row.direction?.rawValue ?? "", plainNumber(row.weight)]
      if scoreName != nil { cells.append(plainNumber(row.score)) }
      if hasIntervals { cells += [plainNumber(row.low), plainNumber(row.high)] }
      out += cells.joined(separator: ",") + "\n"
    }
    return out
  }

  /// JSON objects with `indicator`, `weight`, `direction`, `directionInferred` (+ `ciLow`, `ciHigh`
  /// when intervals exist), then `extra(row)` keys.
  func jsonRows(extra: (WeightRow) -> [(String, JSONValue)] = { _ in [] }) -> [JSONValue] {
    rows.map { row in
      var fields: [(String, JSONValue)] = [("indicator", .string(row.indicator)), ("weight", .double(row.weight))]
      fields += extra(row)
      fields.append(("direction", row.direction.map { .string($0.rawValue) } ?? .null))
      fields.append(("directionInferred", .bool(row.directionInferred)))
      if hasIntervals {
        fields.append(("ciLow", .double(row.low)))
        fields.append(("ciHigh", .double(row.high)))
      }
      return .object(fields)
    }
  }
}

/// `higher`/`lower`, or `越高越好`/`越低越好` under Chinese.
func directionWord(_ direction: Direction, _ language: DisplayLanguage) -> String {
  language == .zh ? (direction == .higherIsBetter ? "越高越好" : "越低越好") : direction.rawValue
}

/// A number in CSV: ten significant digits (`0.15`, not `0.15000000000000002`), the declared
/// precision of every CSV column; JSON keeps the shortest round-trip form.
func plainNumber(_ value: Double?) -> String {
  guard let value, value.isFinite else { return "" }
  return Format4.compactExponent(String(format: "%.10g", value))
}

func csvField(_ text: String) -> String {
  // The four bytes that need quoting are ASCII, so the UTF-8 view decides without graphemes.
  if text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
  return text
}
