import DataSources
import LinearAlgebra
import WeightAnalysis

/// The `fit` pipeline as a library call: read the CSV, select and validate columns, fit, weigh.
public struct FitJob: Sendable {
  public var dataPath: String
  public var outcome: String
  /// `nil` means every numeric column except the outcome, the catalog's other outcomes and
  /// id/period columns.
  public var indicators: [String]?
  public var includeIntercept = true
  public var strict = false
  public var minimumNorm = false
  /// Directions given on the command line (`--direction col=higher|lower`); they override the catalog.
  public var directions: [String: Direction] = [:]
  public var catalog = IndicatorCatalog.builtIn

  public init(dataPath: String, outcome: String) {
    self.dataPath = dataPath
    self.outcome = outcome
  }

  /// Runs the pipeline.
  /// - Throws: ``DataError`` for unreadable or malformed input, ``AnalysisError`` for a model that
  ///   cannot be estimated.
  public func run() throws -> FitReport {
    let table = try CSVReader.read(path: dataPath)
    return try run(on: table)
  }

  public func run(on table: DataTable) throws -> FitReport {
    _ = try table.requireColumn(outcome, role: "the --outcome")
    let chosen = indicators ?? table.defaultIndicators(excluding: [outcome] + catalog.outcomeIDs)
    guard !chosen.isEmpty else { throw AnalysisError.noIndicators }
    if let duplicate = chosen.first(where: { name in chosen.filter { $0 == name }.count > 1 }) {
      throw AnalysisError.collinearIndicators(["'\(duplicate)' is listed twice in --indicators"])
    }
    if chosen.contains(outcome) {
      throw AnalysisError.collinearIndicators(["the outcome '\(outcome)' is also listed as an indicator"])
    }
    let selection = try table.numericColumns(
      [outcome] + chosen, roles: ["the --outcome"] + Array(repeating: "an indicator", count: chosen.count), strict: strict)
    let fit = try OrdinaryLeastSquares.fit(
      outcome: outcome, response: selection.columns[0], indicators: chosen, columns: Array(selection.columns.dropFirst()),
      includeIntercept: includeIntercept, rankDeficiency: minimumNorm ? .minimumNorm : .fail)
    var catalog = self.catalog
    for (id, direction) in directions { catalog.setDirection(direction, for: id) }
    var known: [String: Direction] = [:]
    for id in chosen { if let info = catalog[id] { known[id] = info.direction } }
    let outcomeDirection: Direction
    var warnings: [String] = []
    if let info = catalog[outcome] {
      outcomeDirection = info.direction
    } else {
      outcomeDirection = .higherIsBetter
      warnings.append("The outcome '\(outcome)' has no known direction; assumed higher is better. State it with --direction \(outcome)=higher|lower.")
    }
    if selection.droppedRows > 0 {
      let detail = selection.missingByColumn.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
      warnings.append("\(selection.droppedRows) of \(table.rowCount) rows dropped for missing values (\(detail)); use --strict to fail instead.")
    }
    if table.encoding == .gb18030 {
      warnings.append("\(table.file) is not UTF-8; it was decoded as GB18030 (Chinese Excel's CSV encoding).")
    }
    let (weights, weightWarnings) = ImportanceWeights.standardized(fit: fit, directions: known, outcomeDirection: outcomeDirection)
    warnings += weightWarnings
    return FitReport(
      dataFile: table.file, encoding: table.encoding.rawValue, rowsRead: table.rowCount, droppedRows: selection.droppedRows, fit: fit,
      weights: weights, warnings: warnings, catalog: catalog, outcomeDirection: outcomeDirection)
  }
}
