import Foundation
import Testing
import TestSupport

extension CLI {
  /// Expects `text` to match the golden file `name` (see ``CLI/goldenMismatch(_:_:)``).
  static func expectMatchesGolden(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    if let problem = try goldenMismatch(text, name) { Issue.record(Comment(rawValue: problem), sourceLocation: sourceLocation) }
  }
}

@Suite("kpi-weights command line, end to end")
struct CLITests {
  @Test("exit 0: fit on the bundled history, JSON contract")
  func fitJSON() throws {
    let result = try CLI.run(["fit", "--data", "datasets/after-sales-history.csv", "--outcome", "churn_pct", "--format", "json"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    for key in [
      "n", "outcome", "rank", "conditionNumber", "rSquared", "adjustedRSquared", "fStatistic", "fPValue", "residualStdError",
      "logLikelihood", "aic", "bic", "droppedRows", "warnings", "coefficients", "weights",
    ] {
      #expect(object[key] != nil, "missing key \(key)")
    }
    #expect(object["n"] as? Int == 1432 && object["droppedRows"] as? Int == 8 && object["rank"] as? Int == 8)
    let coefficients = try #require(object["coefficients"] as? [[String: Any]])
    #expect(coefficients.first?["term"] as? String == "(intercept)")
    #expect(Set(coefficients[0].keys).isSuperset(of: ["term", "estimate", "stdError", "t", "p", "ciLow", "ciHigh", "vif"]))
    let weights = try #require(object["weights"] as? [[String: Any]])
    let total = weights.compactMap { ($0["weight"] as? NSNumber)?.doubleValue }.reduce(0, +)
    #expect(abs(total - 1) < 1e-12)
    // The generator's true drivers get weight; cost and utilisation have no true effect.
    let byName = Dictionary(uniqueKeysWithValues: weights.map { ($0["indicator"] as! String, ($0["weight"] as! NSNumber).doubleValue) })
    #expect(byName["satisfaction_pct"]! > byName["response_hours"]! && byName["response_hours"]! > 0.1)
    #expect(byName["cost_per_ticket"]! < 0.02 && byName["utilization_pct"]! < 0.02)
    // Reproducible: the same run gives the same bytes.
    let again = try CLI.run(["fit", "--data", "datasets/after-sales-history.csv", "--outcome", "churn_pct", "--format", "json"])
    #expect(again.stdout == result.stdout)
  }

  @Test("JSON numbers read back to the same doubles as the table's source")
  func shortestRoundTrip() throws {
    let result = try CLI.run(["fit", "--data", "datasets/after-sales-history.csv", "--outcome", "churn_pct", "--format", "json"])
    // Every number literal in the output parses to a double whose shortest form is the literal.
    let pattern = try NSRegularExpression(pattern: "-?[0-9]+\\.[0-9]+(e[-+]?[0-9]+)?")
    let text = result.stdout
    for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).prefix(200) {
      let literal = String(text[Range(match.range, in: text)!])
      let value = try #require(Double(literal))
      #expect(value.description == literal || String(format: "%.1f", value) == literal, "\(literal)")
    }
  }

  @Test("golden: table output on a small dataset")
  func tableGolden() throws {
    let path = try CLI.golden("aftersales_small.csv").path
    let result = try CLI.run(["fit", "--data", path, "--outcome", "churn_pct", "--indicators", "satisfaction_pct,response_hours,first_fix_pct"])
    #expect(result.exitCode == 0)
    try CLI.expectMatchesGolden(result.stdout.replacingOccurrences(of: path, with: "aftersales_small.csv"), "fit-table.txt")
  }

  @Test("golden: markdown output")
  func markdownGolden() throws {
    let path = try CLI.golden("aftersales_small.csv").path
    let result = try CLI.run(["fit", "--data", path, "--outcome", "churn_pct", "--indicators", "satisfaction_pct,response_hours", "--format", "markdown"])
    #expect(result.exitCode == 0)
    try CLI.expectMatchesGolden(result.stdout.replacingOccurrences(of: path, with: "aftersales_small.csv"), "fit-markdown.md")
  }

  /// CSV carries full-precision doubles, whose last bits may differ between BLAS builds: text
  /// cells must match exactly, numbers to a relative 1e-10.
  @Test("golden: csv output (numbers compared with a tolerance)")
  func csvGolden() throws {
    let path = try CLI.golden("aftersales_small.csv").path
    let result = try CLI.run(["fit", "--data", path, "--outcome", "churn_pct", "--indicators", "satisfaction_pct,response_hours", "--format", "csv"])
    #expect(result.exitCode == 0)
    if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" { try CLI.expectMatchesGolden(result.stdout, "fit.csv"); return }
    let expected = try String(contentsOf: CLI.golden("fit.csv"), encoding: .utf8)
    let ours = result.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    let theirs = expected.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    #expect(ours.count == theirs.count)
    for (row, (a, b)) in zip(ours, theirs).enumerated() {
      #expect(a.count == b.count, "row \(row)")
      for (x, y) in zip(a, b) {
        if let u = Double(x), let v = Double(y) {
          // CSV holds ten significant digits: BLAS noise may move the last one.
          #expect(abs(u - v) <= 2e-9 * max(abs(v), 1e-300), "row \(row): \(x) vs \(y)")
        } else {
          #expect(x == y, "row \(row)")
        }
      }
    }
  }

  @Test(
    "golden: --help of every command",
    arguments: [
      [], ["prepare"], ["fit"], ["stats"], ["objective"], ["ahp"], ["recommend"], ["compare"], ["export"], ["validate"], ["score"], ["report"], ["notebook"], ["presets"],
      ["presets", "list"], ["presets", "show"],
    ])
  func helpGolden(command: [String]) throws {
    let result = try CLI.run(command + ["--help"], environment: ["NO_COLOR": "1", "COLUMNS": "100"])
    #expect(result.exitCode == 0)
    try CLI.expectMatchesGolden(result.stdout, "help-\((["kpi-weights"] + command).joined(separator: "-")).txt")
  }

  @Test("exit 64: usage errors")
  func usage() throws {
    let missing = try CLI.run(["fit", "--data", "datasets/after-sales-history.csv"])
    #expect(missing.exitCode == 64)
    #expect(missing.stderr.hasPrefix("Error: Missing expected argument '--outcome <outcome>'"))
    let empty = try CLI.run(["fit", "--data", "x.csv", "--outcome", "y", "--indicators", "a,,b"])
    #expect(empty.exitCode == 64)
    #expect(empty.stderr.hasPrefix("Error: --indicators has an empty name; write names separated by commas, e.g. --indicators satisfaction_pct,response_hours"))
    let direction = try CLI.run(["fit", "--data", "x.csv", "--outcome", "y", "--direction", "cost=sideways"])
    #expect(direction.exitCode == 64)
  }

  @Test("exit 65: bad input data, with file:line:column")
  func badData() throws {
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let ragged = directory.appendingPathComponent("ragged.csv")
    try "a,b,churn_pct\n1,2,3\n4,5\n".write(to: ragged, atomically: true, encoding: .utf8)
    let result = try CLI.run(["fit", "--data", ragged.path, "--outcome", "churn_pct"])
    #expect(result.exitCode == 65)
    #expect(result.stderr == "\(ragged.path):3:1: error: row has 2 fields but the header has 3; check for a missing or extra delimiter, or quote fields that contain commas\n")
    #expect(result.stdout.isEmpty)

    let unknown = try CLI.run(["fit", "--data", "datasets/after-sales-history.csv", "--outcome", "churn"])
    #expect(unknown.exitCode == 65)
    #expect(unknown.stderr == "datasets/after-sales-history.csv: error: no column named 'churn' (the --outcome); did you mean 'churn_pct'?\n")

    let collinear = directory.appendingPathComponent("collinear.csv")
    var rows = "team,cost_a,cost_b,churn_pct\n"
    for i in 0..<20 { rows += "T\(i),\(i),\(2 * i),\(Double(i % 7) + 0.5)\n" }
    try rows.write(to: collinear, atomically: true, encoding: .utf8)
    let directions = ["--direction", "cost_a=lower", "--direction", "cost_b=lower"]
    let undirected = try CLI.run(["fit", "--data", collinear.path, "--outcome", "churn_pct"])
    #expect(undirected.exitCode == 65)
    #expect(
      undirected.stderr
        == "kpi-weights: error: No known direction for 'cost_a', 'cost_b' (is a higher value better or worse?); state them, e.g. --direction cost_a=higher|lower --direction cost_b=higher|lower, or add them to a catalog; --infer-directions infers them from the fitted signs instead.\n")
    let collinearResult = try CLI.run(["fit", "--data", collinear.path, "--outcome", "churn_pct"] + directions)
    #expect(collinearResult.exitCode == 65)
    #expect(
      collinearResult.stderr
        == "kpi-weights: error: Collinear indicators: cost_b = 2·cost_a. Their separate effects cannot be estimated; drop one of each group from --indicators, or pass --min-norm for the minimum-norm solution.\n"
    )
    let minNorm = try CLI.run(["fit", "--data", collinear.path, "--outcome", "churn_pct", "--min-norm", "--method", "standardized", "--format", "json"] + directions)
    #expect(minNorm.exitCode == 0, "\(minNorm.stderr)")
    let minNormDefault = try jsonObject(try CLI.run(["fit", "--data", collinear.path, "--outcome", "churn_pct", "--min-norm", "--format", "json"] + directions).stdout)
    #expect(minNormDefault["method"] as? String == "standardized" && minNormDefault["methodReason"] as? String == "the default for collinear indicators")
    let minNormLMG = try CLI.run(["fit", "--data", collinear.path, "--outcome", "churn_pct", "--min-norm", "--method", "lmg"] + directions)
    #expect(minNormLMG.exitCode == 64)
    #expect(
      minNormLMG.stderr
        == "kpi-weights: error: --method lmg does not apply here: the indicators are collinear (rank 2 of 3), so their separate shares of R² are not identified; with --min-norm use --method standardized, or drop the redundant indicator.\n")
  }

  @Test("exit 70: numerical failure (sums of squares overflow)")
  func numericalFailure() throws {
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("huge.csv")
    var rows = "x,y\n"
    for i in 0..<12 { rows += "\(i),\(Double(i * i % 5 + 1))e200\n" }
    try rows.write(to: file, atomically: true, encoding: .utf8)
    let result = try CLI.run(["fit", "--data", file.path, "--outcome", "y", "--direction", "x=higher", "--direction", "y=higher"])
    #expect(result.exitCode == 70)
    #expect(
      result.stderr
        == "kpi-weights: error: Numerical failure: the sums of squares of 'y' overflowed (its values are too large to square in double precision); rescale the column, e.g. to thousands.\n")
  }

  @Test("--output never overwrites without --force, and writes atomically")
  func outputFile() throws {
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let target = directory.appendingPathComponent("weights.json")
    try "precious".write(to: target, atomically: true, encoding: .utf8)
    let refused = try CLI.run(["fit", "--data", "datasets/after-sales-history.csv", "--outcome", "churn_pct", "--format", "json", "--output", target.path])
    #expect(refused.exitCode == 73)
    #expect(refused.stderr == "\(target.path): error: the file already exists; pass --force to overwrite it, or choose another --output\n")
    #expect(try String(contentsOf: target, encoding: .utf8) == "precious")
    let forced = try CLI.run(["fit", "--data", "datasets/after-sales-history.csv", "--outcome", "churn_pct", "--format", "json", "--output", target.path, "--force"])
    #expect(forced.exitCode == 0)
    #expect(try String(contentsOf: target, encoding: .utf8).hasPrefix("{\n  \"n\": 1432,"))
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".tmp") }
    #expect(leftovers.isEmpty)
  }

  @Test("Chinese labels keep terminal columns aligned (CJK is two columns wide)")
  func cjkAlignment() throws {
    let result = try CLI.run(["fit", "--data", "datasets/after-sales-history.csv", "--outcome", "churn_pct"])
    let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let start = try #require(lines.firstIndex { $0.hasPrefix("term ") })
    let rule = lines[start + 1]
    var widths: Set<Int> = []
    for line in lines[(start + 2)...] {
      if line.isEmpty { break }
      if line.hasPrefix("(intercept)") { continue }  // no VIF: trailing blanks are trimmed
      widths.insert(displayColumns(line))
    }
    #expect(widths.count == 1 && widths.first == displayColumns(rule), "rows must end at the same terminal column as the rule")
  }

  func displayColumns(_ text: String) -> Int {
    text.unicodeScalars.reduce(0) { $0 + (($1.value >= 0x4E00 && $1.value <= 0x9FFF) ? 2 : 1) }
  }
}
