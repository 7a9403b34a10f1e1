import ArgumentParser
import LinearAlgebra
import Workflows

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

    @OptionGroup(title: "Data") var dataOptions: DataOptions
    @OptionGroup(title: "Model") var model: ModelOptions
    @OptionGroup(title: "Bootstrap") var bootstrap: BootstrapOptions
    @OptionGroup(title: "Output") var output: OutputOptions

    func run() throws {
      BLASThreads.useOneThread()
      try perform {
        let input = try dataOptions.load()
        try output.emit(model.fitJob(bootstrap, quiet: dataOptions.quiet).run(on: input))
      }
    }
  }
}
