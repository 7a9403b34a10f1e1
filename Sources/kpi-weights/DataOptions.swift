import ArgumentParser
import DataSources
import LinearAlgebra
import Reports
import WeightAnalysis
import Workflows

/// `--data`, `--table`, `--query`, `--catalog`, `--direction`, `--percent-scale`, `--quiet`: the history and what is known about its columns.
struct DataOptions: ParsableArguments {
  @Option(help: dataHelp)
  var data: String?

  @Option(help: statsHelp)
  var stats: String?

  @Option(help: "Sheet of an .xlsx workbook: its name or number (default: the first).")
  var sheet: String?

  @Option(help: tableHelp)
  var table: String?

  @Option(help: queryHelp)
  var query: String?

  @Option(help: "Indicator catalog file (YAML or JSON) adding to or overriding the built-in one.")
  var catalog: String?

  @Option(help: ArgumentHelp("Direction of a column the catalog does not know (repeatable).", valueName: "col=higher|lower"))
  var direction: [DirectionAssignment] = []

  @Option(help: percentScaleHelp)
  var percentScale: PercentScale?

  @Flag(help: "No progress bar.")
  var quiet = false

  func validate() throws {
    switch (data, stats) {
    case (nil, nil): throw ValidationError("give --data FILE (the history; fit also takes --stats FILE from kpi-weights stats)")
    case (_?, _?): throw ValidationError("give --data or --stats, not both")
    default: break
    }
  }

  /// `--data`, which every command but fit requires.
  func requiredData() throws -> String {
    guard let data else { throw ValidationError("--stats is read by fit only; this command needs the rows: give --data FILE") }
    return data
  }

  /// The directions given with `--direction`.
  var directions: [String: Direction] {
    var directions: [String: Direction] = [:]
    for assignment in direction { directions[assignment.column] = assignment.direction }
    return directions
  }

  /// Loads the history once (with its SHA-256 when `digest`), the catalog and the directions.
  func load(digest: Bool = false) throws -> AnalysisInput {
    let data = try requiredData()
    var progress: (@Sendable (Int, Int) -> Void)? = nil
    let source = try DataSource.parse(data, sheet: sheet, table: table, query: query)
    if let path = source.filePath, let bar = ProgressBar.forReading(path, quiet: quiet) { progress = { done, _ in bar.update(done) } }
    return try AnalysisInput.load(source: source, catalogFile: catalog, directions: directions, digest: digest, progress: progress, percentScale: percentScale)
  }
}

let dataHelp = ArgumentHelp(
  "History with one row per unit and period: CSV (UTF-8 or GB18030), an Excel workbook (.xlsx), an SQLite file (sqlite:PATH) or a PostgreSQL database (postgresql://user@host:port/db; password from PGPASSWORD or ~/.pgpass) with --table or --query.",
  valueName: "file|sqlite:PATH|postgresql://…")
let statsHelp = ArgumentHelp(
  "Sufficient statistics written by `kpi-weights stats` (fit only, instead of --data): the fit without the rows.", valueName: "file")
let tableHelp = ArgumentHelp("Table or view of a database source (schema.table for a schema's table).", valueName: "table")
let queryHelp = ArgumentHelp("One SELECT giving the rows of a database source (instead of --table).", valueName: "sql")
