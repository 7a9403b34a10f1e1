import ArgumentParser
import DataSources
import Workflows

extension KPIWeights {
  struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Score entities and compute performance pay with a weight config · 绩效评分与绩效工资",
      discussion: """
        Applies a config from `recommend --config-out` / `export`: each indicator's scoring rule gives \
        points out of 10, the weighted total is the score, and pay follows the config's policy \
        (e.g. 70% base + 30% × score/10, computed in integer cents). Entities below the warning \
        threshold for N consecutive periods are listed. Missing values follow the config's policy.
        """)

    @Option(help: "Weight config (YAML or JSON).")
    var config: String

    @Option(help: ArgumentHelp("One row per entity and period: CSV, an Excel workbook (.xlsx), sqlite:PATH or postgresql://… with --table or --query.", valueName: "file|sqlite:PATH|postgresql://…"))
    var data: String

    @Option(help: "Sheet of an .xlsx workbook: its name or number (default: the first).")
    var sheet: String?

    @Option(help: tableHelp)
    var table: String?

    @Option(help: queryHelp)
    var query: String?

    @Option(help: "Period column (default: month, period, date… if present).")
    var period: String?

    @Option(help: "Entity column (default: the first id column, e.g. team or employee_id).")
    var entity: String?

    @Option(help: "Salary column of --data (amounts like 12345.67).")
    var salary: String?

    @Option(help: "Separate salary file: a CSV with the entity column (or 'entity') and 'salary', and optionally the period column (salaries per entity and period).")
    var salaries: String?

    @Option(help: percentScaleHelp)
    var percentScale: PercentScale?

    @Option(help: "Score only this period.")
    var onlyPeriod: String?

    @OptionGroup(title: "Output") var output: OutputOptions

    func validate() throws {
      if salary != nil && salaries != nil { throw ValidationError("give --salary COLUMN or --salaries FILE, not both") }
    }

    func run() throws {
      try perform {
        let loader = InputLoader.fileSystem
        var job = ScoreJob(config: try loader.weightConfig(config), configPath: config)
        let input = try AnalysisInput.load(source: DataSource.parse(data, sheet: sheet, table: table, query: query), loader: loader, percentScale: percentScale)
        job.entityColumn = entity
        job.periodColumn = period
        job.salaryColumn = salary
        job.salaries = try salaries.map { try loader.table($0).table }
        job.onlyPeriod = onlyPeriod
        try output.emit(job.run(on: input))
      }
    }
  }
}
