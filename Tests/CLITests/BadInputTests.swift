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
