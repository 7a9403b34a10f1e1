import ArgumentParser
import DataSources
import LinearAlgebra
import Reports
import WeightAnalysis
import Workflows

extension OutputFormat: ExpressibleByArgument {}
extension DisplayLanguage: ExpressibleByArgument {}
extension Direction: ExpressibleByArgument {}
extension ScoringScheme: ExpressibleByArgument {}
extension PercentScale: ExpressibleByArgument {}

/// The help of `--percent-scale` (fit, score, prepare and every command that loads data).
let percentScaleHelp: ArgumentHelp =
  "How _pct columns are written: fraction (0.823 = 82.3%, multiplied by 100) or percent (as written); default: a warning when all values lie within 0–1."
extension ImportanceMethod: ExpressibleByArgument {}
extension FitJob.Model: ExpressibleByArgument {}
extension ObjectiveMethod: ExpressibleByArgument {}
extension AHP.Method: ExpressibleByArgument {}
extension ReportJob.Language: ExpressibleByArgument {}

/// `col=higher|lower`.
struct DirectionAssignment: ExpressibleByArgument {
  let column: String
  let direction: Direction

  init?(argument: String) {
    let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
    guard parts.count == 2, !parts[0].isEmpty, let direction = Direction(rawValue: parts[1].lowercased()) else { return nil }
    column = parts[0]
    self.direction = direction
  }
}

/// Splits a comma-separated list of names, trimming spaces.
func names(_ list: String?) -> [String]? {
  list?.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
}

