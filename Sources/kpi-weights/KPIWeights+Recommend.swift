import ArgumentParser
import DataSources
import LinearAlgebra
import Reports
import Workflows

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

    @OptionGroup(title: "Data") var dataOptions: DataOptions
    @OptionGroup(title: "Model") var model: ModelOptions
    @OptionGroup(title: "Preset and sources") var presetOptions: PresetOptions
    @OptionGroup(title: "Bootstrap") var bootstrap: BootstrapOptions

    @Option(help: "Write the weight config here (YAML, or JSON by extension).")
    var configOut: String?

    @OptionGroup(title: "Output") var output: OutputOptions

    func validate() throws { try presetOptions.requireOne() }

    func run() throws {
      BLASThreads.useOneThread()
      try perform {
        let report = try presetOptions.recommendation(fit: model.fitJob(bootstrap, quiet: dataOptions.quiet)).job.run(on: dataOptions.load(digest: true))
        // Every output is checked before any is written.
        if let configOut { try OutputFile.requireWritable(configOut, overwrite: output.force, setting: .configOut) }
        if let path = output.output { try OutputFile.requireWritable(path, overwrite: output.force) }
        if let configOut {
          try OutputFile.write(
            WeightConfigFile.render(report.config, format: WeightConfigFile.format(forPath: configOut)), to: configOut, overwrite: output.force, setting: .configOut)
        }
        try output.emit(report)
      }
    }
  }

  struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write the recommended weight config (YAML or JSON) · 导出权重配置",
      discussion: "Runs `recommend` with the same options and writes only the config to --output (YAML unless it ends in .json).")

    @OptionGroup(title: "Data") var dataOptions: DataOptions
    @OptionGroup(title: "Model") var model: ModelOptions
    @OptionGroup(title: "Preset and sources") var presetOptions: PresetOptions
    @OptionGroup(title: "Bootstrap") var bootstrap: BootstrapOptions

    @Option(help: "Config file to write: YAML, or by extension JSON (.json) or an Excel workbook for HR (.xlsx: weights, pay plan, provenance).")
    var output: String

    @Flag(help: "Overwrite --output if it exists.")
    var force = false

    func validate() throws { try presetOptions.requireOne() }

    func run() throws {
      BLASThreads.useOneThread()
      try perform {
        let report = try presetOptions.recommendation(fit: model.fitJob(bootstrap, quiet: dataOptions.quiet)).job.run(on: dataOptions.load(digest: true))
        if output.lowercased().hasSuffix(".xlsx") {
          try OutputFile.write(bytes: report.config.workbook(file: output), to: output, overwrite: force)
        } else {
          try OutputFile.write(WeightConfigFile.render(report.config, format: WeightConfigFile.format(forPath: output)), to: output, overwrite: force)
        }
        Terminal.printError("wrote \(output): \(report.config.indicators.count) indicators, preset \(report.preset.id)")
      }
    }
  }
}
