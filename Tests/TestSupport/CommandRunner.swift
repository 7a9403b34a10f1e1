import Foundation

/// What a user would see from one run of the built `kpi-weights` executable.
public struct CommandResult: Sendable {
  public let exitCode: Int32
  public let stdout: String
  public let stderr: String

  public init(exitCode: Int32, stdout: String, stderr: String) {
    self.exitCode = exitCode
    self.stdout = stdout
    self.stderr = stderr
  }
}

/// Runs the built executable from the package root, and compares outputs with golden files.
public enum CLI {
  public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  public static var executable: URL {
    let nextToTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("kpi-weights")
    if FileManager.default.isExecutableFile(atPath: nextToTests.path) { return nextToTests }
    return packageRoot.appendingPathComponent(".build/debug/kpi-weights")
  }

  public static func run(_ arguments: [String], environment extra: [String: String] = ["NO_COLOR": "1"], input: String? = nil) throws -> CommandResult {
    try execute(executable, arguments, environment: extra, input: input)
  }

  /// Runs another program (found on `PATH`) from the package root.
  public static func runTool(_ name: String, _ arguments: [String], environment: [String: String] = [:], input: String? = nil) throws -> CommandResult {
    try execute(URL(fileURLWithPath: "/usr/bin/env"), [name] + arguments, environment: environment, input: input)
  }

  static func execute(_ program: URL, _ arguments: [String], environment extra: [String: String], input: String?) throws -> CommandResult {
    let process = Process()
    process.executableURL = program
    process.arguments = arguments
    process.currentDirectoryURL = packageRoot
    var environment = ProcessInfo.processInfo.environment
    for (key, value) in extra { environment[key] = value }
    process.environment = environment
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    if let input {
      let pipe = Pipe()
      process.standardInput = pipe
      try process.run()
      pipe.fileHandleForWriting.write(Data(input.utf8))
      try pipe.fileHandleForWriting.close()
    } else {
      process.standardInput = FileHandle.nullDevice
      try process.run()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandResult(exitCode: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
  }

  /// The golden file's URL in the source tree (`folder` relative to the package root).
  public static func golden(_ name: String, folder: String = "Tests/CLITests/Golden") -> URL { packageRoot.appendingPathComponent("\(folder)/\(name)") }

  /// `nil` when `text` matches the golden file; otherwise the reason. `RECORD_GOLDEN=1` rewrites
  /// the file instead (review the diff).
  public static func goldenMismatch(_ text: String, _ name: String, folder: String = "Tests/CLITests/Golden") throws -> String? {
    let source = golden(name, folder: folder)
    if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
      try text.write(to: source, atomically: true, encoding: .utf8)
      return nil
    }
    let expected = try String(contentsOf: source, encoding: .utf8)
    return text == expected ? nil : "output differs from Golden/\(name); re-record with RECORD_GOLDEN=1 swift test and review the diff"
  }

  public static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("kpi-weights-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}
