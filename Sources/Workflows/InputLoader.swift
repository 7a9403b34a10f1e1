import DataSources
import WeightAnalysis

/// Where every workflow's files come from: one function that reads a file's bytes.
///
/// Tests inject a reader that counts calls, to check that each command opens its data file
/// once; the command line uses ``fileSystem``. Every file a command needs — the data, a second
/// table (salaries), the catalog, presets, SWOT and AHP files, a weight config — is read through
/// here, up front, before anything is computed.
public struct InputLoader: Sendable {
  public let readFile: @Sendable (String) throws -> [UInt8]

  public init(readFile: @escaping @Sendable (String) throws -> [UInt8]) { self.readFile = readFile }

  /// Reads from the file system (one `open`/`read` per file).
  public static let fileSystem = InputLoader { try CSVReader.readFile($0) }

  /// A data table, its bytes parsed once; the SHA-256 of those same bytes when `digest`.
  /// - Parameter progress: called with (bytes parsed, total) while a large file is parsed.
  public func table(_ path: String, digest: Bool = false, progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> (table: DataTable, sha256: String?) {
    let bytes = try readFile(path)
    let sha = digest ? SHA256.hex(of: bytes) : nil
    return (try CSVReader.parse(bytes: bytes, file: path, progress: progress), sha)
  }

  /// The text of a configuration file, with its SHA-256.
  func configText(_ path: String) throws -> (text: String, sha256: String) {
    let bytes: [UInt8]
    do {
      bytes = try readFile(path)
    } catch DataError.unreadable(_, let reason) {
      throw ConfigError(file: path, line: nil, keyPath: "", message: reason == "no such file" ? "no such file" : "cannot read the file")
    }
    return (try ConfigText.decode(bytes, file: path), SHA256.hex(of: bytes))
  }

  /// Catalog entries from a file (YAML or JSON).
  public func catalog(_ path: String) throws -> [IndicatorInfo] { try CatalogFile.parse(configText(path).text, file: path) }

  /// A preset from a file.
  public func preset(file path: String) throws -> Preset { try PresetFile.parse(configText(path).text, file: path) }

  /// A SWOT analysis with its file and SHA-256.
  public func swot(_ path: String) throws -> LoadedSWOT {
    let (text, sha) = try configText(path)
    return LoadedSWOT(path: path, sha256: sha, analysis: try SWOTFile.parse(text, file: path))
  }

  /// A pairwise comparison matrix with its file and SHA-256.
  public func pairwise(_ path: String) throws -> LoadedMatrix {
    let (text, sha) = try configText(path)
    return LoadedMatrix(path: path, sha256: sha, matrix: try PairwiseMatrixFile.parse(text, file: path))
  }

  /// A weight config.
  public func weightConfig(_ path: String) throws -> WeightConfig { try WeightConfigFile.parse(configText(path).text, file: path) }
}

/// A SWOT file as loaded.
public struct LoadedSWOT: Sendable {
  public let path: String
  public let sha256: String
  public let analysis: SWOTAnalysis
}

/// A pairwise comparison (AHP) file as loaded.
public struct LoadedMatrix: Sendable {
  public let path: String
  public let sha256: String
  public let matrix: PairwiseComparisons
}

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
