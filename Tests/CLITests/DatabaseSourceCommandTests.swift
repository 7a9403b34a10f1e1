import DataSources
import Foundation
import Testing
import TestSupport

/// The bundled history's columns, typed as a warehouse would type them.
private let historyColumns =
  "team TEXT, month TEXT, satisfaction_pct REAL, response_hours REAL, first_fix_pct REAL, resolution_hours REAL, complaint_resolution_pct REAL, cost_per_ticket REAL, utilization_pct REAL, churn_pct REAL, repeat_purchase_pct REAL"
private let history = "datasets/after-sales-history.csv"

/// The bundled history as an SQLite table `monthly` (empty cells stored as NULL).
private func historySQLite() throws -> String {
  let csv = CLI.packageRoot.appendingPathComponent(history).path
  return try TestDatabases.sqlite(
    """
    CREATE TABLE staged (\(historyColumns));
    .import --csv --skip 1 \(csv) staged
    CREATE TABLE monthly (\(historyColumns));
    INSERT INTO monthly SELECT team, month, \(["satisfaction_pct", "response_hours", "first_fix_pct", "resolution_hours", "complaint_resolution_pct", "cost_per_ticket", "utilization_pct", "churn_pct", "repeat_purchase_pct"].map { "NULLIF(\($0), '')" }.joined(separator: ", ")) FROM staged;
    """)
}

@Suite("fit, recommend and score read SQLite files")
struct SQLiteCommandTests {
  @Test("fit on an SQLite table equals fit on the CSV it was loaded from, digit for digit")
  func fitAgrees() throws {
    let path = try historySQLite()
    let fromCSV = try CLI.run(["fit", "--data", history, "--outcome", "churn_pct", "--format", "json"])
    let fromTable = try CLI.run(["fit", "--data", "sqlite:\(path)", "--table", "monthly", "--outcome", "churn_pct", "--format", "json"])
    #expect(fromCSV.exitCode == 0)
    #expect(fromTable.exitCode == 0, "\(fromTable.stderr)")
    #expect(fromTable.stdout == fromCSV.stdout)
    let table = try CLI.run(["fit", "--data", "sqlite:\(path)", "--table", "monthly", "--outcome", "churn_pct"])
    #expect(table.stdout.contains("Data: sqlite:\(path)[monthly] (UTF-8); 1440 rows read, 1432 used"))
  }

  @Test("recommend records the source, the query and the SHA-256 of the rows as read")
  func provenance() throws {
    let path = try historySQLite()
    let query = "SELECT * FROM monthly WHERE month >= '2023-01' ORDER BY team, month"
    let config = try CLI.temporaryDirectory().appendingPathComponent("weights.json").path
    let result = try CLI.run([
      "recommend", "--data", "sqlite:\(path)", "--query", query, "--outcome", "churn_pct", "--preset", "retention", "--as-of", "2026-01-01T00:00:00Z",
      "--config-out", config,
    ])
    #expect(result.exitCode == 0, "\(result.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: config))) as? [String: Any]
    let data = try #require((object?["provenance"] as? [String: Any])?["data"] as? [String: Any])
    let rows = try #require(try DataSource.sqlite(path: path, selection: .query(query)).databaseRows())
    #expect(data["file"] as? String == "sqlite:\(path)[query]")
    #expect(data["query"] as? String == query)
    #expect(data["sha256"] as? String == SHA256.hex(of: rows))
    #expect(data["rows"] as? Int == rows.filter { $0 == 0x0A }.count - 1)
    // The config validates, and scores the same rows.
    let score = try CLI.run(["score", "--config", config, "--data", "sqlite:\(path)", "--query", query, "--format", "csv"])
    #expect(score.exitCode == 0, "\(score.stderr)")
  }

  @Test("fit --streaming on an SQLite table (1 MB chunks) gives the in-memory fit to 1e-11; stats records the rows' SHA-256 as the in-memory read does; a bad cell is named alike")
  func streaming() throws {
    let path = try historySQLite()
    let source = ["--data", "sqlite:\(path)", "--table", "monthly", "--outcome", "churn_pct"]
    let memory = try CLI.run(["fit"] + source + ["--format", "json"])
    let streamed = try CLI.run(["fit"] + source + ["--format", "json", "--streaming", "--chunk-mb", "1"])
    #expect(streamed.exitCode == 0, "\(streamed.stderr)")
    let reference = try #require(try JSONSerialization.jsonObject(with: Data(memory.stdout.utf8)) as? [String: Any])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(streamed.stdout.utf8)) as? [String: Any])
    expectSameNumbers(object, reference, skip: ["backtest", "warnings", "warnings_zh", "data"])
    let stats = try CLI.run(["stats"] + source)
    #expect(stats.exitCode == 0, "\(stats.stderr)")
    let file = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
    let rows = try #require(try DataSource.sqlite(path: path, selection: .table("monthly")).databaseRows())
    #expect((file["source"] as? [String: Any])?["sha256"] as? String == SHA256.hex(of: rows))
    #expect((file["source"] as? [String: Any])?["file"] as? String == "sqlite:\(path)[monthly]")
    // A text in a numeric column past the sample and the first chunk: the same message either way.
    let bad = try TestDatabases.sqlite(
      "CREATE TABLE monthly (team TEXT, churn_pct REAL, satisfaction_pct REAL);\n"
        + "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 100000) "
        + "INSERT INTO monthly SELECT 'T' || (i % 40), 5 + (i % 7) * 0.5, 80 + (i % 11) FROM r;\n"
        + "UPDATE monthly SET satisfaction_pct = 'n/a?' WHERE rowid = 80000;\n", name: "bad.db")
    let arguments = ["fit", "--data", "sqlite:\(bad)", "--table", "monthly", "--outcome", "churn_pct"]
    let whole = try CLI.run(arguments), pass = try CLI.run(arguments + ["--streaming", "--chunk-mb", "1"])
    #expect(whole.exitCode == 65 && pass.exitCode == 65, "\(whole.stderr) \(pass.stderr)")
    #expect(pass.stderr == whole.stderr)
    #expect(pass.stderr.contains("sqlite:\(bad)[monthly]:80001:"), "\(pass.stderr)")
  }

  @Test("misuse is exit 64, a missing file 69, a bad query 65; the notebook asks for a file")
  func exitCodes() throws {
    let path = try historySQLite()
    let onFile = try CLI.run(["fit", "--data", history, "--table", "monthly", "--outcome", "churn_pct"])
    #expect(onFile.exitCode == 64)
    #expect(onFile.stderr.hasPrefix("\(history): error: a table or a query selects rows of a database"))
    let missing = try CLI.run(["fit", "--data", "sqlite:\(path).nope", "--table", "monthly", "--outcome", "churn_pct"])
    #expect(missing.exitCode == 69)
    let badQuery = try CLI.run(["fit", "--data", "sqlite:\(path)", "--query", "SELECT nosuch FROM monthly", "--outcome", "churn_pct"])
    #expect(badQuery.exitCode == 65)
    #expect(badQuery.stderr == "sqlite:\(path): error: a column of the query does not exist\n  query: SELECT nosuch FROM monthly\n  the database says: no such column: nosuch\n")
    let notebook = try CLI.run([
      "notebook", "--data", "sqlite:\(path)", "--table", "monthly", "--outcome", "churn_pct", "--out", try CLI.temporaryDirectory().appendingPathComponent("n.ipynb").path,
    ])
    #expect(notebook.exitCode == 64)
    #expect(notebook.stderr.contains("save the rows as CSV first"))
  }
}

@Suite("fit and recommend read PostgreSQL", .serialized, .enabled(if: TestDatabases.hasPostgres))
struct PostgreSQLCommandTests {
  var environment: [String: String] { ["NO_COLOR": "1", "PGPASSWORD": TestDatabases.postgresPassword] }
  var uri: String { TestDatabases.postgresURI ?? "postgresql://kpi@127.0.0.1:1/kpi" }

  /// The bundled history as a PostgreSQL table (numeric columns, loaded with psql's \copy).
  func historyTable() throws -> String {
    let name = TestDatabases.uniqueName("monthly")
    let columns = historyColumns.replacingOccurrences(of: "REAL", with: "numeric")
    try TestDatabases.psql("CREATE TABLE \(name) (\(columns));\n\\copy \(name) FROM '\(CLI.packageRoot.appendingPathComponent(history).path)' CSV HEADER\n")
    return name
  }

  @Test("fit on a PostgreSQL table equals fit on the CSV, digit for digit; clustered and bootstrapped too")
  func fitAgrees() throws {
    let table = try historyTable()
    for extra in [[String](), ["--bootstrap", "200", "--seed", "7"]] {
      let fromCSV = try CLI.run(["fit", "--data", history, "--outcome", "churn_pct", "--format", "json"] + extra)
      let fromServer = try CLI.run(["fit", "--data", uri, "--table", table, "--outcome", "churn_pct", "--format", "json"] + extra, environment: environment)
      #expect(fromServer.exitCode == 0, "\(fromServer.stderr)")
      #expect(fromServer.stdout == fromCSV.stdout)
    }
  }

  @Test("fit --pushdown and stats --pushdown (one aggregate query, exact numeric) agree with the in-memory fit to 1e-11, clustered by team; on double precision columns too")
  func pushdownAgrees() throws {
    let numericTable = try historyTable()
    let doubleTable = TestDatabases.uniqueName("monthly_float8")
    try TestDatabases.psql("CREATE TABLE \(doubleTable) AS SELECT team, month, \(["satisfaction_pct", "response_hours", "first_fix_pct", "resolution_hours", "complaint_resolution_pct", "cost_per_ticket", "utilization_pct", "churn_pct", "repeat_purchase_pct"].map { "\($0)::float8 AS \($0)" }.joined(separator: ", ")) FROM \(numericTable);\n")
    let memory = try CLI.run(["fit", "--data", history, "--outcome", "churn_pct", "--format", "json"])
    let reference = try #require(try JSONSerialization.jsonObject(with: Data(memory.stdout.utf8)) as? [String: Any])
    for table in [numericTable, doubleTable] {
      let pushed = try CLI.run(["fit", "--data", uri, "--table", table, "--outcome", "churn_pct", "--pushdown", "--format", "json"], environment: environment)
      #expect(pushed.exitCode == 0, "\(pushed.stderr)")
      let object = try #require(try JSONSerialization.jsonObject(with: Data(pushed.stdout.utf8)) as? [String: Any])
      expectSameNumbers(object, reference, skip: ["backtest", "warnings", "warnings_zh", "data"])
      let warnings = try #require(object["warnings"] as? [String]), expected = try #require(reference["warnings"] as? [String])
      #expect(Array(warnings.dropLast()) == expected)
    }
    let file = try CLI.temporaryDirectory().appendingPathComponent("pushed.stats.json").path
    let stats = try CLI.run(["stats", "--data", uri, "--table", numericTable, "--outcome", "churn_pct", "--pushdown", "--output", file], environment: environment)
    #expect(stats.exitCode == 0, "\(stats.stderr)")
    #expect(stats.stderr.contains("1432 rows of 1440 (7 indicators, 40 clusters of team)"), "\(stats.stderr)")
    let fromStats = try CLI.run(["fit", "--stats", file, "--outcome", "churn_pct", "--format", "json"])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(fromStats.stdout.utf8)) as? [String: Any])
    expectSameNumbers(object, reference, skip: ["backtest", "warnings", "warnings_zh", "data", "ignoredColumns"])
    // Push-down asks for PostgreSQL.
    let onFile = try CLI.run(["fit", "--data", history, "--outcome", "churn_pct", "--pushdown"])
    #expect(onFile.exitCode == 64)
    #expect(onFile.stderr.contains("push-down runs on a PostgreSQL server"), "\(onFile.stderr)")
  }

  @Test("a wrong password is exit 77, a refused connection 69, an SQL error 65, a password in the URI 64")
  func exitCodes() throws {
    let table = try historyTable()
    var wrong = environment
    wrong["PGPASSWORD"] = "wrong"
    #expect(try CLI.run(["fit", "--data", uri, "--table", table, "--outcome", "churn_pct"], environment: wrong).exitCode == 77)
    #expect(try CLI.run(["fit", "--data", "postgresql://kpi@127.0.0.1:1/kpi", "--table", table, "--outcome", "churn_pct"], environment: environment).exitCode == 69)
    let sql = try CLI.run(["fit", "--data", uri, "--query", "SELECT 1/0 AS churn_pct FROM \(table)", "--outcome", "churn_pct"], environment: environment)
    #expect(sql.exitCode == 65)
    #expect(sql.stderr.hasSuffix("the database says: division by zero (SQLSTATE 22012)\n"))
    let password = uri.replacingOccurrences(of: "kpi@", with: "kpi:secret@")
    let inURI = try CLI.run(["fit", "--data", password, "--table", table, "--outcome", "churn_pct"], environment: environment)
    #expect(inURI.exitCode == 64)
    #expect(!inURI.stderr.contains("secret"))
  }
}
