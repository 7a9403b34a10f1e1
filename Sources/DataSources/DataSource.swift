/// Where a history comes from: a file (CSV or workbook) or a database (a table or a query).
///
/// Every source meets in one place: a database result is written as CSV (UTF-8, a header row of
/// the result's column names, one line per result row) and parsed by ``CSVReader``, so numbers,
/// missing cells, yes/no words and timestamps read exactly as they would from an export, and the
/// SHA-256 of a database source is the SHA-256 of that CSV text: the rows as read.
public enum DataSource: Sendable, Equatable {
  case file(path: String, sheet: String?)
  /// `sqlite:PATH`: the file is opened read-only.
  case sqlite(path: String, selection: SQLSelection)
  /// `postgresql://user@host:port/db` (or `postgres://…`): libpq's connection URI, without a
  /// password (`PGPASSWORD` or `~/.pgpass` supply it).
  case postgresql(uri: String, selection: SQLSelection)

  /// What `--data` names, with the sheet, table or query that goes with it.
  /// - Throws: ``SourceError`` (`.badSource`) for a table or query with a file, a database without
  ///   one, both, a sheet with a database, or a password in the URI.
  public static func parse(_ data: String, sheet: String? = nil, table: String? = nil, query: String? = nil) throws -> DataSource {
    let lower = data.lowercased()
    let isSQLite = lower.hasPrefix("sqlite:")
    let isPostgres = lower.hasPrefix("postgresql://") || lower.hasPrefix("postgres://")
    guard isSQLite || isPostgres else {
      if table != nil || query != nil {
        throw SourceError(source: data, kind: .badSource, message: "a table or a query selects rows of a database, but '\(shown(data))' is a file; give --data sqlite:PATH or postgresql://user@host/db, or drop the table/query")
      }
      return .file(path: data, sheet: sheet)
    }
    let label = isPostgres ? redacted(data) : data
    if sheet != nil { throw SourceError(source: label, kind: .badSource, message: "a sheet belongs to a workbook, not to a database; drop the sheet") }
    let selection: SQLSelection
    switch (table, query) {
    case (let table?, nil):
      guard !table.isEmpty else { throw SourceError(source: label, kind: .badSource, message: "the table name is empty") }
      selection = .table(table)
    case (nil, let query?):
      guard query.contains(where: { !$0.isWhitespace }) else { throw SourceError(source: label, kind: .badSource, message: "the query is empty") }
      selection = .query(query)
    case (nil, nil):
      throw SourceError(source: label, kind: .badSource, message: "a database source needs the rows to read: name a table (--table monthly) or give a query (--query 'SELECT …')")
    case (_?, _?):
      throw SourceError(source: label, kind: .badSource, message: "give a table or a query, not both")
    }
    if isSQLite {
      let path = String(data.dropFirst("sqlite:".count))
      guard !path.isEmpty else { throw SourceError(source: data, kind: .badSource, message: "no database file after 'sqlite:'; write sqlite:history.db") }
      return .sqlite(path: path, selection: selection)
    }
    if hasPassword(data) {
      throw SourceError(source: label, kind: .badSource, message: "the URI carries a password, which would end up in shell history and in provenance; remove it and set PGPASSWORD or a ~/.pgpass line instead")
    }
    return .postgresql(uri: data, selection: selection)
  }

  /// How messages and provenance name the source: the path of a file, `sqlite:PATH` of an SQLite
  /// file, or the PostgreSQL URI (never with a password).
  public var label: String {
    switch self {
    case .file(let path, _): return path
    case .sqlite(let path, _): return "sqlite:" + path
    case .postgresql(let uri, _): return Self.redacted(uri)
    }
  }

  /// The SQL that selects the rows of a database source (`nil` for a file).
  public var query: String? {
    switch self {
    case .file: return nil
    case .sqlite(_, let selection), .postgresql(_, let selection): return selection.sql
    }
  }

  /// Whether it is a file (a path that exists on disk, with bytes to hash and a folder beside it).
  public var filePath: String? {
    if case .file(let path, _) = self { return path }
    return nil
  }

  /// The name a table read from this source carries in `file:line:column` messages:
  /// `sqlite:h.db[monthly]` or `sqlite:h.db[query]`; line 1 is the column names, line `k + 1`
  /// the result's row `k`.
  public var tableLabel: String {
    switch self {
    case .file(let path, _): return path
    case .sqlite(_, let selection), .postgresql(_, let selection):
      switch selection {
      case .table(let name): return "\(label)[\(name)]"
      case .query: return "\(label)[query]"
      }
    }
  }

  /// `user:secret@` → `user@` in a URI's authority (for messages, should one slip through).
  static func redacted(_ uri: String) -> String {
    guard let scheme = uri.range(of: "://") else { return uri }
    let rest = uri[scheme.upperBound...]
    let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
    let authority = rest[..<authorityEnd]
    guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else { return uri }
    return String(uri[..<scheme.upperBound]) + authority[..<colon] + authority[at...] + rest[authorityEnd...]
  }

  /// A password in the authority (`user:secret@host`) or a `password=` parameter.
  static func hasPassword(_ uri: String) -> Bool {
    if redacted(uri) != uri { return true }
    guard let question = uri.firstIndex(of: "?") else { return false }
    return uri[uri.index(after: question)...].split(separator: "&").contains { $0.lowercased().hasPrefix("password=") }
  }
}

/// The rows of a database to read.
public enum SQLSelection: Sendable, Equatable {
  /// A table or view; `schema.table` names a schema's table. Quoted as an identifier.
  case table(String)
  /// One `SELECT` (or `WITH … SELECT`), as given.
  case query(String)

  /// `SELECT * FROM "name"` (each dot-separated part quoted, `"` doubled), or the query itself.
  public var sql: String {
    switch self {
    case .table(let name):
      let parts = name.split(separator: ".", omittingEmptySubsequences: false)
      let quoted = parts.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ".")
      return "SELECT * FROM \(quoted)"
    case .query(let text):
      var trimmed = Substring(text)
      while let last = trimmed.last, last.isWhitespace || last == ";" { trimmed = trimmed.dropLast() }
      return String(trimmed)
    }
  }
}

/// A database source that cannot be read: its URI, the connection, the login, the query or a
/// column's values. `description` names the source, the query and the column, with the server's
/// own message attached.
public struct SourceError: Error, Sendable, Equatable, CustomStringConvertible {
  public enum Kind: Sendable, Equatable {
    /// The `--data`/table/query combination or the URI is wrong (a usage error).
    case badSource
    /// The database cannot be reached: no such file, connection refused, unknown host.
    case unavailable
    /// The server refused the login (wrong password, no such role).
    case authentication
    /// The server (or SQLite) refused the query: syntax, unknown table or column, permissions.
    case query
    /// The result has a column of a type kpi-weights cannot read (binary data), or no rows.
    case value
  }
  /// The source's label (a PostgreSQL URI without a password).
  public let source: String
  public let kind: Kind
  public let message: String
  public var query: String? = nil
  public var column: String? = nil
  /// The database's own words (libpq's or SQLite's message), one line.
  public var serverMessage: String? = nil

  public init(source: String, kind: Kind, message: String, query: String? = nil, column: String? = nil, serverMessage: String? = nil) {
    self.source = source
    self.kind = kind
    self.message = message
    self.query = query
    self.column = column
    self.serverMessage = serverMessage
  }

  public var description: String {
    var text = "\(source): error: "
    if let column { text += "column '\(shown(column))': " }
    text += message
    if let query { text += "\n  query: \(shown(query, limit: 200))" }
    if let serverMessage { text += "\n  the database says: \(shown(serverMessage, limit: 400))" }
    return text
  }
}
