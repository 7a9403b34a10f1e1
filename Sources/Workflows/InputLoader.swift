import Foundation
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
  /// Whether an optional file (a prepared table's provenance) is there to read.
  public let fileExists: @Sendable (String) -> Bool

  public init(readFile: @escaping @Sendable (String) throws -> [UInt8], fileExists: @escaping @Sendable (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }) {
    self.readFile = readFile
    self.fileExists = fileExists
  }

  /// Reads from the file system (one `open`/`read` per file).
  public static let fileSystem = InputLoader { try CSVReader.readFile($0) }

  /// The provenance `prepare` wrote beside `data` (`DATA.provenance.json`), when it is there and
  /// describes these very bytes (its output hash equals `sha256`).
  public func preparedProvenance(of data: String, sha256: String) -> WeightConfig.Provenance.Prepared? {
    let path = data + ".provenance.json"
    guard fileExists(path), let bytes = try? readFile(path),
      let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
      object["schema"] as? String == "kpi-weights/prepared", object["outputSHA256"] as? String == sha256,
      let spec = object["spec"] as? String, let specSHA = object["specSHA256"] as? String, let input = object["input"] as? String,
      let inputSHA = object["inputSHA256"] as? String
    else { return nil }
    return .init(spec: spec, specSHA256: specSHA, input: input, inputSHA256: inputSHA)
  }

  /// A data table, its bytes parsed once; the SHA-256 of those same bytes when `digest`.
  /// - Parameter progress: called with (bytes parsed, total) while a large file is parsed.
  /// - Parameter sheet: for a workbook (`.xlsx`), the sheet's name or 1-based number (default:
  ///   the first); CSV files ignore it.
  public func table(
    _ path: String, sheet: String? = nil, digest: Bool = false, progress: (@Sendable (Int, Int) -> Void)? = nil
  ) throws -> (table: DataTable, sha256: String?) {
    let bytes = try readFile(path)
    let sha = digest ? SHA256.hex(of: bytes) : nil
    let lower = path.lowercased()
    if XLSXReader.isZIP(bytes) || XLSXReader.isOLE2(bytes) || lower.hasSuffix(".xlsx") || lower.hasSuffix(".xls") {
      return (try XLSXReader.parse(bytes: bytes, file: path, sheet: sheet), sha)
    }
    return (try CSVReader.parse(bytes: bytes, file: path, progress: progress), sha)
  }

  /// A data table from a file or a database (``DataSource``); the SHA-256 of the file's bytes, or
  /// of the database's rows as CSV text, when `digest`.
  public func table(
    _ source: DataSource, digest: Bool = false, progress: (@Sendable (Int, Int) -> Void)? = nil
  ) throws -> (table: DataTable, sha256: String?) {
    if case .file(let path, let sheet) = source { return try table(path, sheet: sheet, digest: digest, progress: progress) }
    guard let (table, rows) = try source.databaseTable() else { preconditionFailure("a database source reads rows") }
    return (table, digest ? SHA256.hex(of: rows) : nil)
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

  /// The built-in catalog, with a catalog file's entries when one is given.
  public func catalog(merging file: String?) throws -> IndicatorCatalog {
    var catalog = IndicatorCatalog.builtIn
    if let file { catalog.merge(try self.catalog(file)) }
    return catalog
  }

  /// A sufficient-statistics file (``StatisticsFile``).
  public func statistics(_ path: String) throws -> (statistics: SufficientStatistics, source: StatisticsFile.Source) {
    try StatisticsFile.parse(configText(path).text, file: path)
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

  /// A prepare spec with its SHA-256.
  public func prepareSpec(_ path: String) throws -> (spec: PrepareSpec, sha256: String) {
    let (text, sha) = try configText(path)
    return (try PrepareSpecFile.parse(text, file: path), sha)
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

