import ArgumentParser
import DataSources
import WeightAnalysis
import Workflows

extension KPIWeights {
  struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check a weight config · 校验权重配置",
      discussion: "Weights sum to 1 within 1e-9, every weight within its bounds, known indicators and scoring rules, supported schema version, the pay plan (shares summing to 1, a gate within 0–10, a cap above 0 not reached at the gate, a pay curve that rises). With --data, every indicator is a column and no scoring rule gives ≥ 90% of the rows the same points or 0 points to most of them.")

    @Argument(help: "Config file (YAML or JSON).")
    var file: String

    @Option(help: "Also check that every indicator is a column of this CSV and that the scoring rules spread its rows.")
    var data: String?

    @Option(help: "Indicator catalog file adding known indicators.")
    var catalog: String?

    func run() throws {
      try perform {
        let loader = InputLoader.fileSystem
        let config = try loader.weightConfig(file)
        var known: Set<String>? = nil
        var table: DataTable? = nil
        if let data {
          table = try loader.table(data).table
          known = Set(table!.headers)
        } else if let catalog {
          var merged = IndicatorCatalog.builtIn
          merged.merge(try loader.catalog(catalog))
          known = Set(merged.entries.keys)
        }
        var problems = config.problems(knownIDs: known)
        // With data: the rules must spread it (none gives ≥ 90% of the rows the same points or
        // 0 points to most of them).
        if problems.isEmpty, let table { problems += try ScoreJob(config: config, configPath: file).run(on: table).notes.map(\.english) }
        guard problems.isEmpty else {
          for problem in problems { Terminal.printError("\(file): error: \(problem)") }
          throw Exit.dataError
        }
        print("\(file): valid (schema \(WeightConfig.schemaName) v\(config.version), \(config.indicators.count) indicators, weights sum to 1, preset \(config.provenance.preset))")
      }
    }
  }
}
