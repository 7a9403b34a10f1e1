import DataSources

/// Output formats every command offers.
public enum OutputFormat: String, Sendable, CaseIterable {
  case table, json, csv, markdown
}

/// A finished result that renders in the four output formats.
public protocol RenderedReport {
  func renderTable(color: Bool) -> String
  func jsonValue() -> JSONValue
  func renderCSV() -> String
  func renderMarkdown() -> String
}

extension RenderedReport {
  public func render(_ format: OutputFormat, color: Bool = false) -> String {
    switch format {
    case .table: return renderTable(color: color)
    case .json: return jsonValue().serialized()
    case .csv: return renderCSV()
    case .markdown: return renderMarkdown()
    }
  }
}
