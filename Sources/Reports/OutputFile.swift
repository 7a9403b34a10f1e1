import Foundation
import WeightAnalysis

/// Writes outputs so that nothing is lost:
/// - the bytes go to a temporary file in the same directory, flushed to disk, then published in
///   one step, so a reader (or a `kill -9`) never sees half a file at the target;
/// - without `overwrite` the temporary file is published with `link(2)`, which fails if anything
///   appeared at the target in the meantime (two concurrent runs: one wins, the other says the
///   file exists), never `rename(2)`, which would replace it;
/// - with `overwrite` only a regular file is replaced, and it keeps its permission bits; a
///   symlink, directory, FIFO or device at the path is an error;
/// - temporary files are named `.NAME.kpi-weights-PID.tmp`; one left by a process that no longer
///   exists (killed, or a full disk) is removed by the next write to that directory.
public enum OutputFile {
  /// Checks, before anything is computed or written, that `path` may be written: its folder
  /// exists, and nothing is there, or `overwrite` is set and it is a regular file.
  /// - Throws: ``OutputError/exists(_:setting:)``, ``OutputError/notRegular(_:kind:)`` or
  ///   ``OutputError/cannotWrite(_:reason:)``.
  public static func requireWritable(_ path: String, overwrite: Bool, setting: Setting = .output) throws {
    // The folder must exist, so that a second output cannot fail after a first was written.
    let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
    guard let folder = POSIX.status(directory)?.kind, folder == .directory || folder == .symlink else {
      throw OutputError.cannotWrite(path, reason: "the directory does not exist")
    }
    guard let existing = POSIX.status(path) else { return }
    if !overwrite { throw OutputError.exists(path, setting: setting) }
    if existing.kind != .regular { throw OutputError.notRegular(path, kind: describe(existing.kind)) }
  }

  public static func write(_ text: String, to path: String, overwrite: Bool, setting: Setting = .output) throws {
    try write(bytes: Array(text.utf8), to: path, overwrite: overwrite, setting: setting)
  }

  /// Set by tests (`KPI_WEIGHTS_SLOW_WRITE=1`) to write in small pauses, so a test can kill the
  /// process mid-write.
  static let slowly = ProcessInfo.processInfo.environment["KPI_WEIGHTS_SLOW_WRITE"] == "1"

  /// ``write(_:to:overwrite:setting:)`` for bytes (a workbook).
  public static func write(bytes: [UInt8], to path: String, overwrite: Bool, setting: Setting = .output) throws {
    try requireWritable(path, overwrite: overwrite, setting: setting)
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent().path
    removeStaleTemporaries(in: directory)
    let temporary = directory + "/" + temporaryName(for: url.lastPathComponent, pid: POSIX.processID)
    // A replaced file keeps its mode; a new one is 0644 narrowed by the umask.
    let existingMode = overwrite ? POSIX.status(path)?.mode : nil
    if let failure = POSIX.createFile(temporary, bytes: bytes, mode: existingMode ?? 0o644, exactMode: existingMode != nil, slowly: slowly) {
      throw OutputError.cannotWrite(path, reason: POSIX.describe(failure))
    }
    let failure = overwrite ? POSIX.rename(temporary, path) : POSIX.link(temporary, path)
    if !overwrite || failure != nil { POSIX.unlink(temporary) }
    if let failure {
      if failure == EEXIST { throw OutputError.exists(path, setting: setting) }
      throw OutputError.cannotWrite(path, reason: POSIX.describe(failure))
    }
  }

  /// `.report.html.kpi-weights-1234.tmp`: hidden, and plainly ours.
  static func temporaryName(for name: String, pid: Int32) -> String { ".\(name).kpi-weights-\(pid).tmp" }

  /// Removes `.*.kpi-weights-PID.tmp` files in `directory` whose process is gone.
  static func removeStaleTemporaries(in directory: String) {
    for name in POSIX.names(in: directory) where name.hasPrefix(".") && name.hasSuffix(".tmp") {
      guard let marker = name.range(of: ".kpi-weights-", options: .backwards) else { continue }
      let pidText = name[marker.upperBound..<name.index(name.endIndex, offsetBy: -4)]
      guard let pid = Int32(pidText), pid != POSIX.processID, !POSIX.processExists(pid) else { continue }
      POSIX.unlink(directory + "/" + name)
    }
  }

  static func describe(_ kind: POSIX.Kind) -> String {
    switch kind {
    case .regular: return "a file"
    case .directory: return "a directory"
    case .symlink: return "a symbolic link"
    case .other: return "a device, FIFO or socket"
    }
  }
}
