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
