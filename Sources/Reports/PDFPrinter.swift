import Foundation
import WeightAnalysis

/// Prints the HTML report to PDF through a headless Chromium: A4, the page's print stylesheet,
/// no header or footer. The browser is the only PDF engine that lays out the page exactly as a
/// manager sees it, CJK fonts and inline SVG included.
public enum PDFPrinter {
  /// Executable names tried on `PATH`, in order (after `KPI_WEIGHTS_CHROMIUM`).
  static let names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]

  /// What ``browser(environment:)`` looks for, as an error names it.
  public static var searched: [String] { ["KPI_WEIGHTS_CHROMIUM"] + names }

  /// The browser to print with: `KPI_WEIGHTS_CHROMIUM` when set, else the first of ``names`` on
  /// `PATH`; `nil` when there is none.
  public static func browser(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
    if let chosen = environment["KPI_WEIGHTS_CHROMIUM"], !chosen.isEmpty { return FileManager.default.isExecutableFile(atPath: chosen) ? chosen : nil }
    for directory in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
      for name in names {
        let path = "\(directory)/\(name)"
        if FileManager.default.isExecutableFile(atPath: path) { return path }
      }
    }
    return nil
  }

  /// ``browser(environment:)``, or the error naming what was looked for.
  /// - Throws: ``OutputError/noBrowser(searched:)``.
  public static func requireBrowser() throws -> String {
    guard let browser = browser() else { throw OutputError.noBrowser(searched: searched) }
    return browser
  }

  /// Writes `html` as a PDF at `path` (atomically; an existing file only with `overwrite`).
  /// - Throws: ``OutputError/noBrowser(searched:)``, ``OutputError/printFailed(_:status:detail:)``,
  ///   and the errors of ``OutputFile``.
  public static func print(html: String, to path: String, overwrite: Bool) throws {
    try OutputFile.requireWritable(path, overwrite: overwrite, setting: .pdf)
    let browser = try requireBrowser()
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kpi-weights-pdf-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let page = scratch.appendingPathComponent("report.html"), pdf = scratch.appendingPathComponent("report.pdf")
    try Data(html.utf8).write(to: page)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: browser)
    process.arguments = [
      "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", "--user-data-dir=\(scratch.path)/profile",
      "--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)", page.absoluteString,
    ]
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let detail = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0, let bytes = FileManager.default.contents(atPath: pdf.path), bytes.starts(with: Array("%PDF".utf8)) else {
      let last = detail.split(separator: "\n").filter { !$0.contains("dbus") }.suffix(2).joined(separator: " ")
      throw OutputError.printFailed(path, status: process.terminationStatus, detail: String(last.prefix(300)))
    }
    try OutputFile.write(bytes: Array(bytes), to: path, overwrite: overwrite, setting: .pdf)
  }
}
