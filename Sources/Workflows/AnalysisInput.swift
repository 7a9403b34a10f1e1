import DataSources
import WeightAnalysis

/// What every analysis of one history starts from, loaded once: the table (and the SHA-256 of
/// the bytes that were parsed), the merged catalog with the user's directions applied, and the
/// directions as given (they must name columns of the data).
public struct AnalysisInput: Sendable {
  public let table: DataTable
  /// SHA-256 of the data file's bytes, when the workflow records provenance.
  public let dataSHA256: String?
  /// The built-in catalog merged with the catalog file, directions applied.
  public let catalog: IndicatorCatalog
  /// Directions stated by the user (they override the catalog).
  public let directions: [String: Direction]

  public init(table: DataTable, dataSHA256: String?, catalog: IndicatorCatalog = .builtIn, directions: [String: Direction] = [:]) throws {
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
  }

  /// Loads the data (once) and the catalog file.
  /// - Parameters:
  ///   - digest: also take the SHA-256 of the data bytes (for provenance).
  public static func load(
    data: String, catalogFile: String? = nil, directions: [String: Direction] = [:], digest: Bool = false, loader: InputLoader = .fileSystem,
    progress: (@Sendable (Int, Int) -> Void)? = nil
  ) throws -> AnalysisInput {
    var catalog = IndicatorCatalog.builtIn
    if let catalogFile { catalog.merge(try loader.catalog(catalogFile)) }
    let (table, sha) = try loader.table(data, digest: digest, progress: progress)
    return try AnalysisInput(table: table, dataSHA256: sha, catalog: catalog, directions: directions)
  }

  /// The SHA-256 recorded in provenance; the input must have been loaded with `digest: true`.
  var provenanceSHA256: String {
    guard let dataSHA256 else { preconditionFailure("this workflow records provenance: load its AnalysisInput with digest: true") }
    return dataSHA256
  }
}
