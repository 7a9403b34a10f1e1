import Foundation
import WeightAnalysis

/// Errors writing an output file.
public enum OutputError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The file exists; `setting` names the output it was given as.
  case exists(String, setting: Setting = .output)
  case cannotWrite(String, reason: String)

  public var description: String {
    switch self {
    case .exists(let path, let setting):
      return "\(path): error: the file already exists; pass \(Setting.force) to overwrite it, or choose another \(setting)"
    case .cannotWrite(let path, let reason):
      return "\(path): error: cannot write the file: \(reason)"
    }
  }
}
