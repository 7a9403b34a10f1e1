extension DataSource {
  /// The rows of a database source as CSV text (see ``DataSource``), or `nil` for a file.
  /// - Throws: ``SourceError``: the database cannot be reached, refuses the login or the query,
  ///   returns a binary column, or returns no rows.
  public func databaseRows() throws -> [UInt8]? {
    let bytes: [UInt8]
    switch self {
    case .file: return nil
    case .sqlite(let path, let selection): bytes = try LibSQLite.read(path: path, selection: selection, label: label)
    case .postgresql(let uri, let selection): bytes = try LibPQ.read(uri: uri, selection: selection, label: label)
    }
    // The header line is the only one: no rows.
    if let newline = bytes.firstIndex(of: 0x0A), newline == bytes.count - 1 {
      throw SourceError(source: label, kind: .value, message: "the query returned no rows; check its WHERE clause or the table's contents", query: query)
    }
    return bytes
  }

  /// A database source's rows parsed as a table named ``tableLabel`` (`sqlite:h.db[monthly]`).
  public func databaseTable() throws -> (table: DataTable, csv: [UInt8])? {
    guard let bytes = try databaseRows() else { return nil }
    return (try CSVReader.parse(bytes: bytes, file: tableLabel), bytes)
  }
}

/// Sums a database computed for a linear fit: over the complete rows (no NULL in the model's
/// columns), with each column `z = v − s` shifted by its mean `s`, the count `n`, `Σz` and
/// `Σ z_a z_b` — exact in `numeric`, rounded once to double — for all rows and per cluster.
public struct ServerSums: Sendable, Equatable {
  /// Rows the query returned, and of them the complete ones.
  public let rowsRead: Int
  public let observations: Int
  /// NULLs per column (in the order asked for).
  public let missing: [Int]
  /// The shift `s` of each column.
  public let shift: [Double]
  /// All complete rows, then each cluster (label order).
  public let total: Block
  public let clusters: [(label: String, block: Block)]

  /// One group's count, sums and upper-triangular products (row by row: `P₀₀, P₀₁, …, P₁₁, …`).
  public struct Block: Sendable, Equatable {
    public let count: Int
    public let sums: [Double]
    public let products: [Double]
  }

  public static func == (a: ServerSums, b: ServerSums) -> Bool {
    a.rowsRead == b.rowsRead && a.observations == b.observations && a.missing == b.missing && a.shift == b.shift && a.total == b.total
      && a.clusters.map(\.label) == b.clusters.map(\.label) && a.clusters.map(\.block) == b.clusters.map(\.block)
  }

  /// From the rows of the aggregate statement (`whole, cluster, count, m sums, m(m+1)/2
  /// products, rows, m NULL counts, m shifts`).
  init(rows: [[String?]], columns m: Int, clustered: Bool, label: String, query: String) throws {
    let products = m * (m + 1) / 2
    let width = 3 + m + products + 1 + m + m
    func number(_ text: String?, _ what: String) throws -> Double {
      guard let text, let value = Double(text), value.isFinite else {
        throw SourceError(source: label, kind: .value, message: "the server's \(what) is not a finite number (\(text ?? "NULL")); the values are too large for double precision", query: query)
      }
      return value
    }
    func count(_ text: String?) -> Int { text.flatMap { Int($0) } ?? 0 }
    guard let whole = rows.last, whole.count == width, whole[0] == "1" else {
      throw SourceError(source: label, kind: .query, message: "the aggregate returned an unexpected shape", query: query)
    }
    let n = count(whole[2])
    guard n > 0 else { throw SourceError(source: label, kind: .value, message: "the query returned no rows without a NULL in the model's columns", query: query) }
    func block(_ row: [String?]) throws -> Block {
      Block(
        count: count(row[2]), sums: try (0..<m).map { try number(row[3 + $0], "sum") }, products: try (0..<products).map { try number(row[3 + m + $0], "sum of products") })
    }
    rowsRead = count(whole[3 + m + products])
    observations = n
    missing = (0..<m).map { count(whole[4 + m + products + $0]) }
    shift = try (0..<m).map { try number(whole[4 + 2 * m + products + $0], "mean") }
    total = try block(whole)
    clusters = clustered ? try rows.dropLast().map { (label: $0[1] ?? "", block: try block($0)) }.sorted { $0.label < $1.label } : []
  }
}

extension DataSource {
  /// The sums of a linear fit computed where the data is (PostgreSQL only): one statement that
  /// returns `O(p² · G)` numbers instead of the rows.
  /// - Parameters:
  ///   - columns: the indicators, then the outcome, as the query names them.
  ///   - cluster: the column whose groups get their own sums.
  /// - Throws: ``SourceError``; a source that is not PostgreSQL is ``SourceError/Kind/badSource``.
  public func serverSums(columns: [String], cluster: String?) throws -> ServerSums {
    guard case .postgresql(let uri, let selection) = self else {
      throw SourceError(source: label, kind: .badSource, message: "push-down runs on a PostgreSQL server; give --data postgresql://user@host/db, or drop the push-down")
    }
    return try LibPQ.sums(uri: uri, selection: selection, label: label, columns: columns, cluster: cluster)
  }
}
