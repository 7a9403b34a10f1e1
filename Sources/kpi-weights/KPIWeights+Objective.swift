import ArgumentParser
import DataSources
import Foundation
import LinearAlgebra
import Reports
import WeightAnalysis

extension ObjectiveMethod: ExpressibleByArgument {}

extension AHP.Method: ExpressibleByArgument {}

/// Writes a report to `--output` (atomically) or prints it.
func emit(_ render: (FitReport.Format, Bool) -> String, _ options: OutputOptions) throws {
  if let path = options.output {
    try OutputFile.write(render(options.format, false), to: path, overwrite: options.force)
  } else {
    print(render(options.format, options.format == .table && stdoutWantsColor()), terminator: "")
  }
}

extension KPIWeights {
  struct Objective: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Objective weights from the indicator matrix alone · 客观赋权 (熵权法, CRITIC, 标准差, 变异系数, MEREC)",
      discussion: """
        Weights from how the indicators vary across units and periods, without an outcome. Every \
        method uses the indicators' directions (catalog, --catalog, --direction): entropy, critic and \
        sd normalise by direction-aware min-max, so they are invariant to units and offsets; cv uses \
        raw positive values; merec uses its own ratio normalisation. The report states the formula \
        and the invariances.
        """)

    @Option(help: "CSV file (UTF-8 or GB18030).")
    var data: String

    @Option(help: "entropy, critic, sd, cv or merec.")
    var method: ObjectiveMethod

    @Option(help: "Comma-separated indicator columns (default: every numeric column but outcomes and id/period columns).")
    var indicators: String?

    @Option(help: ArgumentHelp("Direction of a column the catalog does not know (repeatable).", valueName: "col=higher|lower"))
    var direction: [DirectionAssignment] = []

    @Option(help: "Indicator catalog file (YAML or JSON).")
    var catalog: String?

    @Flag(help: "Fail on a missing value instead of dropping its row.")
    var strict = false

    @OptionGroup(title: "Output")
    var outputOptions: OutputOptions

    func run() throws {
      BLASThreads.useOneThread()
      var job = ObjectiveJob(dataPath: data, method: method)
      job.indicators = indicators?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
      job.strict = strict
      for assignment in direction { job.directions[assignment.column] = assignment.direction }
      do {
        if let catalog { job.catalog.merge(try CatalogFile.load(path: catalog)) }
        let report = try job.run()
        try emit(report.render, outputOptions)
      } catch {
        throw exitCodeReporting(error)
      }
    }
  }

  struct Ahp: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "ahp",
      abstract: "Subjective weights from pairwise comparisons (AHP) · 层次分析法",
      discussion: """
        Reads a pairwise comparison matrix (CSV with the indicator ids as header row and first \
        column, or YAML/JSON with `indicators` and `matrix`; Saaty's 1–9 scale, fractions like 1/3, \
        lower triangle may be empty). Weights by the principal eigenvector (default) or row geometric \
        means; reports λmax, CI and CR. CR above 0.10 is an error naming the most inconsistent \
        judgement unless --allow-inconsistent. Several --matrix files (one per expert) are combined \
        by element-wise geometric mean.
        """)

    @Option(help: "Pairwise comparison matrix file (repeatable: one per expert).")
    var matrix: [String]

    @Option(name: .customLong("ahp-method"), help: "eigenvector or geometric-mean.")
    var ahpMethod: AHP.Method = .eigenvector

    @Flag(help: "Proceed when the consistency ratio exceeds 0.10 (with a warning).")
    var allowInconsistent = false

    @Option(help: "Indicator catalog file (YAML or JSON), for labels and directions.")
    var catalog: String?

    @OptionGroup(title: "Output")
    var outputOptions: OutputOptions

    func validate() throws {
      if matrix.isEmpty { throw ValidationError("give at least one --matrix FILE") }
    }

    func run() throws {
      BLASThreads.useOneThread()
      var job = AHPJob(matrixPaths: matrix)
      job.method = ahpMethod
      job.allowInconsistent = allowInconsistent
      do {
        if let catalog { job.catalog.merge(try CatalogFile.load(path: catalog)) }
        let report = try job.run()
        try emit(report.render, outputOptions)
      } catch {
        throw exitCodeReporting(error)
      }
    }
  }
}
