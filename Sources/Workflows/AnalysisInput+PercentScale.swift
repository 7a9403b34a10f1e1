import DataSources
import Foundation
import WeightAnalysis

/// How `_pct` columns are written in a file.
public enum PercentScale: String, Sendable, CaseIterable {
  /// 0.823 means 82.3%: the columns are multiplied by 100 on reading.
  case fraction
  /// 0.823 means 0.823%: read as written, without the warning.
  case percent
}

extension PercentScale {
  /// Percent columns (`_pct` ids, or a catalog unit of %) whose every value lies within [0, 1]
  /// (and some strictly between): probably fractions. With no scale stated that is a warning
  /// naming the column and a value; `.fraction` multiplies them by 100 (and says so); `.percent`
  /// reads them as written. `only` limits the check to those columns.
  public static func apply(_ scale: PercentScale?, to table: DataTable, catalog: IndicatorCatalog, only: Set<String>? = nil) -> (table: DataTable, notes: [Message], scaled: [String]) {
    var table = table
    var notes: [Message] = [], scaled: [String] = []
    for (index, name) in table.headers.enumerated() where only?.contains(name) ?? true {
      guard name.hasSuffix("_pct") || catalog[name]?.unit == "%" else { continue }
      let values = table.columns[index].values.filter { !$0.isNaN }
      guard !values.isEmpty, values.allSatisfy({ (0...1).contains($0) }), let example = values.first(where: { $0 > 0 && $0 < 1 }) else { continue }
      let shown = String(format: "%g", example), asPercent = String(format: "%g", example * 100)
      switch scale {
      case nil:
        let column = table.fileHeader(index)
        notes.append(
          Message(
            en: "'\(column)' looks like fractions: every value lies within 0–1, so \(shown) is read as \(shown)%; did you mean \(asPercent)%?",
            zh: "'\(column)' 看起来是小数：所有值都在 0–1 之间，\(shown) 会被当作 \(shown)%；是否应为 \(asPercent)%？",
            hintEn: "State it with \(Setting.percentScale) fraction (multiply by 100) or \(Setting.percentScale) percent (read as written).",
            hintZh: "请用 \(Setting.percentScale) fraction（乘以 100）或 \(Setting.percentScale) percent（按原值读取）说明。"))
      case .fraction:
        table = table.scalingColumn(index, by: 100)
        scaled.append(name)
        notes.append(
          Message(
            en: "'\(table.fileHeader(index))' is read as fractions (\(Setting.percentScale) fraction): multiplied by 100, so \(shown) is \(asPercent)%.",
            zh: "'\(table.fileHeader(index))' 按小数读取（\(Setting.percentScale) fraction）：已乘以 100，\(shown) 即 \(asPercent)%。"))
      case .percent:
        continue
      }
    }
    return (table, notes, scaled)
  }
}

extension AnalysisInput {
  /// ``PercentScale/apply(_:to:catalog:only:)`` on the loaded table; the notes go to every job's warnings.
  public mutating func applyPercentScale(_ scale: PercentScale?) {
    (table, percentNotes, percentScaled) = PercentScale.apply(scale, to: table, catalog: catalog)
  }
}
