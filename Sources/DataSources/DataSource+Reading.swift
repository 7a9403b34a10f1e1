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

  /// A database source's rows as the CSV ``databaseRows()`` returns, without its header line, handed
  /// to `body` in pieces of about `chunkBytes` that end at a row — one pass in bounded memory.
  /// Returns the SHA-256 of all the bytes, header included (the whole read's digest, so
  /// provenance is the same either way). A file source hands nothing and returns `nil`.
  ///
  /// - Throws: what ``databaseRows()`` throws (no rows included), or what `body` throws.
  public func streamDatabaseRows(chunkBytes: Int, _ body: ([UInt8]) throws -> Void) throws -> String? {
    try withoutActuallyEscaping(body) { body in try streamRows(chunkBytes: chunkBytes, body) }
  }

  private func streamRows(chunkBytes: Int, _ body: @escaping ([UInt8]) throws -> Void) throws -> String? {
    let hasher = LibCrypto.Hasher()
    var header = 0, chunks = 0, rows = false
    let record = { (length: Int) in header = length }
    let handle = { (chunk: [UInt8]) throws in
      chunks += 1
      chunk.withUnsafeBytes { hasher.update($0) }
      let records = chunks == 1 ? Array(chunk[min(header, chunk.count)...]) : chunk
      guard !records.isEmpty else { return }
      rows = true
      try body(records)
    }
    switch self {
    case .file: return nil
    case .sqlite(let path, let selection): _ = try LibSQLite.read(path: path, selection: selection, label: label, chunkBytes: chunkBytes, onHeader: record, onChunk: handle)
    case .postgresql(let uri, let selection):
      _ = try LibPQ.read(uri: uri, selection: selection, label: label, chunkBytes: chunkBytes, onHeader: record, onChunk: handle)
    }
    guard rows else {
      throw SourceError(source: label, kind: .value, message: "the query returned no rows; check its WHERE clause or the table's contents", query: query)
    }
    return SHA256.hex(digest: hasher.finish())
  }

  /// A database source's rows parsed as a table named ``tableLabel`` (`sqlite:h.db[monthly]`).
  public func databaseTable() throws -> (table: DataTable, csv: [UInt8])? {
    guard let bytes = try databaseRows() else { return nil }
    return (try CSVReader.parse(bytes: bytes, file: tableLabel), bytes)
  }
}

/// Sums a database computed for a linear fit: over the complete rows (no NULL in the model's
/// columns), with each column `z = v − s` shifted by a value near its mean (a sample row's), the
/// count `n`, `Σz` and `Σ z_a z_b` for all rows and per cluster — exact in `numeric` and
/// rounded once to double when the columns are exact types (``exact``), in double precision when
/// any column is `real` or `double precision`.
public struct ServerSums: Sendable, Equatable {
  /// Rows the query returned, and of them the complete ones.
  public let rowsRead: Int
  public let observations: Int
  /// NULLs per column (in the order asked for).
  public let missing: [Int]
  /// The shift `s` of each column.
  public let shift: [Double]
  /// Whether the sums were exact (`numeric`).
  public let exact: Bool
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
    a.rowsRead == b.rowsRead && a.observations == b.observations && a.missing == b.missing && a.shift == b.shift && a.exact == b.exact && a.total == b.total
      && a.clusters.map(\.label) == b.clusters.map(\.label) && a.clusters.map(\.block) == b.clusters.map(\.block)
  }

  /// From the rows of the aggregate statement (`whole, cluster, complete count, m sums,
  /// m(m+1)/2 products, rows, m NULL counts`), one per cluster then the whole.
  init(rows: [[String?]], columns m: Int, clustered: Bool, shift: [Double], exact: Bool, label: String, query: String) throws {
    let products = m * (m + 1) / 2
    let width = 3 + m + products + 1 + m
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
    self.shift = shift
    self.exact = exact
    total = try block(whole)
    // Clusters whose rows all had a NULL have no sums.
    clusters = clustered ? try rows.dropLast().filter { count($0[2]) > 0 }.map { (label: $0[1] ?? "", block: try block($0)) }.sorted { $0.label < $1.label } : []
  }
}

extension DataSource {
  /// The sums of a linear fit computed where the data is (PostgreSQL only): one statement that
  /// returns `O(p² · G)` numbers instead of the rows.
  /// - Parameters:
  ///   - columns: the indicators, then the outcome, as the query names them.
  ///   - cluster: the column whose groups get their own sums.
  ///   - shift: subtracted from each column first (a sample row's values: near the mean, so the
  ///     products stay near the spread).
  /// - Throws: ``SourceError``; a source that is not PostgreSQL is ``SourceError/Kind/badSource``.
  public func serverSums(columns: [String], cluster: String?, shift: [Double]) throws -> ServerSums {
    guard case .postgresql(let uri, let selection) = self else {
      throw SourceError(source: label, kind: .badSource, message: "push-down runs on a PostgreSQL server; give --data postgresql://user@host/db, or drop the push-down")
    }
    return try LibPQ.sums(uri: uri, selection: selection, label: label, columns: columns, cluster: cluster, shift: shift)
  }
}
