import Foundation
import Testing
import TestSupport

/// The command line's own messages — usage errors from the option groups' `validate()`, and
/// library errors with settings spelled as flags — with exit codes, in one reviewed golden file
/// (`Golden/cli-errors.txt`).
@Suite("Every command-line error message, exactly")
struct CLIErrorTests {
  static let data = "datasets/after-sales-history.csv"
  static let base = ["--data", data, "--outcome", "churn_pct"]

  static let cases: [[String]] = [
    ["fit"] + base + ["--bootstrap", "1"],
    ["fit"] + base + ["--bootstrap", "1000000000000"],
    ["fit"] + base + ["--group", "team"],
    ["fit"] + base + ["--indicators", "satisfaction_pct,,cost_per_ticket"],
    ["fit"] + base + ["--method", "lmg", "--model", "logistic"],
    ["fit", "--data", data, "--outcome", "churn"],
    ["fit", "--data", "datasets/missing.csv", "--outcome", "churn_pct"],
    ["fit"] + base + ["--direction", "nps=higher"],
    ["fit"] + base + ["--output", "datasets/after-sales-history.csv"],
    ["recommend"] + base,
    ["recommend"] + base + ["--preset", "retention,balanced"],
    ["recommend"] + base + ["--preset", "retention", "--bootstrap", "1"],
    ["recommend"] + base + ["--preset", "retention", "--blend", "1.5"],
    ["recommend"] + base + ["--preset", "retention", "--performance-share", "1.5"],
    ["recommend"] + base + ["--preset", "growth"],
    ["recommend"] + base + ["--preset", "retention", "--config-out", "datasets/README.md"],
    ["export"] + base + ["--preset", "retention", "--output", "datasets/README.md"],
    ["compare"] + base + ["--presets", "balanced", "--bootstrap", "0"],
    ["compare"] + base + ["--presets", "balanced", "--include", "fit,,entropy"],
    ["compare"] + base + ["--presets", "balanced", "--include", "nps"],
    ["compare"] + base,
    ["report"] + base + ["--html", ".build/never-written.html"],
    ["report"] + base + ["--preset", "retention", "--group", "team", "--html", ".build/never-written.html"],
    ["report"] + base + ["--preset", "retention", "--html", "datasets/README.md"],
    ["notebook"] + base + ["--preset", "retention,balanced", "--out", ".build/never-written.ipynb"],
    ["fit", "--outcome", "churn_pct"],
    ["stats", "--data", data, "--outcome", "churn_pct", "--output", "datasets/README.md"],
    ["ahp", "--matrix", "datasets/missing.csv"],
    ["score", "--config", "datasets/missing.yaml", "--data", data],
    ["score", "--config", "x.yaml", "--data", data, "--salary", "salary", "--salaries", "s.csv"],
    ["presets", "show", "growth"],
    ["validate", "datasets/missing.yaml"],
  ]

  @Test("usage and input errors: exit code and the whole of standard error")
  func table() throws {
    var out = ""
    for arguments in Self.cases {
      let result = try CLI.run(arguments)
      #expect(result.exitCode != 0, "\(arguments)")
      #expect(result.stdout.isEmpty, "\(arguments)")
      out += "$ kpi-weights \(arguments.joined(separator: " "))\nexit \(result.exitCode)\n\(result.stderr)\n"
    }
    if let problem = try CLI.goldenMismatch(out, "cli-errors.txt") { Issue.record(Comment(rawValue: problem)) }
  }
}
