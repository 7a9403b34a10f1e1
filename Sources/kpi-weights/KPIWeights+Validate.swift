import ArgumentParser
import DataSources
import WeightAnalysis
import Workflows

extension KPIWeights {
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
      try perform {
        let loader = InputLoader.fileSystem
        let config = try loader.weightConfig(file)
        var known: Set<String>? = nil
        if let data {
          known = Set(try loader.table(data).table.headers)
        } else if let catalog {
          var merged = IndicatorCatalog.builtIn
          merged.merge(try loader.catalog(catalog))
          known = Set(merged.entries.keys)
        }
        let problems = config.problems(knownIDs: known)
        guard problems.isEmpty else {
          for problem in problems { Terminal.printError("\(file): error: \(problem)") }
          throw Exit.dataError
        }
        print("\(file): valid (schema \(WeightConfig.schemaName) v\(config.version), \(config.indicators.count) indicators, weights sum to 1, preset \(config.provenance.preset))")
      }
    }
  }
}
