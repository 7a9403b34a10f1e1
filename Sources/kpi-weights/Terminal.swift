import Foundation

/// The command line's one funnel for terminal queries and standard-error writes (POSIX calls).
enum Terminal {
  /// Whether standard output is a terminal that wants colour (`NO_COLOR` honoured).
  static func stdoutWantsColor() -> Bool {
    if let value = ProcessInfo.processInfo.environment["NO_COLOR"], !value.isEmpty { return false }
    return isatty(STDOUT_FILENO) == 1
  }

  /// Whether standard error is a terminal (progress bars are drawn only then).
  static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

  /// Writes a diagnostic line to standard error.
  static func printError(_ message: String) {
    FileHandle.standardError.write(Data((message.hasSuffix("\n") ? message : message + "\n").utf8))
  }

  /// Writes raw text to standard error (progress bars).
  static func writeError(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }

  /// The size of a file in bytes, if it is one.
  static func fileSize(_ path: String) -> Int? {
    var status = stat()
    guard stat(path, &status) == 0 else { return nil }
    return Int(status.st_size)
  }
}
