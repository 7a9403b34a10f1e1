import ArgumentParser
import DataSources
import Foundation
import LinearAlgebra
import Reports
import WeightAnalysis

/// Options shared by `recommend` and `export`.
struct RecommendOptions: ParsableArguments {
  @Option(help: "CSV history (UTF-8 or GB18030).")
  var data: String

  @Option(help: "Outcome column the fit explains, e.g. churn_pct.")
  var outcome: String

  @Option(help: "Built-in preset: balanced, cost-reduction, brand-image, efficiency, retention.")
  var preset: String?

  @Option(help: "Preset file (YAML/JSON) instead of a built-in one.")
  var presetFile: String?

  @Option(help: "SWOT file (YAML/JSON) adjusting the preset's targets.")
  var swot: String?

  @Option(help: "The fit's share α in the blend (0 = preset only, 1 = fit only); default: the preset's.")
  var blend: Double?

  @Option(help: "AHP pairwise comparison matrix joining the blend (repeatable: one per expert).")
  var ahp: [String] = []

  @Option(help: "Objective method joining the blend: entropy, critic, sd, cv, merec.")
  var objective: ObjectiveMethod?

  @Option(help: "Importance method of the fit (default lmg).")
  var method: ImportanceMethod = .lmg

  @Option(help: "Comma-separated indicators (default: the preset's).")
  var indicators: String?

  @Option(help: ArgumentHelp("Direction of a column the catalog does not know (repeatable).", valueName: "col=higher|lower"))
  var direction: [DirectionAssignment] = []

  @Option(help: "Indicator catalog file (YAML or JSON).")
  var catalog: String?

  @Option(help: "Bootstrap replicates for the fitted weights' intervals (wide intervals pull less).")
  var bootstrap: Int?

  @Option(help: "Bootstrap seed.")
  var seed: UInt64 = 1

  @Option(help: "Resample whole groups of this column in the bootstrap (e.g. team).")
  var group: String?

  @Option(help: "Performance share of pay in the exported config (the article: 0.3 of 70/30).")
  var performanceShare: Double = 0.3

  @Option(help: "Timestamp recorded in the config's provenance (ISO 8601; default now).")
  var asOf: String?

  @Flag(help: "No progress bar.")
  var quiet = false

  func validate() throws {
    if (preset == nil) == (presetFile == nil) { throw ValidationError("give exactly one of --preset NAME or --preset-file FILE") }
    if let blend, !(0...1).contains(blend) { throw ValidationError("--blend is the fit's share, between 0 and 1; got \(blend)") }
    if !(0...1).contains(performanceShare) { throw ValidationError("--performance-share must be between 0 and 1; got \(performanceShare)") }
  }

  func job() throws -> RecommendJob {
    var fit = FitJob(dataPath: data, outcome: outcome)
    fit.method = method
    fit.indicators = indicators?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    fit.seed = seed
    fit.groupColumn = group
    fit.bootstrapReplicates = bootstrap
    for assignment in direction { fit.directions[assignment.column] = assignment.direction }
    if let catalog { fit.catalog.merge(try CatalogFile.load(path: catalog)) }
    if let bootstrap, let bar = ProgressBar.make(total: bootstrap, label: "bootstrap", quiet: quiet) { fit.progress = { bar.update($0) } }
    if let bar = ProgressBar.forReading(data, quiet: quiet) { fit.readProgress = { done, _ in bar.update(done) } }
    let chosen = try presetFile.map { try PresetFile.load(path: $0) } ?? PresetFile.builtIn(named: preset!)
    var job = RecommendJob(fit: fit, preset: chosen)
    job.swotPath = swot
    job.blend = blend
    job.ahpPaths = ahp
    job.objectiveMethod = objective
    job.payPolicy = WeightConfig.PayPolicy(baseShare: 1 - performanceShare, performanceShare: performanceShare)
    job.asOf = asOf
    return job
  }
}

extension KPIWeights {
  struct Recommend: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Recommend weights: history + preset (+ SWOT, AHP, objective) under bounds · 推荐权重",
      discussion: """
        Fits importance from history (as `fit`), blends it with a goal-oriented preset (SWOT-adjusted), \
        and optionally AHP and objective weights, as one bounded least-squares problem: minimise \
        Σ cⱼ(wⱼ − t̄ⱼ)² subject to Σw = 1 and the preset's bounds. Prints each indicator's sources, \
        the recommended weight, the active bound and a one-line reason, and a backtest on the history. \
        --config-out writes the weight config a scoring system consumes.
        """)

    @OptionGroup var options: RecommendOptions

    @Option(help: "Write the weight config here (YAML, or JSON by extension).")
    var configOut: String?

    @OptionGroup(title: "Output")
    var outputOptions: OutputOptions

    func run() throws {
      BLASThreads.useOneThread()
      do {
        let report = try options.job().run()
        if let configOut {
          try OutputFile.write(WeightConfigWriter.render(report.config, format: WeightConfigWriter.format(forPath: configOut)), to: configOut, overwrite: outputOptions.force)
        }
        try emit(report.render, outputOptions)
      } catch {
        throw exitCodeReporting(error)
      }
    }
  }

  struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write the recommended weight config (YAML or JSON) · 导出权重配置",
      discussion: "Runs `recommend` with the same options and writes only the config to --output (YAML unless it ends in .json).")

    @OptionGroup var options: RecommendOptions

    @Option(help: "Config file to write (YAML, or JSON by extension).")
    var output: String

    @Flag(help: "Overwrite --output if it exists.")
    var force = false

    func run() throws {
      BLASThreads.useOneThread()
      do {
        let report = try options.job().run()
        try OutputFile.write(WeightConfigWriter.render(report.config, format: WeightConfigWriter.format(forPath: output)), to: output, overwrite: force)
        printError("wrote \(output): \(report.config.indicators.count) indicators, preset \(report.preset.id)")
      } catch {
        throw exitCodeReporting(error)
      }
    }
  }

  struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check a weight config · 校验权重配置",
      discussion: "Weights sum to 1 within 1e-9, every weight within its bounds, known indicators and scoring rules, supported schema version, pay shares summing to 1.")

    @Argument(help: "Config file (YAML or JSON).")
    var file: String

    @Option(help: "Also check that every indicator is a column of this CSV.")
    var data: String?

    @Option(help: "Indicator catalog file adding known indicators.")
    var catalog: String?

    func run() throws {
      do {
        let config = try WeightConfigFile.load(path: file)
        var known: Set<String>? = nil
        if let data {
          known = Set(try CSVReader.read(path: data).headers)
        } else if let catalog {
          var c = IndicatorCatalog.builtIn
          c.merge(try CatalogFile.load(path: catalog))
          known = Set(c.entries.keys)
        }
        let problems = config.problems(knownIDs: known)
        if problems.isEmpty {
          print("\(file): valid (schema \(WeightConfig.schemaName) v\(config.version), \(config.indicators.count) indicators, weights sum to 1, preset \(config.provenance.preset))")
        } else {
          for problem in problems { printError("\(file): error: \(problem)") }
          throw Exit.dataError
        }
      } catch let code as ExitCode {
        throw code
      } catch {
        throw exitCodeReporting(error)
      }
    }
  }

  struct Presets: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List or show the built-in weighting presets · 预设方案", subcommands: [List.self, Show.self])

    struct List: ParsableCommand {
      static let configuration = CommandConfiguration(abstract: "List the built-in presets.")
      func run() throws {
        do {
          var table = TextTable(headers: ["preset", "名称", "name", "blend α", "bounds"], alignments: [.left, .left, .left, .right, .left])
          for p in try PresetFile.builtIn() {
            var key = p.lower.filter { $0.value >= 0.15 }.keys.sorted().map { id -> String in
              let hi = p.upper[id].map { "–\(Recommendation.percent($0))" } ?? "+"
              return "\(id) \(Recommendation.percent(p.lower[id]!))\(hi)"
            }
            key += p.lowerWhenLinked.keys.sorted().map { "\($0) \(Recommendation.percent(p.lowerWhenLinked[$0]!))+ if linked" }
            table.append([p.id, p.chineseName, p.englishName, String(format: "%.1f", p.defaultBlend), key.joined(separator: ", ")])
          }
          print(table.render(styleHeader: { $0 }), terminator: "")
        } catch {
          throw exitCodeReporting(error)
        }
      }
    }

    struct Show: ParsableCommand {
      static let configuration = CommandConfiguration(abstract: "Show a preset's targets and bounds.")
      @Argument(help: "Preset id.") var name: String
      func run() throws {
        do {
          let p = try PresetFile.builtIn(named: name)
          let out = "\(p.id) · \(p.chineseName) · \(p.englishName)\n\(p.rationale)\nSource: \(p.source)\nBlend α (fit share): \(p.defaultBlend)\n\n"
          var table = TextTable(headers: ["indicator", "指标", "target", "min", "max", "min if linked"], alignments: [.left, .left, .right, .right, .right, .right])
          let catalog = IndicatorCatalog.builtIn
          for id in p.targets.keys.sorted(by: { p.targets[$0]! > p.targets[$1]! }) {
            table.append([
              id, catalog[id]?.chineseLabel ?? "", Recommendation.percent(p.targets[id]!), p.lower[id].map(Recommendation.percent) ?? "",
              p.upper[id].map(Recommendation.percent) ?? "", p.lowerWhenLinked[id].map(Recommendation.percent) ?? "",
            ])
          }
          print(out + table.render(styleHeader: { $0 }), terminator: "")
        } catch {
          throw exitCodeReporting(error)
        }
      }
    }
  }
}

extension KPIWeights {
  struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Compare presets, the fit, objective methods and the recommendation on the same history · 方案对比",
      discussion: """
        For each weight set: the weights, how well the composite score tracks the outcome (Spearman ρ \
        and R² with bootstrap intervals), how entity rankings change against the first set (Kendall's \
        τ, moves between the top/bottom 20% bands), and the spread of performance pay.
        """)

    @Option(help: "CSV history.")
    var data: String

    @Option(help: "Outcome column.")
    var outcome: String

    @Option(help: "Comma-separated built-in presets, e.g. balanced,cost-reduction,brand-image.")
    var presets: String?

    @Option(help: "Extra sets: fit, recommended, entropy, critic, sd, cv, merec (comma-separated).")
    var include: String?

    @Option(help: "Entity column for rankings (default: the first id column, e.g. team).")
    var entity: String?

    @Option(help: "Bootstrap replicates for the ρ and R² intervals.")
    var bootstrap: Int = 200

    @Option(help: "Seed of the bootstrap.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Direction of a column the catalog does not know (repeatable).", valueName: "col=higher|lower"))
    var direction: [DirectionAssignment] = []

    @Option(help: "Indicator catalog file (YAML or JSON).")
    var catalog: String?

    @OptionGroup(title: "Output")
    var outputOptions: OutputOptions

    func run() throws {
      BLASThreads.useOneThread()
      do {
        var fit = FitJob(dataPath: data, outcome: outcome)
        fit.seed = seed
        for assignment in direction { fit.directions[assignment.column] = assignment.direction }
        if let catalog { fit.catalog.merge(try CatalogFile.load(path: catalog)) }
        let names = presets?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? []
        var job = CompareJob(fit: fit, presets: try names.map { try PresetFile.builtIn(named: $0) })
        job.include = include?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? []
        job.entityColumn = entity
        job.replicates = bootstrap
        try emit(try job.run().render, outputOptions)
      } catch {
        throw exitCodeReporting(error)
      }
    }
  }
}
