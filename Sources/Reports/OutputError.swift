import Foundation
import WeightAnalysis

/// Errors writing an output file.
public enum OutputError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The file exists; `setting` names the output it was given as.
  case exists(String, setting: Setting = .output)
  case cannotWrite(String, reason: String)
  /// `--force` replaces regular files only; `kind` says what is there instead.
  case notRegular(String, kind: String)
  /// Printing a PDF needs a headless Chromium, and none was found.
  case noBrowser(searched: [String])
  /// The browser ran and failed (its exit status and the end of its standard error).
  case printFailed(String, status: Int32, detail: String)

  public var description: String {
    switch self {
    case .exists(let path, let setting):
      return "\(path): error: the file already exists; pass \(Setting.force) to overwrite it, or choose another \(setting)"
    case .cannotWrite(let path, let reason):
      return "\(path): error: cannot write the file: \(reason)"
    case .notRegular(let path, let kind):
      return "\(path): error: this is \(kind), not a regular file, and \(Setting.force) replaces only regular files; remove it, choose another path, or leave \(Setting.output) out to print to standard output"
    case .noBrowser(let searched):
      return "kpi-weights: error: printing a PDF needs Chromium, and none was found (looked for \(searched.joined(separator: ", "))); install it (Debian: apt-get install chromium) or open the HTML report and print it from a browser"
    case .printFailed(let path, let status, let detail):
      return "\(path): error: Chromium could not print the report (exit status \(status))\(detail.isEmpty ? "" : ": \(detail)")"
    }
  }
}
