/// A report that renders in the four output formats every command offers.
public protocol RenderedReport {
  func renderTable(color: Bool) -> String
  func jsonValue() -> JSONValue
  func renderCSV() -> String
  func renderMarkdown() -> String
}

extension RenderedReport {
  public func render(_ format: FitReport.Format, color: Bool = false) -> String {
    switch format {
    case .table: return renderTable(color: color)
    case .json: return jsonValue().serialized()
    case .csv: return renderCSV()
    case .markdown: return renderMarkdown()
    }
  }
}
