import Foundation
import Testing
import TestSupport

/// `--lang zh` and `--lang en` make the terminal and Markdown views one language, as the HTML
/// report is: the body text, table headers and notes, not only the headings and warnings.
@Suite("terminal and Markdown output in one language")
struct TerminalLanguageTests {
  static let history = "datasets/after-sales-history.csv"
  static let ahp = "datasets/ahp-service-manager.csv"

  /// Every command that prints a table, with the options that bring out its rarer lines
  /// (bootstrap, fixed effects, lags, a logistic model, dominance, AHP, skipped rows, pay).
  static let commands: [[String]] = [
    ["fit", "--data", history, "--outcome", "churn_pct", "--bootstrap", "50", "--seed", "3", "--quiet"],
    ["fit", "--data", "datasets/confounded-history.csv", "--outcome", "churn_pct", "--fixed-effects", "team,month", "--lag", "response_hours=1", "--quiet"],
    ["fit", "--data", history, "--outcome", "churn_pct", "--lead-outcome", "1", "--method", "dominance", "--quiet"],
    ["fit", "--data", "datasets/customers.csv", "--outcome", "churned", "--quiet"],
    ["recommend", "--data", history, "--outcome", "churn_pct", "--preset", "retention", "--objective", "entropy", "--ahp", ahp, "--quiet"],
    ["compare", "--data", history, "--outcome", "churn_pct", "--presets", "retention,balanced", "--include", "fit,entropy", "--bootstrap", "50", "--quiet"],
    ["objective", "--data", history, "--method", "critic", "--quiet"],
    ["ahp", "--matrix", ahp],
    ["score", "--config", "Tests/CLITests/Golden/score-config.yaml", "--data", "Tests/CLITests/Golden/score-month.csv", "--salary", "salary"],
  ]

  /// What the views quote from the data and the options: column names, weight-set names, the
  /// dominance matrix's C/c/g, and the subscripted symbols of the formulas (rᵢⱼ, Cⱼ, τ-b).
  static let quoted: Set<String> = ["fit", "fit-lmg", "recommended", "churned", "customer", "tickets", "salary", "C", "c", "g", "r", "b", "P"]

  @Test("under --lang zh no English word is left outside the ids, units and statistic names", arguments: commands)
  func chinese(command: [String]) throws {
    for format in ["table", "markdown"] {
      let result = try CLI.run(command + ["--lang", "zh", "--format", format])
      #expect(result.exitCode == 0, "\(result.stderr)")
      let english = LanguageCheck.englishWords(in: result.stdout, allowing: Self.quoted)
      #expect(english.isEmpty, "\(command[0]) \(format): English under --lang zh: \(Set(english).sorted())\n\(result.stdout)")
    }
  }

  @Test("under --lang en no Chinese is left outside the labels the catalog gives", arguments: commands)
  func english(command: [String]) throws {
    for format in ["table", "markdown"] {
      let result = try CLI.run(command + ["--lang", "en", "--format", format])
      #expect(result.exitCode == 0, "\(result.stderr)")
      let chinese = result.stdout.split(separator: "\n").filter { $0.firstMatch(of: /[\u{4E00}-\u{9FFF}]/) != nil }
      #expect(chinese.isEmpty, "\(command[0]) \(format): Chinese under --lang en:\n\(chinese.joined(separator: "\n"))")
    }
  }

  @Test("Chinese text wraps between characters, never before closing punctuation")
  func wrapping() throws {
    let result = try CLI.run(Self.commands[5] + ["--lang", "zh"])
    for line in result.stdout.split(separator: "\n") {
      #expect(!"，。；：）]".contains(line.trimmingCharacters(in: .whitespaces).first ?? "x"), "a line starts with closing punctuation: \(line)")
    }
  }
}
