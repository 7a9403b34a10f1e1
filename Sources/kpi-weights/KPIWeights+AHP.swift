import ArgumentParser
import DataSources
import LinearAlgebra
import WeightAnalysis
import Workflows

extension KPIWeights {
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

    @OptionGroup(title: "Output") var output: OutputOptions

    func validate() throws {
      if matrix.isEmpty { throw ValidationError("give at least one --matrix FILE") }
    }

    func run() throws {
      BLASThreads.useOneThread()
      try perform {
        let loader = InputLoader.fileSystem
        var merged = IndicatorCatalog.builtIn
        if let catalog { merged.merge(try loader.catalog(catalog)) }
        var job = AHPJob(matrices: try matrix.map { try loader.pairwise($0) })
        job.method = ahpMethod
        job.allowInconsistent = allowInconsistent
        try output.emit(job.run(catalog: merged))
      }
    }
  }
}
