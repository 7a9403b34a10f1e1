import DataSources
import Foundation
import Testing
import TestSupport

private let history = "datasets/after-sales-history.csv"

/// The `fit --format json` numbers of two runs agree to `tolerance` (relative), text exactly;
/// `skip` keys are left out (what only the in-memory fit has).
func expectSameNumbers(_ a: Any?, _ b: Any?, path: String = "", tolerance: Double = 1e-11, skip: Set<String> = []) {
  switch (a, b) {
  case let (x as [String: Any], y as [String: Any]):
    for key in Set(x.keys).union(y.keys).subtracting(skip).sorted() {
      expectSameNumbers(x[key], y[key], path: path + "." + key, tolerance: tolerance, skip: skip)
    }
  case let (x as [Any], y as [Any]):
    #expect(x.count == y.count, "\(path) length")
    for (i, (u, v)) in zip(x, y).enumerated() { expectSameNumbers(u, v, path: "\(path)[\(i)]", tolerance: tolerance, skip: skip) }
  case let (x as NSNumber, y as NSNumber):
    #expect(relativeError(x.doubleValue, y.doubleValue, floor: 1e-300) <= (abs(y.doubleValue) < 1e-10 ? 1e-9 : tolerance), "\(path): \(x) vs \(y)")
  case let (x as String, y as String):
    #expect(x == y, "\(path)")
  default:
    #expect((a == nil || a is NSNull) && (b == nil || b is NSNull), "\(path): \(String(describing: a)) vs \(String(describing: b))")
  }
}

private func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

@Suite("kpi-weights stats, fit --stats and fit --streaming")
struct StatisticsCommandTests {
  @Test("stats then fit --stats, and fit --streaming, give the in-memory fit's JSON to 1e-11 (the backtest and the notes aside)")
  func agrees() throws {
    let directory = try CLI.temporaryDirectory()
    let file = directory.appendingPathComponent("history.stats.json").path
    let stats = try CLI.run(["stats", "--data", history, "--outcome", "churn_pct", "--output", file])
    #expect(stats.exitCode == 0, "\(stats.stderr)")
    #expect(stats.stderr.hasSuffix("wrote \(file): 1432 rows of 1440 (7 indicators, 40 clusters of team) from 87305 bytes\n"), "\(stats.stderr)")
    let memory = try CLI.run(["fit", "--data", history, "--outcome", "churn_pct", "--format", "json"])
    let fromStats = try CLI.run(["fit", "--stats", file, "--outcome", "churn_pct", "--format", "json"])
    let streamed = try CLI.run(["fit", "--data", history, "--outcome", "churn_pct", "--streaming", "--format", "json"])
    for run in [memory, fromStats, streamed] { #expect(run.exitCode == 0, "\(run.stderr)") }
    let skip: Set<String> = ["backtest", "warnings", "warnings_zh", "data"]
    let reference = try #require(try json(memory.stdout) as? [String: Any])
    for (run, fromFile) in [(fromStats, true), (streamed, false)] {
      let object = try #require(try json(run.stdout) as? [String: Any])
      // The statistics file holds the model's columns, not the file's others.
      expectSameNumbers(object, reference, skip: fromFile ? skip.union(["ignoredColumns"]) : skip)
      // The in-memory warnings, then the note that the backtest needs the rows.
      let warnings = try #require(object["warnings"] as? [String]), expected = try #require(reference["warnings"] as? [String])
      #expect(Array(warnings.dropLast()) == expected)
      #expect(warnings.last?.hasPrefix("Fitted from sufficient statistics: the rolling-origin backtest needs the rows") == true)
    }
    // The same file gives the same bytes.
    let again = try CLI.run(["stats", "--data", history, "--outcome", "churn_pct"])
    #expect(again.stdout == (try String(contentsOfFile: file, encoding: .utf8)))
    // An existing output is not overwritten without --force.
    let refused = try CLI.run(["stats", "--data", history, "--outcome", "churn_pct", "--output", file])
    #expect(refused.exitCode == 73, "\(refused.stderr)")
  }

  /// The bundled history as a workbook (numbers as numbers, team and month as text), and
  /// the same with one cell replaced.
  static func historyWorkbook(replacing: (row: Int, column: Int, text: String)? = nil) throws -> String {
    let lines = try String(contentsOfFile: history, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    var rows = lines.map { fields in fields.map { field -> XLSXWriter.Cell in Double(field).map { .number($0) } ?? .text(field) } }
    if let replacing { rows[replacing.row][replacing.column] = .text(replacing.text) }
    let path = try CLI.temporaryDirectory().appendingPathComponent("history.xlsx").path
    try Data(try XLSXWriter.workbook([.init(name: "历史", rows: rows)], file: path)).write(to: URL(fileURLWithPath: path))
    return path
  }

  @Test("fit --streaming and stats of a workbook give its in-memory fit to 1e-11, with the workbook's SHA-256; a bad cell is named by cell")
  func workbook() throws {
    let book = try Self.historyWorkbook()
    let memory = try CLI.run(["fit", "--data", book, "--outcome", "churn_pct", "--format", "json"])
    let streamed = try CLI.run(["fit", "--data", book, "--outcome", "churn_pct", "--streaming", "--chunk-mb", "1", "--format", "json"])
    for run in [memory, streamed] { #expect(run.exitCode == 0, "\(run.stderr)") }
    let reference = try #require(try json(memory.stdout) as? [String: Any])
    let object = try #require(try json(streamed.stdout) as? [String: Any])
    expectSameNumbers(object, reference, skip: ["backtest", "warnings", "warnings_zh", "data"])
    let stats = try CLI.run(["stats", "--data", book, "--outcome", "churn_pct"])
    #expect(stats.exitCode == 0, "\(stats.stderr)")
    let file = try #require(try json(stats.stdout) as? [String: Any])
    let source = try #require(file["source"] as? [String: Any])
    #expect(source["sha256"] as? String == (try SHA256.hex(ofFile: book)))
    #expect(source["file"] as? String == "\(book)[历史]")
    // Row 100 of the CSV is sheet row 100; satisfaction_pct is column C.
    let bad = try Self.historyWorkbook(replacing: (row: 99, column: 2, text: "n/a?"))
    let inMemory = try CLI.run(["fit", "--data", bad, "--outcome", "churn_pct"])
    let streamedBad = try CLI.run(["fit", "--data", bad, "--outcome", "churn_pct", "--streaming"])
    #expect(streamedBad.exitCode == 65, "\(streamedBad.stderr)")
    #expect(streamedBad.stderr.hasPrefix("\(bad)[历史]!C100: error: 'n/a?' in column 'satisfaction_pct' is not a number"), "\(streamedBad.stderr)")
    #expect(inMemory.stderr == streamedBad.stderr, "\(inMemory.stderr) | \(streamedBad.stderr)")
  }

  @Test("misuse is a usage error naming the fix", arguments: [
    (["recommend", "--stats", "s.json", "--outcome", "churn_pct", "--preset", "retention"], "kpi-weights: error: --stats is read by fit only; this command needs the rows: give --data FILE\n"),
    (["fit", "--data", history, "--stats", "s.json", "--outcome", "churn_pct"], "Error: give --data or --stats, not both\n"),
    (["fit", "--data", history, "--outcome", "churn_pct", "--streaming", "--bootstrap", "100"], "kpi-weights: error: --bootstrap cannot be used here: resampling rows needs the rows; resample the 40 clusters of 'team' with --group team, or fit the file in memory.\n"),
    (["fit", "--data", history, "--outcome", "churn_pct", "--streaming", "--cluster", "month", "--bootstrap", "100", "--group", "team"], "kpi-weights: error: --group cannot be used here: the statistics are clustered by 'month', not 'team'; resample 'month' or compute them again clustered by 'team'.\n"),
    (["fit", "--data", history, "--outcome", "churn_pct", "--streaming", "--chunk-mb", "0"], "Error: --chunk-mb must be between 1 and 1024, got 0\n"),
  ])
  func misuse(arguments: [String], message: String) throws {
    let result = try CLI.run(arguments)
    #expect(result.exitCode == 64)
    #expect(result.stderr.hasPrefix(message), "\(result.stderr)")
  }
}

/// The Spark job (`integrations/spark/kpi_weights_stats.py`, pyspark in `.venv`, `local[2]`)
/// writes the statistics file `fit --stats` finishes; under CI it must be there.
enum SparkEnvironment {
  static let python = CLI.packageRoot.appendingPathComponent(".venv/bin/python").path
  /// pyspark is in `.venv` (always under CI, so its absence fails instead of skipping).
  static var available: Bool {
    if ProcessInfo.processInfo.environment["CI"] == "true" { return true }
    return (try? CLI.runTool(python, ["-c", "import pyspark"]).exitCode) == 0
  }
}

@Suite("the Spark job's statistics file", .enabled(if: SparkEnvironment.available))
struct SparkStatisticsTests {
  static let python = SparkEnvironment.python

  @Test("Spark local[2] on the bundled history (CSV and Parquet): fit --stats gives the in-memory fit to 1e-11")
  func agrees() throws {
    let directory = try CLI.temporaryDirectory()
    let job = CLI.packageRoot.appendingPathComponent("integrations/spark/kpi_weights_stats.py").path
    let indicators = "satisfaction_pct,response_hours,first_fix_pct,resolution_hours,complaint_resolution_pct,cost_per_ticket,utilization_pct"
    let csv = CLI.packageRoot.appendingPathComponent(history).path
    // The same rows as Parquet, written by Spark itself.
    let parquet = directory.appendingPathComponent("history.parquet").path
    let convert = try CLI.runTool(Self.python, [
      "-c",
      "import sys; from pyspark.sql import SparkSession; s = SparkSession.builder.master('local[2]').config('spark.ui.enabled', 'false').getOrCreate(); "
        + "s.read.csv(sys.argv[1], header=True, inferSchema=True).write.parquet(sys.argv[2]); s.stop()",
      csv, parquet,
    ])
    #expect(convert.exitCode == 0, "\(convert.stderr.suffix(2000))")
    let memory = try CLI.run(["fit", "--data", history, "--outcome", "churn_pct", "--format", "json"])
    let reference = try #require(try JSONSerialization.jsonObject(with: Data(memory.stdout.utf8)) as? [String: Any])
    for (input, format) in [(csv, "csv"), (parquet, "parquet")] {
      let file = directory.appendingPathComponent("spark-\(format).stats.json").path
      let spark = try CLI.runTool(Self.python, [
        job, "--master", "local[2]", "--input", input, "--format", format, "--outcome", "churn_pct", "--indicators", indicators, "--cluster", "team",
        "--output", file,
      ])
      #expect(spark.exitCode == 0, "\(spark.stderr.suffix(2000))")
      #expect(spark.stderr.contains("wrote \(file): 1432 rows of 1440 (7 indicators, 40 clusters of team)"))
      let fit = try CLI.run(["fit", "--stats", file, "--outcome", "churn_pct", "--format", "json"])
      #expect(fit.exitCode == 0, "\(fit.stderr)")
      let object = try #require(try JSONSerialization.jsonObject(with: Data(fit.stdout.utf8)) as? [String: Any])
      expectSameNumbers(object, reference, skip: ["backtest", "warnings", "warnings_zh", "data", "ignoredColumns"])
    }
    // A missing column is named.
    let bad = try CLI.runTool(Self.python, [
      job, "--master", "local[2]", "--input", csv, "--format", "csv", "--outcome", "churn", "--indicators", indicators, "--output",
      directory.appendingPathComponent("bad.json").path,
    ])
    #expect(bad.exitCode == 65)
    #expect(bad.stderr.contains("kpi_weights_stats: error: \(csv) has no column 'churn'"), "\(bad.stderr.suffix(500))")
  }

  @Test("Spark local[2] on 2,000,000 generated rows: fit --stats gives the in-memory fit to 1e-11, clustered by 500 teams", .enabled(if: LargeHistory.available))
  func largeHistory() throws {
    let path = try LargeHistory.path.get()
    let file = try CLI.temporaryDirectory().appendingPathComponent("large.stats.json").path
    let spark = try CLI.runTool(Self.python, [
      CLI.packageRoot.appendingPathComponent("integrations/spark/kpi_weights_stats.py").path, "--master", "local[2]", "--input", path, "--format", "csv",
      "--outcome", "churn_pct", "--indicators",
      "satisfaction_pct,response_hours,first_fix_pct,resolution_hours,complaint_resolution_pct,cost_per_ticket,utilization_pct", "--cluster", "team",
      "--output", file,
    ])
    #expect(spark.exitCode == 0, "\(spark.stderr.suffix(2000))")
    #expect(spark.stderr.contains("wrote \(file): 1995967 rows of 2000000 (7 indicators, 500 clusters of team)"), "\(spark.stderr.suffix(500))")
    try LargeHistory.expectAgrees(try CLI.run(["fit", "--stats", file, "--outcome", "churn_pct", "--format", "json"]))
  }
}
