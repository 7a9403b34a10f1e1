import ArgumentParser
import DataSources
import LinearAlgebra
import Reports
import WeightAnalysis
import Workflows

/// `--format`, `--output`, `--force`.
struct OutputOptions: ParsableArguments {
  @Option(help: "Output format.")
  var format: OutputFormat = .table

  @Option(help: "Write the output to this file (atomically) instead of standard output.")
  var output: String?

  @Flag(help: "Overwrite --output if it exists.")
  var force = false

  /// Writes `report` to `--output` (atomically) or prints it.
  func emit(_ report: some RenderedReport) throws {
    if let output {
      try OutputFile.write(report.render(format, color: false), to: output, overwrite: force)
    } else {
      print(report.render(format, color: format == .table && Terminal.stdoutWantsColor()), terminator: "")
    }
  }
}
