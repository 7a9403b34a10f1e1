import Foundation
import Testing
import TestSupport

@Suite("stable output for Excel and people: preset order, ISO timestamps, BOM and CRLF")
struct StableOutputTests {
  @Test("presets show lists the indicators in catalog order, the same on every run")
  func presetOrder() throws {
    let first = try CLI.run(["presets", "show", "balanced"])
    #expect(first.exitCode == 0)
    let ids = first.stdout.split(separator: "\n").compactMap { line in line.split(separator: " ").first.map(String.init) }.filter { $0.contains("_") }
    #expect(ids == ["satisfaction_pct", "response_hours", "first_fix_pct", "resolution_hours", "complaint_resolution_pct", "cost_per_ticket", "utilization_pct"])
    for _ in 0..<3 { #expect(try CLI.run(["presets", "show", "balanced"]).stdout == first.stdout) }
  }

  @Test("--as-of must be ISO 8601")
  func asOf() throws {
    let result = try CLI.run(["recommend", "--data", "datasets/after-sales-history.csv", "--outcome", "churn_pct", "--preset", "retention", "--as-of", "yesterday"])
    #expect(result.exitCode == 64)
    #expect(result.stderr.hasPrefix("Error: --as-of must be an ISO 8601 date or timestamp such as 2026-01-31 or 2026-01-31T00:00:00Z; got 'yesterday'\n"))
  }

  @Test("--bom starts CSV with a byte-order mark; --excel adds CRLF; both refuse other formats")
  func excelCSV() throws {
    let plain = try CLI.run(["fit", "--data", "datasets/after-sales-history.csv", "--outcome", "churn_pct", "--format", "csv"])
    let bom = try CLI.run(["fit", "--data", "datasets/after-sales-history.csv", "--outcome", "churn_pct", "--format", "csv", "--bom"])
    let excel = try CLI.run(["fit", "--data", "datasets/after-sales-history.csv", "--outcome", "churn_pct", "--format", "csv", "--excel"])
    #expect(plain.exitCode == 0 && bom.exitCode == 0 && excel.exitCode == 0)
    #expect(Array(bom.stdout.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF] && !plain.stdout.hasPrefix("\u{FEFF}"))
    #expect(String(bom.stdout.dropFirst()) == plain.stdout)
    #expect(Array(excel.stdout.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF])
    let lines = plain.stdout.utf8.filter { $0 == 0x0A }.count
    #expect(excel.stdout.utf8.count == plain.stdout.utf8.count + 3 + lines)
    #expect(!excel.stdout.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    let refused = try CLI.run(["fit", "--data", "datasets/after-sales-history.csv", "--outcome", "churn_pct", "--bom"])
    #expect(refused.exitCode == 64 && refused.stderr.hasPrefix("Error: --bom and --excel apply to --format csv; got --format table\n"))
  }

  @Test("notebook --out must end in .ipynb")
  func notebookName() throws {
    let result = try CLI.run(["notebook", "--data", "datasets/after-sales-history.csv", "--outcome", "churn_pct", "--out", "nb.txt"])
    #expect(result.exitCode == 64)
    #expect(result.stderr.hasPrefix("Error: --out is a Jupyter notebook and must end in .ipynb; got 'nb.txt'\n"))
  }

  @Test("fit, objective, recommend and compare CSVs start with the same weight columns")
  func weightColumns() throws {
    let data = "datasets/after-sales-history.csv"
    for arguments in [
      ["recommend", "--data", data, "--outcome", "churn_pct", "--preset", "retention"], ["objective", "--data", data, "--method", "entropy"],
      ["fit", "--data", data, "--outcome", "churn_pct"], ["compare", "--data", data, "--outcome", "churn_pct", "--presets", "retention,balanced"],
    ] {
      let result = try CLI.run(arguments + ["--format", "csv"])
      #expect(result.exitCode == 0, "\(result.stderr)")
      #expect(result.stdout.hasPrefix("indicator,label_zh,label_en,direction,weight"), "\(arguments[0]): \(result.stdout.prefix(80))")
    }
  }
}

@Suite("provenance of every input that changed the weights, and number hygiene in human-facing output")
struct ProvenanceTests {
  @Test("a config written with --ahp, --objective and --bootstrap --seed --group records them, with the file hashes, and reads back")
  func settingsRecorded() throws {
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let config = directory.appendingPathComponent("c.yaml")
    let result = try CLI.run([
      "export", "--data", "datasets/after-sales-history.csv", "--outcome", "churn_pct", "--preset", "retention", "--ahp", "datasets/ahp-service-manager.csv",
      "--objective", "entropy", "--bootstrap", "50", "--seed", "7", "--group", "team", "--catalog", "datasets/catalog.example.yaml", "--as-of", "2026-12-01",
      "--quiet", "--output", config.path,
    ])
    #expect(result.exitCode == 0, "\(result.stderr)")
    let text = try String(contentsOf: config, encoding: .utf8)
    let sha = { (path: String) throws -> String in
      let hash = try CLI.runTool("sha256sum", [path])
      return String(hash.stdout.prefix(64))
    }
    for expected in [
      "catalog:", "file: \"datasets/catalog.example.yaml\"", "sha256: \"\(try sha("datasets/catalog.example.yaml"))\"",
      "ahp:", "file: \"datasets/ahp-service-manager.csv\"", "sha256: \"\(try sha("datasets/ahp-service-manager.csv"))\"",
      "objective: \"entropy\"", "bootstrap:", "replicates: 50", "seed: \"7\"", "group: \"team\"",
      "model:", "standardErrors: \"cluster\"", "asOf: \"2026-12-01\"",
    ] {
      #expect(text.contains(expected), "missing \(expected) in\n\(text)")
    }
    // The config reads back, and writing it again gives the same bytes.
    let validated = try CLI.run(["validate", config.path])
    #expect(validated.exitCode == 0, "\(validated.stderr)")
  }

  @Test("no golden file of human-facing output has a number with 12 or more digits after the decimal point")
  func numberHygiene() throws {
    var offenders: [String] = []
    for folder in ["Tests/CLITests/Golden", "Tests/WorkflowsTests/Golden"] {
      let url = CLI.packageRoot.appendingPathComponent(folder)
      for name in try FileManager.default.contentsOfDirectory(atPath: url.path).sorted() where !name.hasSuffix(".json") {
        let text = try String(contentsOf: url.appendingPathComponent(name), encoding: .utf8)
        for line in text.split(separator: "\n") where line.contains(/\d\.\d{12,}/) { offenders.append("\(name): \(line.prefix(120))") }
      }
    }
    #expect(offenders.isEmpty, "\(offenders.prefix(10))")
  }
}
