import Foundation
import Testing
import TestSupport

#if canImport(FoundationXML)
  import FoundationXML
#endif

@Suite("HTML report")
struct ReportTests {
  @Test("golden: the report for a small fixed dataset is well-formed, self-contained XHTML", arguments: ["zh", "en"])
  func golden(lang: String) throws {
    let data = try CLI.golden("report-small.csv").path
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let html = directory.appendingPathComponent("report.html")
    let result = try CLI.run([
      "report", "--data", data, "--outcome", "churn_pct", "--preset", "brand-image,cost-reduction", "--lang", lang,
      "--as-of", "2026-11-29T00:00:00Z", "--html", html.path,
    ])
    #expect(result.exitCode == 0, "\(result.stderr)")
    let text = try String(contentsOf: html, encoding: .utf8).replacingOccurrences(of: data, with: "report-small.csv")
    try CLI.expectMatchesGolden(text, "report-small-\(lang).html")
    // Well-formed: an XML parser reads it to the end.
    let parser = XMLParser(data: Data(text.utf8))
    let ok = parser.parse()
    #expect(ok, "XML error: \(String(describing: parser.parserError)) at line \(parser.lineNumber)")
    // Self-contained: no scripts, stylesheets or images fetched from elsewhere.
    for forbidden in ["<script", "<link", "src=\"http", "href=\"http", "@import", "url("] { #expect(!text.contains(forbidden), "\(forbidden)") }
    #expect(text.components(separatedBy: "<svg ").count - 1 == 12)
    #expect(text.contains(lang == "zh" ? "推荐权重" : "Recommended weights"))
    #expect(text.contains("SHA-256"))
  }

  @Test("nice tick values cover the data with 1-2-5 steps")
  func ticks() throws {
    // Checked through the chart output: a 0–40% axis is labelled 0%, 10%, … 40%.
    let data = try CLI.golden("report-small.csv").path
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let html = directory.appendingPathComponent("r.html")
    _ = try CLI.run(["report", "--data", data, "--outcome", "churn_pct", "--preset", "brand-image", "--lang", "en", "--as-of", "2026-11-29T00:00:00Z", "--html", html.path])
    let text = try String(contentsOf: html, encoding: .utf8)
    for tick in [">0%<", ">10%<", ">20%<", ">30%<", ">40%<"] { #expect(text.contains(tick), "\(tick)") }
    let again = try CLI.run(["report", "--data", data, "--outcome", "churn_pct", "--preset", "brand-image", "--html", html.path])
    #expect(again.exitCode == 73)
  }
}
