import Foundation
import Testing
import TestSupport

/// The report as a manager reads it: one language throughout, laid out by a real browser.
@Suite("HTML report in a real browser and in one language")
struct ReportBrowserTests {
  static let history = "datasets/after-sales-history.csv"
  /// Where the browser test leaves its screenshots for people to look at (git ignores it).
  static let screenshots = CLI.packageRoot.appendingPathComponent("browser-screenshots")

  /// The report of the bundled history, three presets and the default comparison sets.
  static func report(_ lang: String, in directory: URL) throws -> URL {
    let html = directory.appendingPathComponent("report-\(lang).html")
    let result = try CLI.run([
      "report", "--data", history, "--outcome", "churn_pct", "--preset", "retention,balanced,cost-reduction", "--lang", lang,
      "--as-of", "2026-12-01", "--html", html.path, "--quiet",
    ])
    #expect(result.exitCode == 0, "\(result.stderr)")
    return html
  }

  /// The page's visible text: no markup, style or title; entities decoded.
  static func visibleText(_ html: String) -> String {
    var text = html
    for pattern in ["<style>[\\s\\S]*?</style>", "<title>[\\s\\S]*?</title>", "<[^>]+>"] {
      text = text.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
    }
    for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
      text = text.replacingOccurrences(of: entity, with: character)
    }
    return text
  }

  @Test("the zh page shows no English word outside the allow-list of ids and units")
  func chineseThroughout() throws {
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let text = Self.visibleText(try String(contentsOf: try Self.report("zh", in: directory), encoding: .utf8))
    let english = LanguageCheck.englishWords(in: text)
    #expect(english.isEmpty, "English words on the zh page: \(Set(english).sorted())")
    // And the other way: the en page has no Chinese outside the labels it quotes.
    let en = Self.visibleText(try String(contentsOf: try Self.report("en", in: directory), encoding: .utf8))
    #expect(en.firstMatch(of: /[\u{4E00}-\u{9FFF}]/) == nil, "Chinese on the en page")
  }

  @Test("Chromium lays the zh and en pages out at 1280 px and A4 without overflow, overlapping labels or network requests", arguments: ["zh", "en"])
  func browser(lang: String) throws {
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let html = try Self.report(lang, in: directory)
    let check = try CLI.runTool(
      "python3", [CLI.packageRoot.appendingPathComponent("scripts/browser_check.py").path, html.path, "--screenshots", Self.screenshots.path])
    try #require(check.exitCode == 0, "browser_check.py failed (is Chromium installed? .ci/run installs it): \(check.stderr)")
    let result = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
    let layouts = try #require(result["layouts"] as? [String: [String: Any]])
    #expect(Set(layouts.keys) == ["screen-1280", "print-a4"])
    for (name, found) in layouts {
      #expect(found["error"] == nil, "\(name): \(found)")
      for problem in ["overflow", "overlaps", "clipped", "charts", "requests"] {
        let items = found[problem] as? [Any] ?? []
        #expect(items.isEmpty, "\(lang) \(name) \(problem): \(items.prefix(5))")
      }
      #expect(found["charts_checked"] as? Int == 12, "\(name): \(found["charts_checked"] ?? "none")")
      let shot = try #require(found["screenshot"] as? String, "\(name): no screenshot")
      #expect(FileManager.default.fileExists(atPath: shot))
    }
  }

  @Test("report --pdf prints an A4 PDF through Chromium, and without a browser says how to get one")
  func pdf() throws {
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let html = directory.appendingPathComponent("r.html"), pdf = directory.appendingPathComponent("r.pdf")
    let base = ["report", "--data", Self.history, "--outcome", "churn_pct", "--preset", "retention", "--as-of", "2026-12-01", "--quiet", "--html", html.path, "--pdf", pdf.path]
    let printed = try CLI.run(base)
    #expect(printed.exitCode == 0, "\(printed.stderr)")
    let bytes = try Data(contentsOf: pdf)
    #expect(bytes.starts(with: Data("%PDF".utf8)))
    // A4 is 210 × 297 mm = 595.3 × 841.9 points (Chromium writes 594.96 × 841.92).
    let box = try #require(String(decoding: bytes, as: UTF8.self).firstMatch(of: /\/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]/), "no MediaBox")
    #expect(abs(Double(box.1)! - 595.3) < 1 && abs(Double(box.2)! - 841.9) < 1, "not A4: \(box.0)")
    let none = try CLI.run(base + ["--force"], environment: ["NO_COLOR": "1", "KPI_WEIGHTS_CHROMIUM": directory.appendingPathComponent("no-such-browser").path])
    #expect(none.exitCode == 73)
    #expect(
      none.stderr
        == "kpi-weights: error: printing a PDF needs Chromium, and none was found (looked for KPI_WEIGHTS_CHROMIUM, chromium, chromium-browser, google-chrome, google-chrome-stable); install it (Debian: apt-get install chromium) or open the HTML report and print it from a browser\n"
    )
  }
}
