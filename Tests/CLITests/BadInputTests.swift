import Foundation
import Testing
import TestSupport

/// Reproducers of the reliability campaign (issue 16): each input once crashed the process or
/// gave a silently wrong result; now each gives its exit code and message.
@Suite("bad input: no crash, a named error, the right result")
struct BadInputTests {
  static let config = "Tests/CLITests/Golden/score-config.yaml"

  /// Runs `arguments` with the files `files` (name → contents) written to a fresh folder;
  /// `{dir}` in an argument is that folder.
  func run(_ arguments: [String], files: [String: String]) throws -> (CommandResult, URL) {
    let directory = try CLI.temporaryDirectory()
    for (name, text) in files { try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8) }
    let result = try CLI.run(arguments.map { $0.replacingOccurrences(of: "{dir}", with: directory.path) })
    return (result, directory)
  }

  func expectError(_ arguments: [String], files: [String: String], exit: Int32, _ message: String) throws {
    let (result, directory) = try run(arguments, files: files)
    defer { try? FileManager.default.removeItem(at: directory) }
    #expect(result.exitCode == exit, "\(result.stderr)")
    #expect(result.stderr.replacingOccurrences(of: directory.path + "/", with: "") == "kpi-weights: error: " + message + "\n" || result.stderr.replacingOccurrences(of: directory.path + "/", with: "") == message + "\n")
  }

  static let scoreHeader = "employee_id,month,satisfaction_pct,response_hours,first_fix_pct,salary\n"

  @Test("a salary past one trillion is 'amount too large' at its cell, not a trap (it once overflowed Int64 cents)")
  func hugeSalary() throws {
    try expectError(
      ["score", "--config", Self.config, "--data", "{dir}/s.csv", "--salary", "salary"],
      files: ["s.csv": Self.scoreHeader + "E01,2025-10,92,0.8,85,92233720368547758.07\n"], exit: 65,
      "s.csv:2:23: error: amount too large: '92233720368547758.07' in column 'salary' is above 1,000,000,000,000.00, the largest salary read; check the cell (a unit or a misplaced separator?)")
  }

  @Test("AHP judgements outside Saaty's 1/9…9 are named errors in CSV and YAML (they once trapped formatting a ratio)", arguments: [
    ("m.csv", ",a,b\na,1,1e19\nb,1,1\n", "m.csv:2: error: a vs b: '1e19' is outside Saaty's scale 1/9 to 9 (1 = equally important, 9 = extremely more important); write the judgement on that scale"),
    ("m.csv", ",a,b\na,1,1e-25\nb,,1\n", "m.csv:2: error: a vs b: '1e-25' is outside Saaty's scale 1/9 to 9 (1 = equally important, 9 = extremely more important); write the judgement on that scale"),
    ("m.yaml", "indicators: [a, b]\nmatrix:\n  - [1, 1e80]\n  - [~, 1]\n", "m.yaml:3:9: error: matrix[0][1]: '1e80' is outside Saaty's scale 1/9 to 9 (1 = equally important, 9 = extremely more important); write the judgement on that scale"),
    ("m.json", "{\"indicators\": [\"a\", \"b\"], \"matrix\": [[1, -3], [null, 1]]}", "m.json:1:43: error: matrix[0][1]: '-3' is not positive; a judgement is a number from 1/9 to 9 (1 = equally important)"),
    ("m.yaml", "indicators: [a, b]\nmatrix:\n  - [1, 0x1p3]\n  - [~, 1]\n", "m.yaml:3:9: error: matrix[0][1]: '0x1p3' is not a number or fraction like 1/3"),
  ])
  func ahpRange(name: String, text: String, message: String) throws {
    try expectError(["ahp", "--matrix", "{dir}/\(name)"], files: [name: text], exit: 65, message)
  }

  @Test("YAML and JSON syntax errors are located file:line:column")
  func syntaxErrors() throws {
    try expectError(
      ["ahp", "--matrix", "{dir}/m.yaml"], files: ["m.yaml": "indicators: [a, b\nmatrix:\n  - [1, 3]\n"], exit: 65,
      "m.yaml:2:7: error: not valid YAML/JSON: did not find expected ',' or ']' (while parsing a flow sequence)")
    try expectError(
      ["validate", "{dir}/c.yaml"], files: ["c.yaml": "schema: a\nschema: b\n"], exit: 65,
      "c.yaml:1:1: error: not valid YAML/JSON: the key 'schema' appears twice in one mapping")
  }

  @Test("a CSV of 16,384 columns (Excel's limit) is read; one more is 'too many columns' (15,000 once overflowed the stack)")
  func wideCSV() throws {
    func table(_ width: Int) -> String {
      var text = "team,month,churn_pct,satisfaction_pct," + (4..<width).map { "x\($0)" }.joined(separator: ",") + "\n"
      let filler = String(repeating: ",1", count: width - 4)
      for r in 0..<30 { text += "T\(r % 5),2025-\(r % 12 + 1),\(Double(r % 7) + 0.5),\(80 + (r * 37) % 19)" + filler + "\n" }
      return text
    }
    let (wide, directory) = try run(["fit", "--data", "{dir}/w.csv", "--outcome", "churn_pct", "--indicators", "satisfaction_pct", "--format", "json", "--quiet"], files: ["w.csv": table(16_384)])
    defer { try? FileManager.default.removeItem(at: directory) }
    #expect(wide.exitCode == 0, "\(wide.stderr.prefix(300))")
    // The message points at the first column past the limit.
    let header = String(table(16_385).prefix { $0 != "\n" })
    let names = header.split(separator: ",").prefix(16_384)
    let column: Int = names.map(\.count).reduce(0, +) + names.count + 1
    try expectError(
      ["fit", "--data", "{dir}/w.csv", "--outcome", "churn_pct"], files: ["w.csv": table(16_385)], exit: 65,
      "w.csv:1:\(column): error: the header row has 16385 columns, more than the 16384 a table may have (Excel's limit); keep the columns you analyse")
  }

  @Test("periods written month first (10/2024, 1/2025) are consecutive in calendar order, so a run of low scores is warned")
  func monthFirstPeriods() throws {
    var text = "employee_id,month,satisfaction_pct,response_hours,first_fix_pct\n"
    for month in ["10/2024", "11/2024", "12/2024", "1/2025"] {
      text += "E01,\(month),92,1,85\nE02,\(month),85,3,70\n"
      text += month == "10/2024" ? "E03,\(month),95,1,90\n" : "E03,\(month),70,30,55\n"
    }
    let (result, directory) = try run(["score", "--config", Self.config, "--data", "{dir}/p.csv", "--format", "json"], files: ["p.csv": text])
    defer { try? FileManager.default.removeItem(at: directory) }
    #expect(result.exitCode == 0, "\(result.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let warnings = try #require(json["warnings"] as? [[String: Any]])
    #expect(warnings.map { $0["entity"] as? String } == ["E03"])
    #expect(warnings.first?["periods"] as? [String] == ["11/2024", "12/2024", "1/2025"])
    let summary = try #require(json["summary"] as? [[String: Any]])
    #expect(summary.map { $0["period"] as? String } == ["10/2024", "11/2024", "12/2024", "1/2025"])
  }
}

/// Outputs are never lost: no replace without `--force`, `--force` only over regular files and
/// keeping their mode, no partial file under `kill -9`, stale temporary files cleaned up.
@Suite("outputs: no-replace, --force, crash safety")
struct OutputSafetyTests {
  static let fit = ["fit", "--data", "datasets/after-sales-history.csv", "--outcome", "churn_pct", "--quiet"]

  @Test("--force keeps a file's mode and refuses a symlink, a FIFO or a device node")
  func force() throws {
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("private.txt").path
    try "old".write(toFile: file, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
    #expect(try CLI.run(Self.fit + ["--output", file, "--force"]).exitCode == 0)
    #expect((try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    #expect(try String(contentsOfFile: file, encoding: .utf8).hasPrefix("OLS fit"))

    let link = directory.appendingPathComponent("link.txt").path
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: file)
    let refused = try CLI.run(Self.fit + ["--output", link, "--force"])
    #expect(refused.exitCode == 73)
    #expect(
      refused.stderr
        == "kpi-weights: error: \(link): error: this is a symbolic link, not a regular file, and --force replaces only regular files; remove it, choose another path, or leave --output out to print to standard output\n"
        || refused.stderr
          == "\(link): error: this is a symbolic link, not a regular file, and --force replaces only regular files; remove it, choose another path, or leave --output out to print to standard output\n")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == file)

    let fifo = directory.appendingPathComponent("fifo").path
    #expect(try CLI.runTool("mkfifo", [fifo]).exitCode == 0)
    #expect(try CLI.run(Self.fit + ["--output", fifo, "--force"]).exitCode == 73)
    #expect(try CLI.run(Self.fit + ["--output", "/dev/null", "--force"]).exitCode == 73)
    #expect(FileManager.default.fileExists(atPath: "/dev/null"))
  }

  @Test("two concurrent writers of one new file: one writes it, the other is told it exists; nothing is lost")
  func concurrentWriters() throws {
    for round in 0..<5 {
      let directory = try CLI.temporaryDirectory()
      defer { try? FileManager.default.removeItem(at: directory) }
      let target = directory.appendingPathComponent("out-\(round).md").path
      let processes = try ["markdown", "json"].map { format -> Process in
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = Self.fit + ["--format", format, "--output", target]
        process.currentDirectoryURL = CLI.packageRoot
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
      }
      for process in processes { process.waitUntilExit() }
      let statuses = processes.map(\.terminationStatus).sorted()
      #expect(statuses == [0, 73], "round \(round): \(statuses)")
      let written = try String(contentsOfFile: target, encoding: .utf8)
      #expect(written.hasPrefix("# OLS fit") || written.hasPrefix("{"))
      #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["out-\(round).md"])
    }
  }

  @Test("kill -9 mid-write leaves no file at the target, and the next run removes the temporary file", arguments: [
    ["report", "--data", "datasets/after-sales-history.csv", "--outcome", "churn_pct", "--preset", "retention", "--quiet", "--as-of", "2026-12-01", "--html"],
    ["fit", "--data", "datasets/after-sales-history.csv", "--outcome", "churn_pct", "--quiet", "--format", "csv", "--output"],
  ])
  func killed(command: [String]) throws {
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let target = directory.appendingPathComponent("out.txt").path
    let process = Process()
    process.executableURL = CLI.executable
    process.arguments = command + [target]
    process.currentDirectoryURL = CLI.packageRoot
    var environment = ProcessInfo.processInfo.environment
    environment["KPI_WEIGHTS_SLOW_WRITE"] = "1"
    process.environment = environment
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    // Wait for the temporary file, then kill the writer.
    var temporary: String? = nil
    // (However long the computation takes, e.g. under a sanitizer, until the writer exits.)
    while temporary == nil && process.isRunning {
      temporary = try FileManager.default.contentsOfDirectory(atPath: directory.path).first { $0.hasSuffix(".tmp") }
      if temporary == nil { usleep(10_000) }
    }
    try #require(temporary != nil, "the writer never started its temporary file")
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    #expect(process.terminationReason == .uncaughtSignal)
    #expect(!FileManager.default.fileExists(atPath: target))
    #expect(temporary!.hasPrefix(".out.txt.kpi-weights-"))
    // The next write into the folder clears what the killed process left.
    #expect(try CLI.run(Self.fit + ["--output", directory.appendingPathComponent("next.txt").path]).exitCode == 0)
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["next.txt"])
  }
}

/// Numerical traps that once passed silently: near-collinear indicators, scales double precision
/// cannot square, too few events for a logistic fit.
@Suite("numerical traps are named")
struct NumericalTrapTests {
  /// 200 rows: y = a + noise, b = a + `jitter`·noise (b ≈ a), c independent; `scale` multiplies a.
  static func table(jitter: Double, scale: Double = 1, outcome: String = "y") -> String {
    var generator = SeededGenerator(seed: 11)
    var text = "team,\(outcome),a,b,c\n"
    for row in 0..<200 {
      let a = Double.random(in: 0...10, using: &generator), c = Double.random(in: 0...10, using: &generator)
      let y = a + Double.random(in: -1...1, using: &generator)
      let b = a + jitter * Double.random(in: -1...1, using: &generator)
      text += "T\(row % 20),\(y),\(a * scale),\(b),\(c)\n"
    }
    return text
  }

  func fit(_ text: String, _ extra: [String] = []) throws -> CommandResult {
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("d.csv")
    try text.write(to: file, atomically: true, encoding: .utf8)
    return try CLI.run(["fit", "--data", file.path, "--outcome", "y", "--direction", "y=higher", "--direction", "a=higher", "--direction", "b=higher", "--direction", "c=higher", "--format", "json", "--quiet"] + extra)
  }

  @Test("r ≈ 0.9999999 between two indicators is an error naming both with their VIFs; with --min-norm a fit with the warning")
  func nearCollinear() throws {
    let refused = try fit(Self.table(jitter: 1e-4))
    #expect(refused.exitCode != 0)
    #expect(refused.stderr.contains("Nearly collinear indicators: 'a' (VIF ") && refused.stderr.contains("'b' (VIF "), "\(refused.stderr)")
    #expect(refused.stderr.contains("pass --min-norm to fit them anyway"))
    let allowed = try fit(Self.table(jitter: 1e-4), ["--min-norm"])
    #expect(allowed.exitCode == 0, "\(allowed.stderr)")
    #expect(allowed.stdout.contains("Nearly collinear indicators"))
    // Moderately collinear (VIF between 10 and 1,000): a warning, no error.
    let moderate = try fit(Self.table(jitter: 0.5))
    #expect(moderate.exitCode == 0, "\(moderate.stderr)")
    #expect(moderate.stdout.contains("Nearly collinear indicators: 'a' (VIF "))
    // Independent indicators: nothing.
    let plain = try fit(Self.table(jitter: 10))
    #expect(plain.exitCode == 0 && !plain.stdout.contains("collinear"))
  }

  @Test("values of 1e-160 or subnormal ones are 'too small to square', naming the column; not 'non-finite' or 'constant'", arguments: [1e-160, 1e-310])
  func tinyScale(scale: Double) throws {
    let result = try fit(Self.table(jitter: 10, scale: scale))
    #expect(result.exitCode != 0)
    #expect(result.stderr.contains("Column 'a' has values too small to square in double precision"), "\(result.stderr)")
    #expect(result.stderr.contains("rescale 'a'"))
  }

  @Test("a logistic fit with 1 event in 200 rows warns with the events-per-parameter rule")
  func fewEvents() throws {
    var text = "team,y,a,c\n"
    var generator = SeededGenerator(seed: 5)
    for row in 0..<200 { text += "T\(row % 20),\(row == 7 ? 1 : 0),\(Double.random(in: 0...10, using: &generator)),\(Double.random(in: 0...10, using: &generator))\n" }
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("d.csv")
    try text.write(to: file, atomically: true, encoding: .utf8)
    let result = try CLI.run(["fit", "--data", file.path, "--outcome", "y", "--direction", "y=lower", "--direction", "a=higher", "--direction", "c=higher", "--format", "json", "--quiet"])
    #expect(
      result.stdout.contains(
        "Only 1 row of 200 has 'y' = 1 (the rarer outcome) for 2 indicators: a logistic fit needs about 10 of the rarer outcome per indicator (20 here)"),
      "\(result.exitCode) \(result.stderr) \(result.stdout.prefix(2000))")
  }
}

@Suite("smaller input problems, each named")
struct SmallInputProblemTests {
  func run(_ arguments: [String], file name: String, bytes: [UInt8]) throws -> CommandResult {
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent(name).path
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let result = try CLI.run(arguments.map { $0 == "{file}" ? path : $0 })
    return CommandResult.replacing(result, path, with: name)
  }

  @Test("a UTF-8 file with one GBK cell names the line instead of decoding everything as GB18030")
  func mixedEncoding() throws {
    let bytes = Array("团队,月份,客户满意度,churn_pct\nT1,2025-01,".utf8) + [0xBE, 0xC5, 0xCA, 0xAE] + Array(",3\nT2,2025-02,80,4\n".utf8)
    let result = try run(["fit", "--data", "{file}", "--outcome", "churn_pct"], file: "m.csv", bytes: bytes)
    #expect(result.exitCode == 65)
    #expect(
      result.stderr
        == "m.csv:2: error: byte 0xBE is not UTF-8, though the text before it is UTF-8 Chinese (a cell pasted from a GBK file?); re-type the cell or save the whole file as 'CSV UTF-8'\n")
  }

  @Test("an all-empty column is a warning, not a silent drop")
  func emptyColumn() throws {
    var text = try String(contentsOfFile: CLI.packageRoot.appendingPathComponent("datasets/after-sales-history.csv").path, encoding: .utf8)
    text = text.split(separator: "\n").enumerated().map { $0.offset == 0 ? $0.element + ",nps" : $0.element + "," }.joined(separator: "\n") + "\n"
    let result = try run(["fit", "--data", "{file}", "--outcome", "churn_pct", "--quiet"], file: "e.csv", bytes: Array(text.utf8))
    #expect(result.exitCode == 0)
    #expect(result.stdout.contains("  • Column 'nps' has no values at all and is left out; check the export.\n"))
  }

  @Test("a SWOT item whose text is not a string is an error at its place")
  func swotText() throws {
    let result = try run(
      ["recommend", "--data", "datasets/after-sales-history.csv", "--outcome", "churn_pct", "--preset", "retention", "--swot", "{file}", "--quiet"],
      file: "s.yaml", bytes: Array("threats:\n  - text: [a, b]\n    raise: [satisfaction_pct]\n".utf8))
    #expect(result.exitCode == 65)
    #expect(result.stderr == "s.yaml:2:11: error: threats[0].text: expected the item's text as one string, e.g. text: 服务流程高效\n")
  }

  @Test("a config read from a pipe is read whole")
  func pipe() throws {
    let config = try String(contentsOfFile: CLI.packageRoot.appendingPathComponent("Tests/CLITests/Golden/score-config.yaml").path, encoding: .utf8)
    let result = try CLI.run(["validate", "/dev/stdin"], input: config)
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(result.stdout.hasPrefix("/dev/stdin: valid"))
  }
}

extension CommandResult {
  /// `result` with `path` written as `name` in its output (temporary folders out of messages).
  static func replacing(_ result: CommandResult, _ path: String, with name: String) -> CommandResult {
    CommandResult(exitCode: result.exitCode, stdout: result.stdout.replacingOccurrences(of: path, with: name), stderr: result.stderr.replacingOccurrences(of: path, with: name))
  }
}

extension OutputSafetyTests {
  @Test("--config-out is not written when --output cannot be (its folder is missing)")
  func allOutputsCheckedFirst() throws {
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let config = directory.appendingPathComponent("weights.yaml").path, missing = directory.appendingPathComponent("no/such/out.md").path
    let result = try CLI.run([
      "recommend", "--data", "datasets/after-sales-history.csv", "--outcome", "churn_pct", "--preset", "retention", "--quiet",
      "--config-out", config, "--output", missing, "--format", "markdown",
    ])
    #expect(result.exitCode == 73)
    #expect(result.stderr.contains("\(missing): error: cannot write the file: the directory does not exist"))
    #expect(!FileManager.default.fileExists(atPath: config))
  }
}
