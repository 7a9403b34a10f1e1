import Foundation
import WeightAnalysis

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
    try write(bytes: Array(text.utf8), to: path, overwrite: overwrite, setting: setting)
  }

  /// ``write(_:to:overwrite:setting:)`` for bytes (a workbook).
  public static func write(bytes: [UInt8], to path: String, overwrite: Bool, setting: Setting = .output) throws {
    let manager = FileManager.default
    if manager.fileExists(atPath: path) && !overwrite { throw OutputError.exists(path, setting: setting) }
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent()
    let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
    do {
      try Data(bytes).write(to: temporary, options: [])
    } catch {
      throw OutputError.cannotWrite(path, reason: manager.fileExists(atPath: directory.path) ? "permission denied" : "the directory does not exist")
    }
    if let failure = POSIX.rename(temporary.path, to: url.path) {
      try? manager.removeItem(at: temporary)
      throw OutputError.cannotWrite(path, reason: failure)
    }
  }
}
