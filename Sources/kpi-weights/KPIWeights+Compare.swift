import ArgumentParser
import LinearAlgebra
import Workflows

extension KPIWeights {
  struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Compare presets, the fit, objective methods and the recommendation on the same history · 方案对比",
      discussion: """
        For each weight set: the weights, how well the composite score tracks the outcome (Spearman ρ \
        and R² with bootstrap intervals), how entity rankings change against the first set (Kendall's \
        τ, moves between the top/bottom 20% bands), and the spread of performance pay.
        """)

    @OptionGroup(title: "Data") var dataOptions: DataOptions
    @OptionGroup(title: "Model") var model: ModelOptions
    @OptionGroup(title: "Preset and sources") var presetOptions: PresetOptions

    @Option(help: "Extra sets: fit, recommended, entropy, critic, sd, cv, merec (comma-separated).")
    var include: String?

    @Option(help: "Entity column for rankings (default: the first id column, e.g. team).")
    var entity: String?

    @Option(help: "Bootstrap replicates for the ρ and R² intervals.")
    var bootstrap: Int = 200

    @Option(help: "Seed of the bootstrap.")
    var seed: UInt64 = 1

    @OptionGroup(title: "Output") var output: OutputOptions

    func validate() throws {
      try BootstrapOptions.check(bootstrap)
      if presetOptions.builtInNames.isEmpty && presetOptions.presetFile.isEmpty && (names(include) ?? []).isEmpty {
        throw ValidationError("nothing to compare; give --presets and/or --include")
      }
      if (names(include) ?? []).contains(where: \.isEmpty) { throw ValidationError("--include has an empty name; e.g. --include fit,recommended,entropy") }
    }

    func run() throws {
      BLASThreads.useOneThread()
      try perform {
        let presets = try presetOptions.presets()
        var fit = model.fitJob(nil, quiet: true)
        fit.seed = seed
        var job = CompareJob(fit: fit, presets: presets)
        job.include = names(include) ?? []
        job.entityColumn = entity
        job.replicates = bootstrap
        job.payPolicy = try presetOptions.payPolicy()
        job.scoring = presetOptions.scoring
        if let first = presets.first { job.recommend = try presetOptions.recommendJob(fit: fit, preset: first) }
        try output.emit(job.run(on: dataOptions.load(digest: true)))
      }
    }
  }
}
