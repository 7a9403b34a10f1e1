import DataSources
import Foundation
import WeightAnalysis
import Workflows

extension WeightsReport: RenderedReport {
  var table: WeightsTable { WeightsTable(rows: rows, scoreName: nil, catalog: catalog) }

  public func renderCSV() -> String { table.renderCSV() }


  public func jsonValue() -> JSONValue {
    var fields: [(String, JSONValue)] = [("method", .string(method))]
    fields += extraJSON
    fields += JSONValue.messages("warnings", warnings)
    fields += ColumnNotes.json(columnSummary)
    fields.append(("weights", .array(table.jsonRows())))
    return .object(fields)
  }

  public func renderTable(color: Bool, language: DisplayLanguage = .both) -> String {
    let bold: (String) -> String = color ? { "\u{1B}[1m\($0)\u{1B}[0m" } : { $0 }
    let yellow: (String) -> String = color ? { "\u{1B}[33m\($0)\u{1B}[0m" } : { $0 }
    var out = bold(language.heading(title.findingEnglish, title.findingChinese)) + "\n"
    for note in notes { out += language.text(note) + "\n" }
    for line in ColumnNotes.lines(columnSummary, language: language) { out += line + "\n" }
    if !summary.isEmpty {
      out += "\n"
      var t = TextTable(headers: [language.pick("Statistic", "统计量"), language.pick("Value", "数值")], alignments: [.left, .right])
      for line in summary { t.append([language.text(line.0), language.text(line.1)]) }
      out += t.render(styleHeader: bold)
    }
    out += "\n" + bold(language.heading("Weights", "权重")) + "\n" + table.renderTable(styleHeader: bold, language: language)
    if !warnings.isEmpty {
      out += "\n" + bold(language.heading("Warnings", "提示")) + "\n"
      for warning in warnings { out += yellow("  • " + language.text(warning)) + "\n" }
    }
    return out
  }

  public func renderMarkdown(language: DisplayLanguage = .both) -> String {
    var out = "# \(language.heading(title.findingEnglish, title.findingChinese))\n\n"
    for note in notes { out += language.text(note) + "\n\n" }
    for line in ColumnNotes.lines(columnSummary, language: language) { out += line + "\n\n" }
    if !summary.isEmpty {
      out += "| \(language.pick("statistic", "统计量")) | \(language.pick("value", "数值")) |\n|---|---:|\n"
      for line in summary { out += "| \(language.text(line.0)) | \(language.text(line.1)) |\n" }
      out += "\n"
    }
    out += "## \(language.heading("Weights", "权重"))\n\n" + table.renderMarkdown(language: language)
    if !warnings.isEmpty { out += "\n## \(language.heading("Warnings", "提示"))\n\n" + warnings.map { "- \(language.text($0))\n" }.joined() }
    return out
  }
}
