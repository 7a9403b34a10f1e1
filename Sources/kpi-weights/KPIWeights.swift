import ArgumentParser
import DataSources
import Foundation
import Reports
import WeightAnalysis

@main
struct KPIWeights: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "kpi-weights",
    abstract: "Data-driven weights for after-sales KPIs · 售后绩效考核指标权重",
    discussion: """
      Fits how strongly each indicator drove an outcome (e.g. customer churn) from history, with \
      LAPACK least squares and full statistics, and turns the fit into indicator weights; also \
      objective weights from the indicator matrix and subjective weights from pairwise comparisons.

      Exit codes: 0 success, 64 usage error, 65 bad input data or configuration, 70 numerical \
      failure, 73 output file exists.
      """,
    version: toolVersion,
    subcommands: [Fit.self, Objective.self, Ahp.self, Recommend.self, Compare.self, Export.self, Validate.self, Score.self, Report.self, NotebookCommand.self, Presets.self])
}

/// Exit codes (BSD sysexits).
enum Exit {
  static let dataError = ExitCode(65)
  static let numericalFailure = ExitCode(70)
  static let cannotCreateOutput = ExitCode(73)
}

/// Writes a diagnostic to standard error.
func printError(_ message: String) {
  FileHandle.standardError.write(Data((message.hasSuffix("\n") ? message : message + "\n").utf8))
}

/// Maps library errors to a message on stderr and an exit code.
func exitCodeReporting(_ error: Error) -> ExitCode {
  switch error {
  case let error as DataError:
    printError(error.description)
    return Exit.dataError
  case let error as ConfigError:
    printError(error.description)
    return Exit.dataError
  case let error as OutputError:
    printError(error.description)
    return Exit.cannotCreateOutput
  case let error as AnalysisError:
    printError("kpi-weights: error: \(error.description)")
    switch error {
    case .numericalFailure, .linearAlgebra, .noConvergence: return Exit.numericalFailure
    case .methodNotApplicable, .tooManyIndicators: return ExitCode(64)
    case .infeasibleBounds, .unknownIndicator: return Exit.dataError
    default: return Exit.dataError
    }
  default:
    printError("kpi-weights: error: \(error)")
    return Exit.numericalFailure
  }
}

/// Whether standard output is a terminal that wants colour (`NO_COLOR` honoured).
func stdoutWantsColor() -> Bool {
  if let value = ProcessInfo.processInfo.environment["NO_COLOR"], !value.isEmpty { return false }
  return isatty(STDOUT_FILENO) == 1
}
