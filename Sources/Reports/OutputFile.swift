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

/// Writes outputs atomically: to a temporary file in the same directory, then `rename(2)`, so a
/// reader never sees half a file and a failure never destroys the previous version. An existing
/// file is replaced only when `overwrite` is true.
public enum OutputFile {
  /// Checks, before anything is computed or written, that `path` may be written: it does not
  /// exist, or `overwrite` is set.
  /// - Throws: ``OutputError/exists(_:)``.
  public static func requireWritable(_ path: String, overwrite: Bool, setting: Setting = .output) throws {
    if FileManager.default.fileExists(atPath: path) && !overwrite { throw OutputError.exists(path, setting: setting) }
  }

  public static func write(_ text: String, to path: String, overwrite: Bool, setting: Setting = .output) throws {
    let manager = FileManager.default
    if manager.fileExists(atPath: path) && !overwrite { throw OutputError.exists(path, setting: setting) }
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent()
    let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
    do {
      try Data(text.utf8).write(to: temporary, options: [])
    } catch {
      throw OutputError.cannotWrite(path, reason: manager.fileExists(atPath: directory.path) ? "permission denied" : "the directory does not exist")
    }
    if rename(temporary.path, url.path) != 0 {
      try? manager.removeItem(at: temporary)
      throw OutputError.cannotWrite(path, reason: String(cString: strerror(errno)))
    }
  }
}
