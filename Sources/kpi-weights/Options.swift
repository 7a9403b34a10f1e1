import ArgumentParser
import DataSources
import LinearAlgebra
import Reports
import WeightAnalysis
import Workflows

extension OutputFormat: ExpressibleByArgument {}
extension Direction: ExpressibleByArgument {}
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

/// `--data`, `--catalog`, `--direction`, `--quiet`: the history and what is known about its columns.
struct DataOptions: ParsableArguments {
  @Option(help: "CSV history with one row per unit and period (UTF-8 or GB18030).")
  var data: String

  @Option(help: "Indicator catalog file (YAML or JSON) adding to or overriding the built-in one.")
  var catalog: String?

  @Option(help: ArgumentHelp("Direction of a column the catalog does not know (repeatable).", valueName: "col=higher|lower"))
  var direction: [DirectionAssignment] = []

  @Flag(help: "No progress bar.")
  var quiet = false

  /// Loads the history once (with its SHA-256 when `digest`), the catalog and the directions.
  func load(digest: Bool = false) throws -> AnalysisInput {
    var progress: (@Sendable (Int, Int) -> Void)? = nil
    if let bar = ProgressBar.forReading(data, quiet: quiet) { progress = { done, _ in bar.update(done) } }
    var directions: [String: Direction] = [:]
    for assignment in direction { directions[assignment.column] = assignment.direction }
    return try AnalysisInput.load(data: data, catalogFile: catalog, directions: directions, digest: digest, progress: progress)
  }
}

/// `--outcome`, `--indicators`, `--no-intercept`, `--strict`, `--min-norm`, `--method`, `--model`.
struct ModelOptions: ParsableArguments {
  @Option(help: "Outcome column, e.g. churn_pct.")
  var outcome: String

  @Option(help: "Comma-separated indicator columns (default: every numeric column but the outcome and id/period columns, or the preset's).")
  var indicators: String?

  @Flag(help: "Fit without an intercept (R² is then uncentred).")
  var noIntercept = false

  @Flag(help: "Fail on a missing value instead of dropping its row.")
  var strict = false

  @Flag(help: "On collinear indicators, return the minimum-norm SVD solution instead of failing.")
  var minNorm = false

  @Option(help: "Importance measure: lmg (share of R², exact up to 20 indicators), relative-weights, standardized, nnls.")
  var method: ImportanceMethod = .lmg

  @Option(help: "Model: auto (logistic when the outcome is 0/1, else linear), linear, logistic.")
  var model: FitJob.Model = .auto

  func validate() throws {
    if let list = names(indicators), list.contains(where: \.isEmpty) {
      throw ValidationError("--indicators has an empty name; write names separated by commas, e.g. --indicators satisfaction_pct,response_hours")
    }
  }

  /// The fit these options describe, with `bootstrap`'s settings.
  func fitJob(_ bootstrap: BootstrapOptions?, quiet: Bool) -> FitJob {
    var job = FitJob(outcome: outcome)
    job.indicators = names(indicators)
    job.includeIntercept = !noIntercept
    job.strict = strict
    job.minimumNorm = minNorm
    job.method = method
    job.model = model
    if let bootstrap {
      job.bootstrapReplicates = bootstrap.bootstrap
      job.seed = bootstrap.seed
      job.groupColumn = bootstrap.group
      if let replicates = bootstrap.bootstrap, let bar = ProgressBar.make(total: replicates, label: "bootstrap", quiet: quiet) {
        job.progress = { bar.update($0) }
      }
    }
    return job
  }
}

/// `--bootstrap`, `--seed`, `--group`: percentile intervals of the fitted weights.
struct BootstrapOptions: ParsableArguments {
  /// The largest number of replicates accepted (each costs one refit).
  static let maximumReplicates = 1_000_000

  @Option(help: "Bootstrap replicates for percentile intervals of the weights (e.g. 1000).")
  var bootstrap: Int?

  @Option(help: "Seed of the bootstrap (same seed, same intervals).")
  var seed: UInt64 = 1

  @Option(help: "Resample whole groups of this column (e.g. team) in the bootstrap, keeping their periods together.")
  var group: String?

  /// The one replicate-count rule, shared with `compare --bootstrap`.
  static func check(_ replicates: Int, flag: String = "--bootstrap") throws {
    guard (2...maximumReplicates).contains(replicates) else {
      throw ValidationError("\(flag) needs between 2 and \(maximumReplicates) replicates (1000 is typical), got \(replicates)")
    }
  }

  func validate() throws {
    if let bootstrap { try Self.check(bootstrap) }
    if group != nil && bootstrap == nil { throw ValidationError("--group only matters with --bootstrap N") }
  }
}

/// `--preset`, `--preset-file`, `--swot`, `--blend`, `--ahp`, `--objective`, `--performance-share`,
/// `--as-of`: the goal and the other weight sources, the same for every command that takes a preset.
struct PresetOptions: ParsableArguments {
  @Option(
    name: [.customLong("preset"), .customLong("presets")],
    help: "Built-in preset(s), comma-separated: balanced, cost-reduction, brand-image, efficiency, retention (the first is recommended).")
  var preset: String?

  @Option(help: "Preset file (YAML/JSON) instead of, or after, the built-in ones (repeatable).")
  var presetFile: [String] = []

  @Option(help: "SWOT file (YAML/JSON) adjusting the recommended preset's targets.")
  var swot: String?

  @Option(help: "The fit's share α in the blend (0 = preset only, 1 = fit only); default: the preset's.")
  var blend: Double?

  @Option(help: "AHP pairwise comparison matrix joining the blend (repeatable: one per expert).")
  var ahp: [String] = []

  @Option(help: "Objective method joining the blend: entropy, critic, sd, cv, merec.")
  var objective: ObjectiveMethod?

  @Option(help: "Performance share of pay (the article: 0.3 of 70/30).")
  var performanceShare: Double = 0.3

  @Option(help: "Timestamp recorded in the config's provenance (ISO 8601; default now).")
  var asOf: String?

  var builtInNames: [String] { names(preset) ?? [] }

  func validate() throws {
    if let blend, !(0...1).contains(blend) { throw ValidationError("--blend is the fit's share, between 0 and 1; got \(blend)") }
    if !(0...1).contains(performanceShare) { throw ValidationError("--performance-share must be between 0 and 1; got \(performanceShare)") }
    if builtInNames.contains(where: \.isEmpty) { throw ValidationError("--preset has an empty name; write names separated by commas, e.g. --preset balanced,retention") }
  }

  /// Requires exactly one preset (built-in or file), for commands that recommend one.
  func requireOne() throws {
    if builtInNames.count + presetFile.count != 1 { throw ValidationError("give exactly one of --preset NAME or --preset-file FILE") }
  }

  /// Requires at least one preset.
  func requireSome() throws {
    if builtInNames.isEmpty && presetFile.isEmpty { throw ValidationError("give at least one --preset NAME or --preset-file FILE") }
  }

  /// The presets, built-in ones first, each file read once.
  func presets(_ loader: InputLoader = .fileSystem) throws -> [Preset] {
    try builtInNames.map { try PresetFile.builtIn(named: $0) } + presetFile.map { try loader.preset(file: $0) }
  }

  /// The recommendation for `preset` with these options (SWOT and AHP files read once).
  func recommendJob(fit: FitJob, preset: Preset, _ loader: InputLoader = .fileSystem) throws -> RecommendJob {
    var job = RecommendJob(fit: fit, preset: preset)
    job.swot = try swot.map { try loader.swot($0) }
    job.blend = blend
    job.ahp = try ahp.map { try loader.pairwise($0) }
    job.objectiveMethod = objective
    job.payPolicy = WeightConfig.PayPolicy(baseShare: 1 - performanceShare, performanceShare: performanceShare)
    job.asOf = asOf
    return job
  }
}

/// `--format`, `--output`, `--force`.
struct OutputOptions: ParsableArguments {
  @Option(help: "Output format.")
  var format: OutputFormat = .table

  @Option(help: "Write the output to this file (atomically) instead of standard output.")
  var output: String?

  @Flag(help: "Overwrite --output if it exists.")
  var force = false

  /// Writes `report` to `--output` (atomically) or prints it.
  func emit(_ report: some RenderedReport) throws {
    if let output {
      try OutputFile.write(report.render(format, color: false), to: output, overwrite: force)
    } else {
      print(report.render(format, color: format == .table && Terminal.stdoutWantsColor()), terminator: "")
    }
  }
}
