import ArgumentParser
import DataSources
import Reports
import WeightAnalysis

/// Exit codes (BSD sysexits).
enum Exit {
  static let usage = ExitCode(64)
  static let dataError = ExitCode(65)
  static let unavailable = ExitCode(69)
  static let numericalFailure = ExitCode(70)
  static let cannotCreateOutput = ExitCode(73)
  static let noPermission = ExitCode(77)
}

extension SettingNames {
  /// Settings spelled as this command line's flags.
  static let commandLine = SettingNames { setting in
    switch setting {
    case .minimumNorm: return "--min-norm"
    case .standardErrors: return "--se"
    case .indicatorSet: return "--set"
    default:
      let kebab = setting.rawValue.unicodeScalars.map { $0.properties.isUppercase ? "-" + String($0).lowercased() : String($0) }.joined()
      return "--" + kebab
    }
  }
}

/// Runs one command's body: library messages spell settings as flags, and every library error
/// becomes its message on standard error and its exit code. The one error-mapping wrapper.
func perform(_ body: () throws -> Void) throws {
  try SettingNames.$current.withValue(.commandLine) {
    do {
      try body()
    } catch let code as ExitCode {
      throw code
    } catch {
      throw exitCode(reporting: error)
    }
  }
}

/// Prints `error` and returns its exit code.
func exitCode(reporting error: Error) -> ExitCode {
  switch error {
  case let error as DataError:
    Terminal.printError(error.description)
    return Exit.dataError
  case let error as ConfigError:
    Terminal.printError(error.description)
    return Exit.dataError
  case let error as SourceError:
    Terminal.printError(error.description)
    switch error.kind {
    case .badSource: return Exit.usage
    case .unavailable: return Exit.unavailable
    case .authentication: return Exit.noPermission
    case .query, .value: return Exit.dataError
    }
  case let error as OutputError:
    Terminal.printError(error.description)
    return Exit.cannotCreateOutput
  case let error as AnalysisError:
    Terminal.printError("kpi-weights: error: \(error.description)")
    switch error {
    case .numericalFailure, .linearAlgebra, .noConvergence: return Exit.numericalFailure
    case .methodNotApplicable, .tooManyIndicators, .unusableSetting: return Exit.usage
    default: return Exit.dataError
    }
  case let error as ValidationError:
    Terminal.printError("kpi-weights: error: \(error.message)")
    return Exit.usage
  default:
    Terminal.printError("kpi-weights: error: \(error)")
    return Exit.numericalFailure
  }
}
