import DataSources
import WeightAnalysis

/// What every analysis of one history starts from, loaded once: the table (and the SHA-256 of
/// the bytes that were parsed), the merged catalog with the user's directions applied, and the
/// directions as given (they must name columns of the data).
public struct AnalysisInput: Sendable {
  public internal(set) var table: DataTable
  /// SHA-256 of the data file's bytes, when the workflow records provenance.
  public let dataSHA256: String?
  /// The built-in catalog merged with the catalog file, directions applied.
  public let catalog: IndicatorCatalog
  /// Directions stated by the user (they override the catalog), by column name after matching.
  public let directions: [String: Direction]
  /// Columns whose names were matched to catalog ids (客户满意度 → satisfaction_pct); the table
  /// uses the ids.
  public let columnMatches: [ColumnMatch]
  /// Columns of yes/no words (是/否, Y/N, true/false…) read as 1/0, by their names in the file.
  public let yesNoColumns: [String]
  /// The database source the table was read from (`nil` for a file); its query goes into provenance.
  public var source: DataSource? = nil
  /// Where the data came from when `prepare` made it (recorded in a config's provenance).
  public var prepared: WeightConfig.Provenance.Prepared?
  /// The catalog file merged into the built-in catalog, with its hash (for provenance).
  public var catalogFile: WeightConfig.Provenance.HashedFile?
  /// What ``applyPercentScale(_:)`` found or did with fraction-looking percent columns.
  public internal(set) var percentNotes: [Message] = []
  /// Columns read as fractions and multiplied by 100 (`PercentScale.fraction`), by name in the table.
  public internal(set) var percentScaled: [String] = []

  /// - Parameter matchColumns: rename columns whose names are catalog labels or aliases to the
  ///   catalog ids (the default).
  public init(
    table fileTable: DataTable, dataSHA256: String?, catalog: IndicatorCatalog = .builtIn, directions given: [String: Direction] = [:],
    matchColumns: Bool = true
  ) throws {
    let (readTable, yesNo) = fileTable.readingYesNoColumns()
    let matches = matchColumns ? try catalog.matchColumns(readTable.headers) : []
    let renamed = Dictionary(uniqueKeysWithValues: matches.map { ($0.header, $0.id) })
    let table = readTable.renamingColumns(renamed)
    var directions: [String: Direction] = [:]
    for (name, direction) in given { directions[renamed[name] ?? name] = direction }
    // Names given by the user must exist in the data: direction columns and catalog-file entries.
    for name in directions.keys.sorted() { _ = try table.requireColumn(name, role: "\(Setting.direction)") }
    for entry in catalog.fileEntries where !entry.isOptional {
      _ = try table.requireColumn(entry.id, role: "the catalog entry from \(entry.source ?? "the catalog") (mark it `optional: true` if this dataset may lack it)")
    }
    var merged = catalog
    for (id, direction) in directions { merged.setDirection(direction, for: id) }
    self.table = table
    self.dataSHA256 = dataSHA256
    self.catalog = merged
    self.directions = directions
    self.columnMatches = matches
    self.yesNoColumns = yesNo
  }

  /// What loading did with the columns, with the ones a job left out.
  public func columnSummary(ignored: [IgnoredColumn]) -> ColumnSummary {
    ColumnSummary(matches: columnMatches, yesNo: yesNoColumns, ignored: ignored)
  }

  /// The column a user's name means: the catalog id when the name is a matched header (or
  /// normalises to one), else the name itself.
  public func columnName(_ given: String) -> String {
    if table.columnIndex(named: given) != nil { return given }
    if let match = columnMatches.first(where: { $0.header == given }) { return match.id }
    let normalized = IndicatorCatalog.normalizedName(given)
    if let match = columnMatches.first(where: { IndicatorCatalog.normalizedName($0.header) == normalized }) { return match.id }
    return given
  }

  /// Loads the data (once) and the catalog file.
  /// - Parameters:
  ///   - digest: also take the SHA-256 of the data bytes (for provenance).
  public static func load(
    data: String, sheet: String? = nil, catalogFile: String? = nil, directions: [String: Direction] = [:], digest: Bool = false,
    loader: InputLoader = .fileSystem, progress: (@Sendable (Int, Int) -> Void)? = nil, percentScale: PercentScale? = nil
  ) throws -> AnalysisInput {
    try load(
      source: .file(path: data, sheet: sheet), catalogFile: catalogFile, directions: directions, digest: digest, loader: loader, progress: progress,
      percentScale: percentScale)
  }

  /// Loads the data (once, from a file or a database) and the catalog file.
  public static func load(
    source: DataSource, catalogFile: String? = nil, directions: [String: Direction] = [:], digest: Bool = false,
    loader: InputLoader = .fileSystem, progress: (@Sendable (Int, Int) -> Void)? = nil, percentScale: PercentScale? = nil
  ) throws -> AnalysisInput {
    var catalog = IndicatorCatalog.builtIn
    var hashedCatalog: WeightConfig.Provenance.HashedFile? = nil
    if let catalogFile {
      let (text, sha) = try loader.configText(catalogFile)
      catalog.merge(try CatalogFile.parse(text, file: catalogFile))
      hashedCatalog = .init(file: catalogFile, sha256: sha)
    }
    let (table, sha) = try loader.table(source, digest: digest, progress: progress)
    var input = try AnalysisInput(table: table, dataSHA256: sha, catalog: catalog, directions: directions)
    if let sha, let path = source.filePath { input.prepared = loader.preparedProvenance(of: path, sha256: sha) }
    if source.filePath == nil { input.source = source }
    input.catalogFile = hashedCatalog
    input.applyPercentScale(percentScale)
    return input
  }

  /// The SHA-256 recorded in provenance; the input must have been loaded with `digest: true`.
  var provenanceSHA256: String {
    guard let dataSHA256 else { preconditionFailure("this workflow records provenance: load its AnalysisInput with digest: true") }
    return dataSHA256
  }
}
