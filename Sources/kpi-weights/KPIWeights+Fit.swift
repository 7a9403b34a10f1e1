import ArgumentParser
import DataSources
import Foundation
import LinearAlgebra
import Reports
import WeightAnalysis

extension FitReport.Format: ExpressibleByArgument {}

extension Direction: ExpressibleByArgument {}

extension ImportanceMethod: ExpressibleByArgument {}

extension FitJob.Model: ExpressibleByArgument {}

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

struct OutputOptions: ParsableArguments {
  @Option(help: "Output format.")
  var format: FitReport.Format = .table

  @Option(help: "Write the output to this file (atomically) instead of standard output.")
  var output: String?

  @Flag(help: "Overwrite --output if it exists.")
  var force = false
}

extension KPIWeights {
  struct Fit: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Fit indicator weights from history · 从历史数据拟合指标权重",
      discussion: """
        Regresses the outcome on the indicators (Householder QR with column pivoting, LAPACK; \
        logistic regression by IRLS when the outcome is 0/1), prints a regression summary, and \
        derives weights: by default each indicator's LMG share of R² (the average gain in R² over \
        all orders of entry). Effects are oriented by each indicator's direction (catalog, \
        --direction, or inferred with a warning); an indicator whose effect has the counter-\
        intuitive sign gets weight 0 and a warning. --bootstrap adds percentile intervals.
        """)

    @Option(help: "CSV file with one row per unit and period (UTF-8 or GB18030).")
    var data: String

    @Option(help: "Outcome column, e.g. churn_pct.")
    var outcome: String

    @Option(help: "Comma-separated indicator columns (default: every numeric column but the outcome and id/period columns).")
    var indicators: String?

    @Flag(help: "Fit without an intercept (R² is then uncentred).")
    var noIntercept = false

    @Flag(help: "Fail on a missing value instead of dropping its row.")
    var strict = false

    @Flag(help: "On collinear indicators, return the minimum-norm SVD solution instead of failing.")
    var minNorm = false

    @Option(help: ArgumentHelp("Direction of a column the catalog does not know (repeatable).", valueName: "col=higher|lower"))
    var direction: [DirectionAssignment] = []

    @Option(help: "Importance measure: lmg (share of R², exact up to 20 indicators), relative-weights, standardized, nnls.")
    var method: ImportanceMethod = .lmg

    @Option(help: "Model: auto (logistic when the outcome is 0/1, else linear), linear, logistic.")
    var model: FitJob.Model = .auto

    @Option(help: "Indicator catalog file (YAML or JSON) adding to or overriding the built-in one.")
    var catalog: String?

    @Option(help: "Bootstrap replicates for percentile intervals of the weights (e.g. 1000).")
    var bootstrap: Int?

    @Option(help: "Seed of the bootstrap (same seed, same intervals).")
    var seed: UInt64 = 1

    @Option(help: "Resample whole groups of this column (e.g. team) in the bootstrap, keeping their periods together.")
    var group: String?

    @Flag(help: "No progress bar.")
    var quiet = false

    @OptionGroup(title: "Output")
    var outputOptions: OutputOptions

    func validate() throws {
      if let bootstrap, bootstrap < 2 { throw ValidationError("--bootstrap needs at least 2 replicates (1000 is typical), got \(bootstrap)") }
      if group != nil && bootstrap == nil { throw ValidationError("--group only matters with --bootstrap N") }
      if let indicators, indicators.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }).contains(where: \.isEmpty) {
        throw ValidationError("--indicators has an empty name; write names separated by commas, e.g. --indicators satisfaction_pct,response_hours")
      }
    }

    func run() throws {
      BLASThreads.useOneThread()
      var job = FitJob(dataPath: data, outcome: outcome)
      job.indicators = indicators?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
      job.includeIntercept = !noIntercept
      job.strict = strict
      job.minimumNorm = minNorm
      job.method = method
      job.model = model
      job.seed = seed
      job.groupColumn = group
      job.bootstrapReplicates = bootstrap
      for assignment in direction { job.directions[assignment.column] = assignment.direction }
      do {
        if let catalog { job.catalog.merge(try CatalogFile.load(path: catalog)) }
        if let bootstrap, let bar = ProgressBar.make(total: bootstrap, label: "bootstrap", quiet: quiet) {
          job.progress = { bar.update($0) }
        }
        if let bar = ProgressBar.forReading(data, quiet: quiet) { job.readProgress = { done, _ in bar.update(done) } }
        let report = try job.run()
        if let path = outputOptions.output {
          try OutputFile.write(report.render(outputOptions.format, color: false), to: path, overwrite: outputOptions.force)
        } else {
          print(report.render(outputOptions.format, color: outputOptions.format == .table && stdoutWantsColor()), terminator: "")
        }
      } catch {
        throw exitCodeReporting(error)
      }
    }
  }
}
