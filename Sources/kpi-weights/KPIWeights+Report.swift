import ArgumentParser
import LinearAlgebra
import Reports
import Workflows

extension KPIWeights {
  struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "A self-contained HTML report with charts · 生成 HTML 报告",
      discussion: """
        Runs `recommend` for the first preset and `compare` over all of them (reusing the \
        recommendation), and writes one HTML file (inline CSS and SVG, no network needed): the \
        recommended weights with reasons and intervals, weights per source, each indicator against \
        the outcome, residuals, ranking changes, score and pay distributions, the regression summary, \
        warnings and provenance.
        """)

    @OptionGroup(title: "Data") var dataOptions: DataOptions
    @OptionGroup(title: "Model") var model: ModelOptions
    @OptionGroup(title: "Preset and sources") var presetOptions: PresetOptions
    @OptionGroup(title: "Bootstrap") var bootstrap: BootstrapOptions

    @Option(help: "HTML file to write.")
    var html: String

    @Option(help: "Language: zh or en.")
    var lang: ReportJob.Language = .zh

    @Flag(help: "Overwrite --html if it exists.")
    var force = false

    func validate() throws { try presetOptions.requireSome() }

    func run() throws {
      BLASThreads.useOneThread()
      try perform {
        let (presets, recommend) = try presetOptions.recommendation(fit: model.fitJob(bootstrap, quiet: dataOptions.quiet))
        var job = ReportJob(recommend: recommend, presets: presets)
        job.language = lang
        try OutputFile.requireWritable(html, overwrite: force, setting: .html)
        let content = try job.run(on: dataOptions.load(digest: true))
        try OutputFile.write(HTMLPage(content).render(), to: html, overwrite: force, setting: .html)
        Terminal.printError("wrote \(html)")
      }
    }
  }

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
    }

    func run() throws {
      BLASThreads.useOneThread()
      try perform {
        let fit = model.fitJob(nil, quiet: true)
        var job = NotebookJob(fit: fit, outputPath: out)
        job.recommend = try presetOptions.presets().first.map { try presetOptions.recommendJob(fit: fit, preset: $0) }
        job.language = lang
        try OutputFile.requireWritable(out, overwrite: force, setting: .out)
        let content = try job.run(on: dataOptions.load(digest: true))
        try OutputFile.write(Notebook(content).json(), to: out, overwrite: force, setting: .out)
        Terminal.printError("wrote \(out)")
      }
    }
  }
}
