import ArgumentParser
import DataSources
import Reports

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

    struct Show: ParsableCommand {
      static let configuration = CommandConfiguration(abstract: "Show a preset's targets and bounds.")
      @Argument(help: "Preset id.") var name: String
      func run() throws {
        try perform { print(PresetTables.show(try PresetFile.builtIn(named: name)), terminator: "") }
      }
    }
  }
}
