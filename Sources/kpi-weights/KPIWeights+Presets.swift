import ArgumentParser
import DataSources
import Reports
import WeightAnalysis

extension KPIWeights {
  struct Presets: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List or show the built-in weighting presets · 预设方案", subcommands: [List.self, Show.self])

    struct List: ParsableCommand {
      static let configuration = CommandConfiguration(abstract: "List the built-in presets.")
      func run() throws {
        try perform { print(PresetTables.list(try PresetFile.builtIn()), terminator: "") }
      }
    }

    enum ShowFormat: String, ExpressibleByArgument, CaseIterable { case table, yaml }

    struct Show: ParsableCommand {
      static let configuration = CommandConfiguration(abstract: "Show a preset's targets and bounds (--format yaml: a preset file to copy and edit).")
      @Argument(help: "Preset id.") var name: String
      @Option(help: "table, or yaml for a preset file ready to edit and pass to --preset-file.") var format: ShowFormat = .table
      func run() throws {
        try perform {
          let preset = try PresetFile.builtIn(named: name)
          switch format {
          case .table: print(PresetTables.show(preset), terminator: "")
          case .yaml: print(PresetFile.render(preset, order: IndicatorCatalog.builtIn.order), terminator: "")
          }
        }
      }
    }
  }
}
