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

    @Option(help: "Also print the report to this PDF (A4) through headless Chromium (chromium on PATH, or KPI_WEIGHTS_CHROMIUM).")
    var pdf: String?

    @Option(help: "Language: zh or en.")
    var lang: ReportJob.Language = .zh

    @Flag(help: "Overwrite --html (and --pdf) if it exists.")
    var force = false

    func validate() throws { try presetOptions.requireSome() }

    func run() throws {
      BLASThreads.useOneThread()
      try perform {
        let (presets, recommend) = try presetOptions.recommendation(fit: model.fitJob(bootstrap, quiet: dataOptions.quiet))
        var job = ReportJob(recommend: recommend, presets: presets)
        job.language = lang
        try OutputFile.requireWritable(html, overwrite: force, setting: .html)
        if let pdf {
          try OutputFile.requireWritable(pdf, overwrite: force, setting: .pdf)
          _ = try PDFPrinter.requireBrowser()
        }
        let content = try job.run(on: dataOptions.load(digest: true))
        let page = HTMLPage(content).render()
        try OutputFile.write(page, to: html, overwrite: force, setting: .html)
        Terminal.printError("wrote \(html)")
        if let pdf {
          try PDFPrinter.print(html: page, to: pdf, overwrite: force)
          Terminal.printError("wrote \(pdf)")
        }
      }
    }
  }
}
