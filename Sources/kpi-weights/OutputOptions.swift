import ArgumentParser
import DataSources
import LinearAlgebra
import Reports
import WeightAnalysis
import Workflows

/// `--format`, `--output`, `--lang`, `--force`, `--bom`, `--excel`.
struct OutputOptions: ParsableArguments {
  @Option(help: "Output format.")
  var format: OutputFormat = .table

  @Option(help: "Write the output to this file (atomically) instead of standard output.")
  var output: String?

  @Option(help: "Language of the table and Markdown views: zh, en, or both (headings in both, messages in English). JSON holds both; CSV has label_zh and label_en.")
  var lang: DisplayLanguage = .both

  @Flag(help: "Overwrite --output if it exists.")
  var force = false

  @Flag(help: "CSV: start with a UTF-8 byte-order mark, so Excel reads Chinese text correctly.")
  var bom = false

  @Flag(help: "CSV for Excel: a UTF-8 byte-order mark and CRLF line ends.")
  var excel = false

  func validate() throws {
    if (bom || excel) && format != .csv { throw ValidationError("--bom and --excel apply to --format csv; got --format \(format.rawValue)") }
    if format == .xlsx {
      guard let output else { throw ValidationError("--format xlsx writes a workbook: give --output FILE.xlsx") }
      guard output.lowercased().hasSuffix(".xlsx") else { throw ValidationError("--format xlsx writes a workbook: --output must end in .xlsx; got '\(output)'") }
    }
  }

  /// The text as written: with `--bom`/`--excel` a BOM, and with `--excel` CRLF line ends
  /// (newlines inside quoted fields too, which Excel reads the same).
  func finished(_ text: String) -> String {
    guard bom || excel else { return text }
    return "\u{FEFF}" + (excel ? text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n") : text)
  }

  /// Writes `report` to `--output` (atomically) or prints it; `--format xlsx` writes its workbook.
  func emit(_ report: some RenderedReport & WorkbookReport) throws {
    if format == .xlsx, let output {
      try OutputFile.write(bytes: report.workbook(file: output), to: output, overwrite: force)
    } else if let output {
      try OutputFile.write(finished(report.render(format, color: false, language: lang)), to: output, overwrite: force)
    } else {
      print(finished(report.render(format, color: format == .table && Terminal.stdoutWantsColor(), language: lang)), terminator: "")
    }
  }
}
