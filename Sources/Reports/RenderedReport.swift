import DataSources

/// Output formats every command offers.
public enum OutputFormat: String, Sendable, CaseIterable {
  case table, json, csv, markdown
  /// An Excel workbook (bytes: ``WorkbookReport/workbook(file:)``, never text).
  case xlsx
}

/// A finished result that renders in the four output formats.
public protocol RenderedReport {
  func renderTable(color: Bool, language: DisplayLanguage) -> String
  func jsonValue() -> JSONValue
  func renderCSV() -> String
  func renderMarkdown(language: DisplayLanguage) -> String
}

extension RenderedReport {
  /// - Parameter language: of the table and Markdown views (JSON holds both languages; CSV
  ///   has `label_zh` and `label_en`).
  public func render(_ format: OutputFormat, color: Bool = false, language: DisplayLanguage = .both) -> String {
    switch format {
    case .table: return renderTable(color: color, language: language)
    case .json: return jsonValue().serialized()
    case .csv: return renderCSV()
    case .markdown: return renderMarkdown(language: language)
    case .xlsx: preconditionFailure("a workbook is bytes, not text: use WorkbookReport.workbook(file:)")
    }
  }
}
