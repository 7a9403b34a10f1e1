import DataSources
import Foundation
import Testing
import TestSupport

/// The rows of a source as the CSV text the reader parses (the bytes behind its SHA-256).
private func rows(_ source: DataSource) throws -> String {
  String(decoding: try #require(try source.databaseRows()), as: UTF8.self)
}

private func sourceError(_ body: () throws -> Void) -> SourceError? {
  do {
    try body()
    return nil
  } catch let error as SourceError {
    return error
  } catch {
    Issue.record("expected a SourceError, got \(error)")
    return nil
  }
}

@Suite("--data, --table and --query name a source")
struct DataSourceParsingTests {
  @Test("files, SQLite files and PostgreSQL URIs, with the table or query they need")
  func parsing() throws {
    #expect(try DataSource.parse("h.csv") == .file(path: "h.csv", sheet: nil))
    #expect(try DataSource.parse("h.xlsx", sheet: "2") == .file(path: "h.xlsx", sheet: "2"))
    #expect(try DataSource.parse("sqlite:h.db", table: "monthly") == .sqlite(path: "h.db", selection: .table("monthly")))
    #expect(try DataSource.parse("postgres://kpi@db/x", query: "SELECT 1;") == .postgresql(uri: "postgres://kpi@db/x", selection: .query("SELECT 1;")))
    #expect(SQLSelection.table("dw.tickets").sql == "SELECT * FROM \"dw\".\"tickets\"")
    #expect(SQLSelection.table("a\"b").sql == "SELECT * FROM \"a\"\"b\"")
    #expect(SQLSelection.query("SELECT 1 ;\n").sql == "SELECT 1")
  }

  @Test("a table with a file, a database without rows, both, a sheet, a password: usage errors with the fix")
  func misuse() {
    let cases: [(() throws -> Void, String)] = [
      ({ _ = try DataSource.parse("h.csv", table: "t") }, "h.csv: error: a table or a query selects rows of a database, but 'h.csv' is a file; give --data sqlite:PATH or postgresql://user@host/db, or drop the table/query"),
      ({ _ = try DataSource.parse("sqlite:h.db") }, "sqlite:h.db: error: a database source needs the rows to read: name a table (--table monthly) or give a query (--query 'SELECT …')"),
      ({ _ = try DataSource.parse("sqlite:h.db", table: "t", query: "SELECT 1") }, "sqlite:h.db: error: give a table or a query, not both"),
      ({ _ = try DataSource.parse("sqlite:h.db", sheet: "1", table: "t") }, "sqlite:h.db: error: a sheet belongs to a workbook, not to a database; drop the sheet"),
      ({ _ = try DataSource.parse("sqlite:", table: "t") }, "sqlite:: error: no database file after 'sqlite:'; write sqlite:history.db"),
      ({ _ = try DataSource.parse("sqlite:h.db", query: "  ") }, "sqlite:h.db: error: the query is empty"),
      (
        { _ = try DataSource.parse("postgresql://kpi:s3cret@db:5432/x", table: "t") },
        "postgresql://kpi@db:5432/x: error: the URI carries a password, which would end up in shell history and in provenance; remove it and set PGPASSWORD or a ~/.pgpass line instead"
      ),
      (
        { _ = try DataSource.parse("postgresql://kpi@db/x?sslmode=require&password=s3cret", table: "t") },
        "postgresql://kpi@db/x?sslmode=require&password=s3cret: error: the URI carries a password, which would end up in shell history and in provenance; remove it and set PGPASSWORD or a ~/.pgpass line instead"
      ),
    ]
    for (body, expected) in cases {
      let error = sourceError(body)
      #expect(error?.kind == .badSource)
      #expect(error?.description == expected)
    }
  }
}

@Suite("SQLite sources (libsqlite3)")
struct SQLiteSourceTests {
  @Test("values map by storage class: integers in full, doubles round-trip, text quoted, NULL missing")
  func valueMapping() throws {
    let path = try TestDatabases.sqlite(
      """
      CREATE TABLE t (i INTEGER, r REAL, s TEXT, n);
      INSERT INTO t VALUES (1, 0.1, 'a,"b"', NULL);
      INSERT INTO t VALUES (9007199254740993, 1e-300, '客户满意度', 2.5);
      INSERT INTO t VALUES (-7, 82.3, 'line
      break', 'x');
      """)
    let text = try rows(.sqlite(path: path, selection: .table("t")))
    #expect(text == "i,r,s,n\n1,0.1,\"a,\"\"b\"\"\",\n9007199254740993,1e-300,客户满意度,2.5\n-7,82.3,\"line\nbreak\",x\n")
    let one = try rows(.sqlite(path: path, selection: .query("SELECT n FROM t")))
    #expect(one == "n\n\"\"\n2.5\nx\n")
  }

  @Test("the table reads as a table named sqlite:PATH[table], the numbers exact")
  func table() throws {
    let path = try TestDatabases.sqlite("CREATE TABLE m (team TEXT, y REAL, x INTEGER); INSERT INTO m VALUES ('a', 1.5, 2), ('b', NULL, 3);")
    let source = DataSource.sqlite(path: path, selection: .query("SELECT * FROM m ORDER BY team"))
    let (table, _) = try #require(try source.databaseTable())
    #expect(table.file == "sqlite:\(path)[query]")
    #expect(table.rowCount == 2)
    #expect(table.columns[1].values[0] == 1.5)
    #expect(table.columns[1].values[1].isNaN)
    #expect(table.columns[2].values == [2, 3])
  }

  @Test("a missing file, a missing table, a syntax error, two statements, a write, a BLOB, no rows: each named")
  func errors() throws {
    let path = try TestDatabases.sqlite("CREATE TABLE t (a INTEGER, b BLOB); INSERT INTO t VALUES (1, NULL), (2, x'00ff');")
    let label = "sqlite:\(path)"
    func failure(_ selection: SQLSelection, at file: String? = nil) -> SourceError? {
      sourceError { _ = try DataSource.sqlite(path: file ?? path, selection: selection).databaseRows() }
    }
    let missing = try #require(failure(.table("t"), at: path + ".missing"))
    #expect(missing.kind == .unavailable)
    #expect(missing.description == "sqlite:\(path).missing: error: cannot open the database file; check the path (sqlite:PATH names an existing SQLite file)\n  the database says: unable to open database file")
    let noTable = try #require(failure(.table("nosuch")))
    #expect(noTable.kind == .query)
    #expect(noTable.description == "\(label): error: the table or view does not exist; list them with: sqlite3 FILE .tables\n  query: SELECT * FROM \"nosuch\"\n  the database says: no such table: nosuch")
    #expect(failure(.query("SELEC a FROM t"))?.serverMessage == "near \"SELEC\": syntax error")
    #expect(failure(.query("SELECT a FROM t; DROP TABLE t"))?.message == "give one SELECT statement; the query has more after the first ';'")
    #expect(failure(.query("DELETE FROM t"))?.message == "the query would change the database; give a SELECT")
    let blob = try #require(failure(.query("SELECT a, b FROM t ORDER BY a")))
    #expect(blob.kind == .value)
    #expect(blob.description == "\(label): error: column 'b': result row 2 holds binary data (a BLOB), which is not a number or a text; select a numeric or text expression instead\n  query: SELECT a, b FROM t ORDER BY a")
    let empty = try #require(failure(.query("SELECT a FROM t WHERE a > 5")))
    #expect(empty.kind == .value)
    #expect(empty.message == "the query returned no rows; check its WHERE clause or the table's contents")
    let notDatabase = try CLI.temporaryDirectory().appendingPathComponent("x.db")
    try Data("team,y\na,1\n".utf8).write(to: notDatabase)
    #expect(failure(.table("t"), at: notDatabase.path)?.message == "the file is not an SQLite database")
  }
}

@Suite("PostgreSQL sources (libpq, a throwaway server)", .serialized, .enabled(if: TestDatabases.hasPostgres))
struct PostgreSQLSourceTests {
  init() {
    setenv("PGPASSWORD", TestDatabases.postgresPassword, 1)
  }

  var uri: String { TestDatabases.postgresURI ?? "postgresql://kpi@127.0.0.1:1/kpi" }

  @Test("types map by the described column: numbers as written, booleans 1/0, timestamptz in UTC, NULL missing")
  func valueMapping() throws {
    let name = TestDatabases.uniqueName("types")
    try TestDatabases.psql(
      """
      SET TimeZone = 'Asia/Shanghai';
      CREATE TABLE \(name) (i bigint, n numeric, d double precision, f real, b boolean, t timestamptz, day date, ts timestamp, s text);
      INSERT INTO \(name) VALUES
        (9007199254740993, 12345678901234567890.125, 0.1, 82.3, true, '2025-01-02 08:05:00.25+08', '2025-01-02', '2025-01-02 08:05:00', 'a,"b"'),
        (NULL, NULL, 1e-300, NULL, false, NULL, NULL, NULL, '客户'),
        (-1, 0, -0.5, 1, NULL, '2025-06-30 23:59:59+00', '2024-02-29', '2024-02-29 00:00:00.5', NULL);
      """)
    let text = try rows(.postgresql(uri: uri, selection: .query("SELECT * FROM \(name) ORDER BY d")))
    let expected = [
      "i,n,d,f,b,t,day,ts,s",
      "-1,0,-0.5,1,,2025-06-30T23:59:59.000000Z,2024-02-29,2024-02-29 00:00:00.5,",
      ",,1e-300,,0,,,,客户",
      #"9007199254740993,12345678901234567890.125,0.1,82.3,1,2025-01-02T00:05:00.250000Z,2025-01-02,2025-01-02 08:05:00,"a,""b""""#,
    ]
    #expect(text == expected.joined(separator: "\n") + "\n")
  }

  @Test("a refused connection, a wrong password, an SQL error, a bytea column, two columns of one name, no rows")
  func errors() throws {
    let name = TestDatabases.uniqueName("errors")
    try TestDatabases.psql("CREATE TABLE \(name) (a int, blob bytea); INSERT INTO \(name) VALUES (1, '\\x00ff');")
    let label = uri
    func failure(_ selection: SQLSelection, uri given: String? = nil) -> SourceError? {
      sourceError { _ = try DataSource.postgresql(uri: given ?? uri, selection: selection).databaseRows() }
    }
    let refused = try #require(failure(.table(name), uri: "postgresql://kpi@127.0.0.1:1/kpi"))
    #expect(refused.kind == .unavailable)
    #expect(refused.message == "cannot connect to the server; check the host, the port and that PostgreSQL is running")
    #expect(refused.serverMessage?.contains("Connection refused") == true)
    setenv("PGPASSWORD", "wrong", 1)
    let login = failure(.table(name))
    setenv("PGPASSWORD", TestDatabases.postgresPassword, 1)
    #expect(login?.kind == .authentication)
    #expect(login?.serverMessage?.hasSuffix("FATAL:  password authentication failed for user \"kpi\"") == true)
    let sql = try #require(failure(.query("SELECT nosuch FROM \(name)")))
    #expect(sql.kind == .query)
    #expect(sql.description == "\(label): error: the server refused the query\n  query: SELECT nosuch FROM \(name)\n  the database says: column \"nosuch\" does not exist (SQLSTATE 42703)")
    #expect(failure(.query("SELECT 1/0 AS x FROM \(name)"))?.serverMessage == "division by zero (SQLSTATE 22012)")
    let bytea = try #require(failure(.table(name)))
    #expect(bytea.kind == .value)
    #expect(bytea.column == "blob")
    #expect(failure(.query("SELECT a, a FROM \(name)"))?.description == "\(label): error: column 'a': the query returns two columns of this name; give them distinct names with AS\n  query: SELECT a, a FROM \(name)")
    #expect(failure(.query("SELECT a FROM \(name) WHERE a > 5"))?.message == "the query returned no rows; check its WHERE clause or the table's contents")
    // The session is read-only: a data-changing statement is refused by the server.
    #expect(failure(.query("DELETE FROM \(name) RETURNING a"))?.kind == .query)
  }

  @Test("under CI the server is there: the PostgreSQL tests are never skipped unnoticed")
  func serverPresent() {
    #expect(TestDatabases.postgresURI != nil, "KPI_WEIGHTS_TEST_POSTGRES is not set: run the suite through scripts/with-postgres.sh (make test)")
  }
}
