import DataSources
import Foundation
import LinearAlgebra
import Testing
import TestSupport
import WeightAnalysis
import Workflows

/// Every library error a user can meet, with its exact message, in one reviewed golden file
/// (`Golden/error-messages.txt`; `RECORD_GOLDEN=1 swift test` re-records it). Each message is
/// rendered twice: with the plain vocabulary library users see, and with a marker vocabulary
/// (`⟨indicators⟩`) that shows exactly where a setting is named — the command line puts its flag
/// there (its own table is `cli-errors.txt`).
@Suite("Every user-visible library error message, exactly")
struct ErrorMessageTests {
  static let at = SourceLocation(file: "data.csv", line: 3, column: 4)

  static let analysis: [(String, AnalysisError)] = [
    ("tooFewRows", .tooFewRows(rows: 3, parameters: 4)),
    ("tooFewRows.one", .tooFewRows(rows: 1, parameters: 1)),
    ("emptyColumn", .emptyColumn("cost_per_ticket")),
    ("constantColumn.indicator", .constantColumn(name: "utilization_pct", value: 80, isOutcome: false)),
    ("constantColumn.outcome", .constantColumn(name: "churn_pct", value: 5, isOutcome: true)),
    ("collinearIndicators", .collinearIndicators(["cost_b = 2·cost_a", "x = y + z"])),
    ("nonFinite", .nonFinite(column: "response_hours", row: 6)),
    ("numericalFailure", .numericalFailure("the residual sum of squares overflowed")),
    ("linearAlgebra", .linearAlgebra(.notConverged(method: "dgesvd", iterations: 30))),
    ("noIndicators", .noIndicators),
    ("tooManyIndicators", .tooManyIndicators(count: 21, limit: 20, method: "lmg")),
    ("methodNotApplicable", .methodNotApplicable(method: "lmg", reason: "the outcome is 0/1")),
    ("perfectSeparation", .perfectSeparation(detail: "'vip' = 1 always churns")),
    ("noConvergence", .noConvergence(method: "IRLS", iterations: 100, detail: "the deviance kept changing")),
    ("noVariation", .noVariation(column: "tickets", value: 12, method: "entropy")),
    ("inconsistentJudgements", .inconsistentJudgements(consistencyRatio: 0.2345, limit: 0.1, first: "a", second: "b", given: 9, implied: 1.0 / 3)),
    ("infeasibleBounds", .infeasibleBounds("the floors add up to 110% (a ≥ 60%, b ≥ 50%), more than 100%; lower some of them")),
    ("unknownIndicator.suggestion", .unknownIndicator(name: "satisfation_pct", context: "preset 'x'", suggestion: "satisfaction_pct")),
    ("unknownIndicator.none", .unknownIndicator(name: "nps", context: "the AHP matrix", suggestion: nil)),
    ("nonPositiveValue", .nonPositiveValue(method: "cv", column: "cost_per_ticket", row: 2, value: -1)),
    ("unknownPreset", .unknownPreset(name: "growth", available: ["balanced", "retention"])),
    ("ambiguousColumns", .ambiguousColumns(id: "satisfaction_pct", headers: ["satisfaction_pct", "满意度"])),
    ("unknownOutcomeDirection", .unknownOutcomeDirection(outcome: "nps")),
    ("unknownDirections.suggested", .unknownDirections(indicators: ["tickets", "backlog"], suggested: [.higherIsBetter, .lowerIsBetter])),
    ("unknownDirections.none", .unknownDirections(indicators: ["tickets"], suggested: [nil])),
    ("unusableSetting", .unusableSetting(.bootstrap, reason: "there is only one group to resample")),
    ("unusableSetting (clusters)", .unusableSetting(.cluster, reason: "cr2 clusters by one column; give one to \(Setting.cluster)")),
    ("constantWithinFixedEffects", .constantWithinFixedEffects(indicator: "team_size", effects: ["team", "month"])),
    ("duplicatePanelRow", .duplicatePanelRow(entity: "T01", period: "2024-03", locations: ["history.csv:4", "history.csv:9"])),
  ]

  static let data: [(String, DataError)] = [
    ("unreadable", .unreadable(file: "data.csv", reason: "no such file")),
    ("undecodable", .undecodable(file: "data.csv", reason: "invalid byte sequence at byte offset 18")),
    ("emptyFile", .emptyFile(file: "data.csv")),
    ("noDataRows", .noDataRows(file: "data.csv")),
    ("unterminatedQuote", .unterminatedQuote(at)),
    ("raggedRow", .raggedRow(at, expected: 3, found: 1)),
    ("emptyHeader", .emptyHeader(at, index: 2)),
    ("duplicateHeader", .duplicateHeader(at, name: "team", firstColumn: 1)),
    ("unknownColumn", .unknownColumn(file: "data.csv", name: "churn", suggestion: "churn_pct", role: "the outcome")),
    ("unknownColumn.none", .unknownColumn(file: "data.csv", name: "x", suggestion: nil, role: "an indicator")),
    ("nonNumeric", .nonNumeric(at, column: "满意度", value: "n/a?")),
    ("ambiguousNumber", .ambiguousNumber(at, column: "cost", value: "1,5")),
    ("nonFiniteValue", .nonFiniteValue(at, column: "cost", value: "inf")),
    ("missingValue", .missingValue(at, column: "cost")),
    ("emptyColumn", .emptyColumn(file: "data.csv", column: "cost")),
    ("textColumn", .textColumn(file: "data.csv", column: "team", example: "A")),
    ("configColumns", .configColumns(file: "data.csv", names: ["nps (did you mean 'npss'?)"], config: "weights.yaml")),
    ("badAmount", .badAmount(at, column: "salary", value: "12,34.5")),
    ("ambiguousDate", .ambiguousDate(at, column: "创建时间", value: "01/02/2025")),
    ("mixedDateFormats", .mixedDateFormats(at, column: "创建时间", value: "2025年1月1日", first: "2025-01-01", firstLine: 2)),
    ("unusableRow", .unusableRow(at, column: "首次响应时间", value: "2025/01/01 00:00", reason: "首次响应时间 before 创建时间")),
    ("notTimestamps", .notTimestamps(file: "data.csv", column: "备注", example: "加急")),
    ("duplicateRows", .duplicateRows(file: "data.csv", entity: "team", period: "month", value: "T01 2025-01", firstLine: 2, repeatLine: 9, count: 3)),
    ("workbook", .workbook(file: "book.xls", reason: "it is an old Excel .xls workbook; save it as .xlsx or CSV")),
    ("unwritableWorkbook", .unwritableWorkbook(file: "out.xlsx", reason: "two sheets are named 'Data' and 'data' (Excel ignores case in sheet names)")),
  ]

  static let linearAlgebra: [(String, LinearAlgebraError)] = [
    ("nonFinite", .nonFinite(argument: "A", row: 1, column: 2)),
    ("dimensionMismatch", .dimensionMismatch("A has 3 rows but b has 4")),
    ("emptyProblem", .emptyProblem("A has no columns")),
    ("illegalArgument", .illegalArgument(routine: "dgeqp3", argument: 4)),
    ("lapackFailure", .lapackFailure(routine: "dgesvd", info: 2, meaning: "the bidiagonal QR iteration did not converge")),
    ("infeasibleConstraints", .infeasibleConstraints("the lower bounds sum to 1.1")),
    ("notConverged", .notConverged(method: "active set", iterations: 200)),
  ]

  static let others: [(String, any Error & CustomStringConvertible)] = [
    ("ConfigError.line", ConfigError(file: "preset.yaml", line: 4, keyPath: "weights.nps.target", message: "expected a number")),
    ("ConfigError.noLine", ConfigError(file: "preset.yaml", line: nil, keyPath: "", message: "no such file")),
  ]

  static let markers = SettingNames { "⟨\($0.rawValue)⟩" }

  func table() -> String {
    var lines: [String] = []
    func add(_ kind: String, _ name: String, _ message: () -> String) {
      lines.append("\(kind).\(name)")
      lines.append("  plain:   " + message())
      lines.append("  setting: " + SettingNames.$current.withValue(Self.markers) { message() })
    }
    for (name, error) in Self.analysis { add("AnalysisError", name) { error.description } }
    for (name, error) in Self.data { add("DataError", name) { error.description } }
    for (name, error) in Self.linearAlgebra { add("LinearAlgebraError", name) { error.description } }
    for (name, error) in Self.others { add("Error", name) { error.description } }
    for setting in Setting.allCases { add("Setting", setting.rawValue) { "\(setting)" } }
    return lines.joined(separator: "\n") + "\n"
  }

  @Test("every case of AnalysisError, DataError, LinearAlgebraError and ConfigError, and every setting's name")
  func messages() throws {
    if let problem = try CLI.goldenMismatch(table(), "error-messages.txt", folder: "Tests/WorkflowsTests/Golden") { Issue.record(Comment(rawValue: problem)) }
  }

  @Test("no library message spells a command-line flag under the plain vocabulary")
  func noFlags() {
    let plain = table().split(separator: "\n").filter { $0.hasPrefix("  plain:") }
    for line in plain { #expect(!line.contains(" --"), "\(line)") }
  }
}
