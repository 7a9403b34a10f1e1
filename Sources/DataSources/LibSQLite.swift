import CSQLite

/// DataSources' one funnel for libsqlite3: open a file read-only, run one statement, hand each
/// row's values to a ``ResultCSV``. Every return code becomes a typed ``SourceError`` with
/// SQLite's own message attached; nothing else in the module calls SQLite.
///
/// Values map by their storage class, row by row (SQLite columns are not typed): INTEGER →
/// the integer, REAL → the shortest text that reads back as the same double, TEXT → the text
/// (UTF-8), NULL → a missing cell. BLOB is refused, naming the column and the row. Booleans and
/// dates are what the application stored: integers 0/1, and ISO 8601 text, which the CSV reader
/// reads as it reads an export.
enum LibSQLite {
  /// The rows of `selection` in the database at `path`, as CSV.
  /// - Parameter onChunk: when given, called with the CSV in pieces of about `chunkBytes` that
  ///   end at a row (the first starting with the header line, whose length `onHeader` is told),
  ///   instead of returning it whole (the result is then empty).
  static func read(
    path: String, selection: SQLSelection, label: String, chunkBytes: Int = .max, onHeader: ((Int) -> Void)? = nil, onChunk: (([UInt8]) throws -> Void)? = nil
  ) throws -> [UInt8] {
    let sql = selection.sql
    var handle: OpaquePointer? = nil
    // SQLITE_OPEN_READONLY: a query cannot change the history; no file is created when missing.
    let opened = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil)
    defer { sqlite3_close_v2(handle) }
    guard opened == SQLITE_OK, let db = handle else {
      let reason = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
      throw SourceError(source: label, kind: .unavailable, message: "cannot open the database file; check the path (sqlite:PATH names an existing SQLite file)", serverMessage: reason)
    }
    var statement: OpaquePointer? = nil
    var tail: UnsafePointer<CChar>? = nil
    let prepared = sql.withCString { sqlite3_prepare_v2(db, $0, -1, &statement, &tail) }
    defer { sqlite3_finalize(statement) }
    guard prepared == SQLITE_OK else {
      throw SourceError(source: label, kind: .query, message: queryProblem(db, code: prepared), query: sql, serverMessage: String(cString: sqlite3_errmsg(db)))
    }
    guard let statement else { throw SourceError(source: label, kind: .query, message: "the query has no statement", query: sql) }
    if let tail, String(cString: tail).contains(where: { !$0.isWhitespace && $0 != ";" }) {
      throw SourceError(source: label, kind: .query, message: "give one SELECT statement; the query has more after the first ';'", query: sql)
    }
    guard sqlite3_stmt_readonly(statement) != 0 else {
      throw SourceError(source: label, kind: .query, message: "the query would change the database; give a SELECT", query: sql)
    }
    let columns = Int(sqlite3_column_count(statement))
    guard columns > 0 else { throw SourceError(source: label, kind: .query, message: "the statement returns no columns; give a SELECT", query: sql) }
    var names: [String] = []
    for j in 0..<columns { names.append(sqlite3_column_name(statement, Int32(j)).map { String(cString: $0) } ?? "column\(j + 1)") }
    var csv = ResultCSV(columns: names, chunkBytes: chunkBytes, onChunk: onChunk)
    onHeader?(csv.headerLength)
    var row = 0
    while true {
      let step = sqlite3_step(statement)
      if step == SQLITE_DONE { break }
      guard step == SQLITE_ROW else {
        throw SourceError(source: label, kind: .query, message: "the query failed at result row \(row + 1)", query: sql, serverMessage: String(cString: sqlite3_errmsg(db)))
      }
      for j in 0..<columns {
        let index = Int32(j)
        switch sqlite3_column_type(statement, index) {
        case SQLITE_NULL: csv.appendMissing()
        case SQLITE_INTEGER: csv.appendInteger(sqlite3_column_int64(statement, index))
        case SQLITE_FLOAT: csv.appendDouble(sqlite3_column_double(statement, index))
        case SQLITE_TEXT:
          let count = Int(sqlite3_column_bytes(statement, index))
          if let text = sqlite3_column_text(statement, index) {
            csv.appendText(UnsafeBufferPointer(start: text, count: count))
          } else {
            csv.appendMissing()
          }
        default:
          throw SourceError(
            source: label, kind: .value, message: "result row \(row + 1) holds binary data (a BLOB), which is not a number or a text; select a numeric or text expression instead",
            query: sql, column: names[j])
        }
      }
      try csv.endRow()
      row += 1
    }
    try csv.finish()
    return csv.bytes
  }

  /// What a failed prepare means, in words that say what to fix.
  static func queryProblem(_ db: OpaquePointer, code: Int32) -> String {
    let message = String(cString: sqlite3_errmsg(db))
    if message.hasPrefix("no such table") { return "the table or view does not exist; list them with: sqlite3 FILE .tables" }
    if message.hasPrefix("no such column") { return "a column of the query does not exist" }
    if code == SQLITE_NOTADB { return "the file is not an SQLite database" }
    return "SQLite cannot run the query"
  }
}
