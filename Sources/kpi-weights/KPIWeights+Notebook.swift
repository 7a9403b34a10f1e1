import ArgumentParser
import LinearAlgebra
import Reports
import Workflows

extension KPIWeights {
  struct NotebookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "notebook",
      abstract: "Export a Jupyter notebook that reproduces the analysis in Python · 导出 Jupyter 笔记本",
      discussion: """
        Writes an nbformat 4.5 notebook: pandas loads the same file (its SHA-256 is checked), \
        statsmodels refits the regression, the LMG weights are recomputed and compared with \
        kpi-weights' own (tolerance 1e-8), and matplotlib draws the charts. With --preset, the \
        recommended weights are included.
        """)

    @OptionGroup(title: "Data") var dataOptions: DataOptions
    @OptionGroup(title: "Model") var model: ModelOptions
    @OptionGroup(title: "Preset and sources") var presetOptions: PresetOptions

    @Option(help: "Language of the explanations: zh or en.")
    var lang: ReportJob.Language = .zh

    @Option(help: "Notebook file to write, e.g. notebooks-export/churn.ipynb.")
    var out: String

    @Flag(help: "Overwrite --out if it exists.")
    var force = false

    func validate() throws {
      if presetOptions.builtInNames.count + presetOptions.presetFile.count > 1 { throw ValidationError("give at most one --preset NAME or --preset-file FILE") }
      if !out.lowercased().hasSuffix(".ipynb") { throw ValidationError("--out is a Jupyter notebook and must end in .ipynb; got '\(out)'") }
    }

    func run() throws {
      BLASThreads.useOneThread()
      try perform {
        let fit = model.fitJob(nil, quiet: true)
        var job = NotebookJob(fit: fit, outputPath: out)
        job.recommend = try presetOptions.presets().first.map { try presetOptions.recommendJob(fit: fit, preset: $0) }
        job.language = lang
        job.command = command(preset: job.recommend?.preset.id)
        try OutputFile.requireWritable(out, overwrite: force, setting: .out)
        let content = try job.run(on: dataOptions.load(digest: true))
        try OutputFile.write(Notebook(content).json(), to: out, overwrite: force, setting: .out)
        Terminal.printError("wrote \(out)")
      }
    }

    /// The command that reproduces this notebook, recorded in it (`--data` is there: load requires it).
    func command(preset: String?) -> String {
      var parts = ["kpi-weights", "notebook", "--data", dataOptions.data ?? "",  "--outcome", model.outcome]
      if let preset { parts += ["--preset", preset] }
      parts += ["--lang", lang.rawValue, "--out", out]
      return parts.joined(separator: " ")
    }
  }
}
