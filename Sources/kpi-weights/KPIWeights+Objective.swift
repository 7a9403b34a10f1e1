import ArgumentParser
import LinearAlgebra
import WeightAnalysis
import Workflows

extension KPIWeights {
  struct Objective: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Objective weights from the indicator matrix alone · 客观赋权 (熵权法, CRITIC, 标准差, 变异系数, MEREC)",
      discussion: """
        Weights from how the indicators vary across units and periods, without an outcome. Every \
        method uses the indicators' directions (catalog, --catalog, --direction): entropy, critic and \
        sd normalise by direction-aware min-max, so they are invariant to units and offsets; cv uses \
        raw positive values; merec uses its own ratio normalisation. The report states the formula \
        and the invariances.
        """)

    @OptionGroup(title: "Data") var dataOptions: DataOptions

    @Option(help: "entropy, critic, sd, cv or merec.")
    var method: ObjectiveMethod

    @Option(help: "Comma-separated indicator columns (default: every numeric column but outcomes and id/period columns).")
    var indicators: String?

    @Flag(help: "Fail on a missing value instead of dropping its row.")
    var strict = false

    @OptionGroup(title: "Output") var output: OutputOptions

    func run() throws {
      BLASThreads.useOneThread()
      try perform {
        let input = try dataOptions.load()
        var job = ObjectiveJob(method: method)
        job.indicators = names(indicators)
        job.strict = strict
        try output.emit(job.run(on: input))
      }
    }
  }
}
