import ArgumentParser
import DataSources
import Foundation
import LinearAlgebra
import Reports
import WeightAnalysis

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

    @Option(help: "CSV with one row per entity and period.")
    var data: String

    @Option(help: "Period column (default: month, period, date… if present).")
    var period: String?

    @Option(help: "Entity column (default: the first id column, e.g. team or employee_id).")
    var entity: String?

    @Option(help: "Salary column of --data (amounts like 12345.67).")
    var salary: String?

    @Option(help: "Separate salary file: a CSV with the entity column (or 'entity') and 'salary'.")
    var salaries: String?

    @Option(help: "Score only this period.")
    var onlyPeriod: String?

    @OptionGroup(title: "Output")
    var outputOptions: OutputOptions

    func validate() throws {
      if salary != nil && salaries != nil { throw ValidationError("give --salary COLUMN or --salaries FILE, not both") }
    }

    func run() throws {
      var job = ScoreJob(configPath: config, dataPath: data)
      job.entityColumn = entity
      job.periodColumn = period
      job.salaryColumn = salary
      job.salariesPath = salaries
      job.onlyPeriod = onlyPeriod
      do {
        try emit(try job.run().render, outputOptions)
      } catch {
        throw exitCodeReporting(error)
      }
    }
  }
}

extension ReportJob.Language: ExpressibleByArgument {}

extension KPIWeights {
  struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "A self-contained HTML report with charts · 生成 HTML 报告",
      discussion: """
        Runs `recommend` for the first preset and `compare` over all of them, and writes one HTML \
        file (inline CSS and SVG, no network needed): the recommended weights with reasons and \
        intervals, weights per source, each indicator against the outcome, residuals, ranking \
        changes, score and pay distributions, the regression summary, warnings and provenance.
        """)

    @Option(help: "CSV history.")
    var data: String

    @Option(help: "Outcome column.")
    var outcome: String

    @Option(help: "Comma-separated built-in presets; the first is recommended.")
    var preset: String

    @Option(help: "HTML file to write.")
    var html: String

    @Option(help: "Language: zh or en.")
    var lang: ReportJob.Language = .zh

    @Option(help: "Bootstrap replicates for the fitted weights' intervals.")
    var bootstrap: Int?

    @Option(help: "Bootstrap seed.")
    var seed: UInt64 = 1

    @Option(help: "Resample whole groups of this column in the bootstrap.")
    var group: String?

    @Option(help: "Timestamp recorded in the provenance block (ISO 8601; default now).")
    var asOf: String?

    @Flag(help: "Overwrite --html if it exists.")
    var force = false

    @Flag(help: "No progress bar.")
    var quiet = false

    func run() throws {
      BLASThreads.useOneThread()
      do {
        let names = preset.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let presets = try names.map { try PresetFile.builtIn(named: $0) }
        var fit = FitJob(dataPath: data, outcome: outcome)
        fit.bootstrapReplicates = bootstrap
        fit.seed = seed
        fit.groupColumn = group
        if let bootstrap, let bar = ProgressBar.make(total: bootstrap, label: "bootstrap", quiet: quiet) { fit.progress = { bar.update($0) } }
        var recommend = RecommendJob(fit: fit, preset: presets[0])
        recommend.asOf = asOf
        var job = ReportJob(recommend: recommend, presets: presets)
        job.language = lang
        try OutputFile.write(try job.run(), to: html, overwrite: force)
        printError("wrote \(html)")
      } catch {
        throw exitCodeReporting(error)
      }
    }
  }
}

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

    @Option(help: "CSV history.")
    var data: String

    @Option(help: "Outcome column.")
    var outcome: String

    @Option(help: "Built-in preset whose recommendation is included.")
    var preset: String?

    @Option(help: "Comma-separated indicators (default: as `fit`, or the preset's).")
    var indicators: String?

    @Option(help: "Language of the explanations: zh or en.")
    var lang: ReportJob.Language = .zh

    @Option(help: "Notebook file to write, e.g. notebooks-export/churn.ipynb.")
    var out: String

    @Flag(help: "Overwrite --out if it exists.")
    var force = false

    func run() throws {
      BLASThreads.useOneThread()
      do {
        var fit = FitJob(dataPath: data, outcome: outcome)
        fit.indicators = indicators?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        var job = NotebookJob(fit: fit, outputPath: out)
        job.preset = try preset.map { try PresetFile.builtIn(named: $0) }
        job.language = lang
        try OutputFile.write(try job.run(), to: out, overwrite: force)
        printError("wrote \(out)")
      } catch {
        throw exitCodeReporting(error)
      }
    }
  }
}
