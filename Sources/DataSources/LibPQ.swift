import CPostgres
import Foundation

/// DataSources' one funnel for libpq: connect, describe the query, stream its rows with
/// `COPY (…) TO STDOUT (FORMAT csv)`, and turn every failure into a typed ``SourceError`` with
/// the server's own message attached. Nothing else in the module calls libpq.
///
/// The session is read-only (`BEGIN READ ONLY`), in UTF-8, with ISO dates and shortest-exact
/// floats (`extra_float_digits = 1`), so the text COPY writes reads back to the stored values.
/// Types map by the described column type: integers, `numeric`, `real`/`double precision` as
/// written; `boolean` as 1/0; `timestamp with time zone` as ISO 8601 in UTC (`…Z`); `date` and
/// `timestamp` in ISO form; text as text; NULL as a missing cell. `bytea` is refused, naming the
/// column. The password comes from `PGPASSWORD` or `~/.pgpass` (libpq's own lookup).
enum LibPQ {
  /// PostgreSQL type OIDs (`pg_type.oid`, fixed for built-in types).
  enum TypeOID {
    static let boolean: UInt32 = 16
    static let bytea: UInt32 = 17
    static let timestampWithTimeZone: UInt32 = 1184
  }

  /// One connection; closed on `deinit`.
  final class Connection {
    let handle: OpaquePointer
    let label: String

    init(uri: String, label: String) throws {
      // Defaults first: the URI's own settings override them.
      let keywords = ["connect_timeout", "fallback_application_name", "dbname"]
      let values = ["10", "kpi-weights", uri]
      let connection = LibPQ.withCStrings(keywords) { k in LibPQ.withCStrings(values) { v in PQconnectdbParams(k, v, 1) } }
      guard let connection else { throw SourceError(source: label, kind: .unavailable, message: "libpq could not allocate a connection (out of memory)") }
      handle = connection
      self.label = label
      guard PQstatus(connection) == CONNECTION_OK else {
        let said = LibPQ.oneLine(String(cString: PQerrorMessage(connection)))
        let authentication =
          PQconnectionNeedsPassword(connection) != 0 || said.contains("password authentication failed") || said.contains("no password supplied")
          || said.contains("role \"") && said.contains("does not exist")
        if authentication {
          throw SourceError(
            source: label, kind: .authentication,
            message: "the server refused the login; check the user in the URI and the password in PGPASSWORD or ~/.pgpass", serverMessage: said)
        }
        throw SourceError(
          source: label, kind: .unavailable, message: "cannot connect to the server; check the host, the port and that PostgreSQL is running", serverMessage: said)
      }
      guard PQsetClientEncoding(connection, "UTF8") == 0 else {
        throw SourceError(source: label, kind: .unavailable, message: "the server cannot send UTF-8", serverMessage: LibPQ.oneLine(String(cString: PQerrorMessage(connection))))
      }
    }

    deinit { PQfinish(handle) }

    /// Runs a command that returns no rows.
    func command(_ sql: String, query: String? = nil) throws {
      let result = PQexec(handle, sql)
      defer { PQclear(result) }
      guard PQresultStatus(result) == PGRES_COMMAND_OK else { throw failure(result, query: query ?? sql) }
    }

    /// The error of a failed result, as a ``SourceError`` naming `query`.
    func failure(_ result: OpaquePointer?, query: String, message: String = "the server refused the query") -> SourceError {
      var said = oneLineError(result)
      if let result, let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))) { said += " (SQLSTATE \(String(cString: state)))" }
      return SourceError(source: label, kind: .query, message: message, query: query, serverMessage: said)
    }

    func oneLineError(_ result: OpaquePointer?) -> String {
      if let result, let primary = PQresultErrorField(result, Int32(UInt8(ascii: "M"))) { return LibPQ.oneLine(String(cString: primary)) }
      return LibPQ.oneLine(String(cString: PQerrorMessage(handle)))
    }

    /// Names and type OIDs of the columns `sql` returns, without running it.
    func describe(_ sql: String) throws -> [(name: String, type: UInt32)] {
      let prepared = PQprepare(handle, "", sql, 0, nil)
      defer { PQclear(prepared) }
      guard PQresultStatus(prepared) == PGRES_COMMAND_OK else { throw failure(prepared, query: sql) }
      let description = PQdescribePrepared(handle, "")
      defer { PQclear(description) }
      guard PQresultStatus(description) == PGRES_COMMAND_OK else { throw failure(description, query: sql) }
      let count = Int(PQnfields(description))
      return (0..<count).map { j in (String(cString: PQfname(description, Int32(j))), PQftype(description, Int32(j))) }
    }

    /// Streams `COPY (select) TO STDOUT (FORMAT csv)` into `csv`, one row at a time.
    func copy(_ select: String, into csv: inout ResultCSV, query: String) throws {
      let started = PQexec(handle, "COPY (\(select)) TO STDOUT (FORMAT csv)")
      let status = PQresultStatus(started)
      if status != PGRES_COPY_OUT {
        defer { PQclear(started) }
        throw failure(started, query: query)
      }
      PQclear(started)
      while true {
        var buffer: UnsafeMutablePointer<CChar>? = nil
        let length = PQgetCopyData(handle, &buffer, 0)
        if length > 0, let buffer {
          defer { PQfreemem(buffer) }
          try csv.appendLine(UnsafeRawBufferPointer(start: buffer, count: Int(length)))
          continue
        }
        if let buffer { PQfreemem(buffer) }
        if length == -1 { break }
        throw SourceError(source: label, kind: .query, message: "the rows stopped arriving after result row \(csv.rows)", query: query, serverMessage: LibPQ.oneLine(String(cString: PQerrorMessage(handle))))
      }
      // The COPY's own outcome (an error in the middle of the rows, such as a division by zero).
      var failed: SourceError? = nil
      while let result = PQgetResult(handle) {
        if PQresultStatus(result) != PGRES_COMMAND_OK && failed == nil {
          failed = failure(result, query: query, message: "the query failed after result row \(csv.rows)")
        }
        PQclear(result)
      }
      if let failed { throw failed }
    }
  }

  /// The rows of `selection` on the server at `uri`, as CSV.
  /// - Parameter onChunk: when given, called with the CSV in pieces of about `chunkBytes` that
  ///   end at a row (the first starting with the header line, whose length `onHeader` is told),
  ///   instead of returning it whole (the result is then empty).
  static func read(
    uri: String, selection: SQLSelection, label: String, chunkBytes: Int = .max, onHeader: ((Int) -> Void)? = nil, onChunk: (([UInt8]) throws -> Void)? = nil
  ) throws -> [UInt8] {
    let connection = try Connection(uri: uri, label: label)
    let query = selection.sql
    try connection.command("BEGIN READ ONLY")
    try connection.command("SET LOCAL DateStyle TO ISO, YMD; SET LOCAL extra_float_digits TO 1; SET LOCAL IntervalStyle TO iso_8601")
    let columns = try connection.describe(query)
    guard !columns.isEmpty else { throw SourceError(source: label, kind: .query, message: "the statement returns no columns; give a SELECT", query: query) }
    var seen: Set<String> = []
    for column in columns where !seen.insert(column.name).inserted {
      throw SourceError(source: label, kind: .query, message: "the query returns two columns of this name; give them distinct names with AS", query: query, column: column.name)
    }
    var expressions: [String] = []
    for column in columns {
      let name = quoteIdentifier(column.name)
      switch column.type {
      case TypeOID.bytea:
        throw SourceError(source: label, kind: .value, message: "the column holds binary data (bytea), which is not a number or a text; select a numeric or text expression instead", query: query, column: column.name)
      case TypeOID.boolean: expressions.append("CASE WHEN \(name) THEN 1 WHEN NOT \(name) THEN 0 END AS \(name)")
      case TypeOID.timestampWithTimeZone:
        expressions.append("to_char(\(name) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS \(name)")
      default: expressions.append(name)
      }
    }
    var csv = ResultCSV(columns: columns.map(\.name), chunkBytes: chunkBytes, onChunk: onChunk)
    onHeader?(csv.headerLength)
    try connection.copy("SELECT \(expressions.joined(separator: ", ")) FROM (\(query)) AS kpi_weights_source", into: &csv, query: query)
    try connection.command("COMMIT")
    try csv.finish()
    return csv.bytes
  }

  /// Runs one statement returning rows; each cell as text (`nil` for NULL).
  static func textRows(_ connection: Connection, _ sql: String, query: String) throws -> [[String?]] {
    let result = PQexec(connection.handle, sql)
    defer { PQclear(result) }
    guard PQresultStatus(result) == PGRES_TUPLES_OK else { throw connection.failure(result, query: query) }
    let rows = Int(PQntuples(result)), columns = Int(PQnfields(result))
    return (0..<rows).map { i in
      (0..<columns).map { j in PQgetisnull(result, Int32(i), Int32(j)) != 0 ? nil : String(cString: PQgetvalue(result, Int32(i), Int32(j))) }
    }
  }

  /// Types whose values are exact decimals (their sums are taken in `numeric`, exactly).
  static let exactTypes: Set<UInt32> = [16, 20, 21, 23, 1700]  // boolean, int8, int2, int4, numeric
  /// Binary floating-point types (`real`, `double precision`).
  static let floatTypes: Set<UInt32> = [700, 701]

  /// The sums a linear fit needs, computed by the server in one statement and one scan (see
  /// ``DataSource/serverSums(columns:cluster:shift:)``). When every column is an exact type the
  /// arithmetic is `numeric` (exact); when any is `real` or `double precision` it is
  /// `double precision` (a binary value has no exact `numeric` form in PostgreSQL's cast).
  static func sums(uri: String, selection: SQLSelection, label: String, columns: [String], cluster: String?, shift: [Double]) throws -> ServerSums {
    precondition(shift.count == columns.count, "one shift per column")
    let connection = try Connection(uri: uri, label: label)
    let query = selection.sql
    try connection.command("BEGIN READ ONLY")
    try connection.command("SET LOCAL extra_float_digits TO 1")
    let described = try connection.describe(query)
    let types = Dictionary(described.map { ($0.name, $0.type) }, uniquingKeysWith: { a, _ in a })
    for name in columns + (cluster.map { [$0] } ?? []) where types[name] == nil {
      throw SourceError(source: label, kind: .query, message: "the query returns no column of this name", query: query, column: name)
    }
    for name in columns where !(exactTypes.contains(types[name]!) || floatTypes.contains(types[name]!)) {
      throw SourceError(source: label, kind: .value, message: "the column is not a number (boolean, integer, numeric, real or double precision); select a numeric expression", query: query, column: name)
    }
    let exact = columns.allSatisfy { exactTypes.contains(types[$0]!) }
    let arithmetic = exact ? "numeric" : "float8"
    let m = columns.count
    let value = { (j: Int) -> String in
      let name = quoteIdentifier(columns[j])
      let plain = types[columns[j]] == TypeOID.boolean ? "(CASE WHEN \(name) THEN 1 WHEN NOT \(name) THEN 0 END)" : name
      return "(\(plain))::\(arithmetic)"
    }
    // The shifts as the decimals that read back to them (exact in numeric, the same double in float8).
    let literal = { (j: Int) -> String in "'\(shift[j])'::\(arithmetic)" }
    let complete = (0..<m).map { "v\($0) IS NOT NULL" }.joined(separator: " AND ")
    let clusterExpression = cluster.map { "(\(quoteIdentifier($0)))::text" } ?? "NULL::text"
    var aggregates = ["count(*) FILTER (WHERE kpi_complete)"]
    for a in 0..<m { aggregates.append("sum(z\(a)) FILTER (WHERE kpi_complete)") }
    for a in 0..<m { for b in a..<m { aggregates.append("sum(z\(a) * z\(b)) FILTER (WHERE kpi_complete)") } }
    aggregates.append("count(*)")
    for a in 0..<m { aggregates.append("count(*) FILTER (WHERE z\(a) IS NULL)") }
    let shifted = """
      SELECT \((0..<m).map { "v\($0) - \(literal($0)) AS z\($0)" }.joined(separator: ", ")), kpi_cluster, (\(complete)) AS kpi_complete \
      FROM (SELECT \((0..<m).map { "\(value($0)) AS v\($0)" }.joined(separator: ", ")), \(clusterExpression) AS kpi_cluster \
      FROM (\(query)) AS kpi_weights_source) AS kpi_values
      """
    let named = aggregates.enumerated().map { "\($0.element) AS a\($0.offset)" }.joined(separator: ", ")
    // Per cluster by a plain GROUP BY (PostgreSQL aggregates it in parallel; GROUPING SETS would
    // not), the whole as the exact sum of the clusters' sums: one scan either way.
    let sql =
      cluster == nil
      ? "SELECT 1 AS kpi_whole, NULL::text AS kpi_cluster, \(named) FROM (\(shifted)) AS kpi_shifted"
      : """
        WITH kpi_per AS (SELECT kpi_cluster, \(named) FROM (\(shifted)) AS kpi_shifted GROUP BY kpi_cluster) \
        SELECT * FROM (SELECT 0 AS kpi_whole, kpi_per.* FROM kpi_per UNION ALL \
        SELECT 1, NULL, \(aggregates.indices.map { "sum(a\($0))" }.joined(separator: ", ")) FROM kpi_per) AS kpi_all ORDER BY kpi_whole, kpi_cluster
        """
    let rows = try textRows(connection, sql, query: query)
    try connection.command("COMMIT")
    return try ServerSums(rows: rows, columns: m, clustered: cluster != nil, shift: shift, exact: exact, label: label, query: query)
  }

  /// `"name"` with `"` doubled.
  static func quoteIdentifier(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

  /// A server message on one line: lines joined with " | ", trailing space removed.
  static func oneLine(_ message: String) -> String {
    message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " | ")
  }

  /// Calls `body` with a NULL-terminated array of C strings.
  static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    let pointers = strings.map { strdup($0) }
    defer { pointers.forEach { free($0) } }
    let array: [UnsafePointer<CChar>?] = pointers.map { UnsafePointer($0) } + [nil]
    return array.withUnsafeBufferPointer { body($0.baseAddress!) }
  }
}
