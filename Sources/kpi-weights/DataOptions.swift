import ArgumentParser
import DataSources
import LinearAlgebra
import Reports
import WeightAnalysis
import Workflows

/// `--data`, `--catalog`, `--direction`, `--percent-scale`, `--quiet`: the history and what is known about its columns.
struct DataOptions: ParsableArguments {
  @Option(help: "History with one row per unit and period: CSV (UTF-8 or GB18030) or an Excel workbook (.xlsx).")
  var data: String

  @Option(help: "Sheet of an .xlsx workbook: its name or number (default: the first).")
  var sheet: String?

  @Option(help: "Indicator catalog file (YAML or JSON) adding to or overriding the built-in one.")
  var catalog: String?

  @Option(help: ArgumentHelp("Direction of a column the catalog does not know (repeatable).", valueName: "col=higher|lower"))
  var direction: [DirectionAssignment] = []

  @Option(help: percentScaleHelp)
  var percentScale: PercentScale?

  @Flag(help: "No progress bar.")
  var quiet = false

  /// Loads the history once (with its SHA-256 when `digest`), the catalog and the directions.
  func load(digest: Bool = false) throws -> AnalysisInput {
    var progress: (@Sendable (Int, Int) -> Void)? = nil
    if let bar = ProgressBar.forReading(data, quiet: quiet) { progress = { done, _ in bar.update(done) } }
    var directions: [String: Direction] = [:]
    for assignment in direction { directions[assignment.column] = assignment.direction }
    return try AnalysisInput.load(data: data, sheet: sheet, catalogFile: catalog, directions: directions, digest: digest, progress: progress, percentScale: percentScale)
  }
}
