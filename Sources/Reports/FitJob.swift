import DataSources
import LinearAlgebra
import WeightAnalysis

/// The `fit` pipeline as a library call: read the CSV, select and validate columns, fit, weigh,
/// optionally bootstrap.
public struct FitJob: Sendable {
  /// Which regression model to fit.
  public enum Model: String, Sendable, CaseIterable {
    /// Logistic when the outcome is 0/1, linear otherwise.
    case auto
    case linear
    case logistic
  }

  public var dataPath: String
  public var outcome: String
  /// `nil` means every numeric column except the outcome, the catalog's other outcomes and
  /// id/period columns.
  public var indicators: [String]?
  public var includeIntercept = true
  public var strict = false
  public var minimumNorm = false
  public var method: ImportanceMethod = .lmg
  public var model: Model = .auto
  /// Directions given on the command line (`--direction col=higher|lower`); they override the catalog.
  public var directions: [String: Direction] = [:]
  public var catalog = IndicatorCatalog.builtIn
  /// Bootstrap replicates (`nil`: no bootstrap), seed, and the column whose groups are resampled.
  public var bootstrapReplicates: Int?
  public var seed: UInt64 = 1
  public var groupColumn: String?
  /// Called with the number of finished bootstrap replicates (from worker threads).
  public var progress: (@Sendable (Int) -> Void)?
  /// Called with (bytes parsed, total bytes) while a large file is read.
  public var readProgress: (@Sendable (Int, Int) -> Void)?

  public init(dataPath: String, outcome: String) {
    self.dataPath = dataPath
    self.outcome = outcome
  }

  /// Runs the pipeline.
  /// - Throws: ``DataError`` for unreadable or malformed input, ``AnalysisError`` for a model that
  ///   cannot be estimated.
  public func run() throws -> FitReport {
    let table = try CSVReader.read(path: dataPath, progress: readProgress)
    return try run(on: table)
  }

  public func run(on table: DataTable) throws -> FitReport {
    _ = try table.requireColumn(outcome, role: "the --outcome")
    // Names given by the user must exist in the data: --direction columns and catalog-file entries.
    for name in directions.keys.sorted() { _ = try table.requireColumn(name, role: "--direction") }
    for entry in catalog.fileEntries where !entry.isOptional {
      _ = try table.requireColumn(entry.id, role: "the catalog entry from \(entry.source ?? "the catalog") (mark it `optional: true` if this dataset may lack it)")
    }
    let chosen = indicators ?? table.defaultIndicators(excluding: [outcome] + catalog.outcomeIDs + [groupColumn].compactMap { $0 })
    guard !chosen.isEmpty else { throw AnalysisError.noIndicators }
    if let duplicate = chosen.first(where: { name in chosen.filter { $0 == name }.count > 1 }) {
      throw AnalysisError.collinearIndicators(["'\(duplicate)' is listed twice in --indicators"])
    }
    if chosen.contains(outcome) {
      throw AnalysisError.collinearIndicators(["the outcome '\(outcome)' is also listed as an indicator"])
    }
    let groupIndex = try groupColumn.map { try table.requireColumn($0, role: "--group") }
    let selection = try table.numericColumns(
      [outcome] + chosen, roles: ["the --outcome"] + Array(repeating: "an indicator", count: chosen.count), strict: strict)
    let response = selection.columns[0]
    let columns = Array(selection.columns.dropFirst())

    var catalog = self.catalog
    for (id, direction) in directions { catalog.setDirection(direction, for: id) }
    var known: [String: Direction] = [:]
    for id in chosen { if let info = catalog[id] { known[id] = info.direction } }
    var warnings: [String] = []
    let outcomeDirection: Direction
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
    warnings += plausibilityWarnings(table: table, selection: selection, catalog: catalog)

    let logistic: Bool
    switch model {
    case .auto: logistic = LogisticRegression.isBinary(response)
    case .linear: logistic = false
    case .logistic: logistic = true
    }
    let groups = groupIndex.map { index in groupNumbers(table.texts(column: index), rows: selection.keptRows) }

    if logistic {
      if method != .standardized {
        throw AnalysisError.methodNotApplicable(
          method: method.rawValue,
          reason: "the outcome '\(outcome)' is 0/1, so a logistic model is fitted and it has no R² to decompose; use --method standardized (importance from standardised coefficients), or --model linear for a linear probability model")
      }
      let fit = try LogisticRegression.fit(outcome: outcome, response: response, indicators: chosen, columns: columns, includeIntercept: includeIntercept)
      let structure = CorrelationStructure(
        indicators: chosen, predictors: Matrix.identity(chosen.count), outcome: fit.standardizedCoefficients, observations: fit.observationCount)
      var (weights, weightWarnings) = try ImportanceWeights.compute(
        method: .standardized, structure: structure, standardized: fit.standardizedCoefficients, known: known,
        outcomeDirection: outcomeDirection, outcome: outcome, pValues: chosen.map { fit.coefficient(of: $0)?.pValue })
      warnings += weightWarnings
      var bootstrap: BootstrapResult? = nil
      if let replicates = bootstrapReplicates {
        let resolvedDirections = weights.map(\.direction)
        var options = BootstrapOptions(replicates: replicates, seed: seed)
        options.groups = groups
        let intercept = includeIntercept
        let result = try Bootstrap.run(rows: response.count, width: chosen.count, options: options, progress: progress) { multiplicity in
          let replicateFit = try LogisticRegression.fit(
            outcome: outcome, response: response, indicators: chosen, columns: columns, includeIntercept: intercept, frequencies: multiplicity)
          let s = CorrelationStructure(
            indicators: chosen, predictors: Matrix.identity(chosen.count), outcome: replicateFit.standardizedCoefficients,
            observations: replicateFit.observationCount)
          return try ImportanceWeights.weights(
            method: .standardized, structure: s, standardized: replicateFit.standardizedCoefficients, directions: resolvedDirections,
            outcomeDirection: outcomeDirection
          ).weights
        }
        attach(result, to: &weights, warnings: &warnings)
        bootstrap = result
      }
      return FitReport(
        dataFile: table.file, encoding: table.encoding.rawValue, rowsRead: table.rowCount, droppedRows: selection.droppedRows,
        model: .logistic(fit), method: .standardized, weights: weights, bootstrap: bootstrap, seed: seed, groupColumn: groupColumn,
        warnings: warnings, catalog: catalog, outcomeDirection: outcomeDirection)
    }

    let fit = try OrdinaryLeastSquares.fit(
      outcome: outcome, response: response, indicators: chosen, columns: columns, includeIntercept: includeIntercept,
      rankDeficiency: minimumNorm ? .minimumNorm : .fail)
    let parameters = chosen.count + (includeIntercept ? 1 : 0)
    if fit.rank < parameters && method != .standardized {
      throw AnalysisError.methodNotApplicable(
        method: method.rawValue,
        reason: "the indicators are collinear (rank \(fit.rank) of \(parameters)), so their separate shares of R² are not identified; with --min-norm use --method standardized, or drop the redundant indicator")
    }
    if !includeIntercept && method != .standardized {
      throw AnalysisError.methodNotApplicable(
        method: method.rawValue, reason: "R² decompositions and the composite work on centred (standardised) variables, which needs the intercept; drop --no-intercept or use --method standardized")
    }
    let structure: CorrelationStructure
    if method == .standardized {
      structure = CorrelationStructure(
        indicators: chosen, predictors: Matrix.identity(chosen.count), outcome: fit.standardizedCoefficients, observations: fit.observationCount)
    } else if let cross = fit.centredCrossProducts {
      structure = try CorrelationStructure(outcomeName: outcome, crossProducts: cross, indicators: chosen, observations: fit.observationCount)
    } else {
      structure = try CorrelationStructure(outcomeName: outcome, response: response, columns: columns, indicators: chosen)
    }
    var (weights, weightWarnings) = try ImportanceWeights.compute(
      method: method, structure: structure, standardized: fit.standardizedCoefficients, known: known, outcomeDirection: outcomeDirection,
      outcome: outcome, pValues: chosen.map { fit.coefficient(of: $0)?.pValue })
    warnings += weightWarnings
    var bootstrap: BootstrapResult? = nil
    if let replicates = bootstrapReplicates {
      var options = BootstrapOptions(replicates: replicates, seed: seed)
      options.groups = groups
      let result = try Bootstrap.weightIntervals(
        response: response, columns: columns, indicators: chosen, method: method, directions: weights.map(\.direction),
        outcomeDirection: outcomeDirection, options: options, progress: progress)
      attach(result, to: &weights, warnings: &warnings)
      bootstrap = result
    }
    return FitReport(
      dataFile: table.file, encoding: table.encoding.rawValue, rowsRead: table.rowCount, droppedRows: selection.droppedRows,
      model: .linear(fit), method: method, weights: weights, bootstrap: bootstrap, seed: seed, groupColumn: groupColumn,
      warnings: warnings, catalog: catalog, outcomeDirection: outcomeDirection)
  }

  /// Puts the intervals on the weights and says when the data cannot support the ranking.
  func attach(_ result: BootstrapResult, to weights: inout [IndicatorWeight], warnings: inout [String]) {
    for j in weights.indices { weights[j].interval = (result.low[j], result.high[j]) }
    if result.failed > 0 {
      warnings.append("\(result.failed) of \(result.failed + result.completed) bootstrap replicates could not be computed (a resample made an indicator constant or collinear); the intervals use the other \(result.completed).")
    }
    let wide = weights.filter { w in
      guard let interval = w.interval, w.weight > 0 else { return false }
      return interval.high - interval.low > w.weight
    }
    if !wide.isEmpty {
      warnings.append(
        "The bootstrap interval is wider than the weight itself for \(wide.map { "'\($0.indicator)'" }.joined(separator: ", ")): the data cannot support ranking these indicators.")
    }
    // Overlapping intervals of neighbours in the ranking.
    let ranked = weights.filter { $0.weight > 0 }.sorted { $0.weight > $1.weight }
    var ties: [String] = []
    for k in ranked.indices.dropLast() {
      if let a = ranked[k].interval, let b = ranked[k + 1].interval, a.low <= b.high {
        ties.append("'\(ranked[k].indicator)' and '\(ranked[k + 1].indicator)'")
      }
    }
    if !ties.isEmpty {
      warnings.append("Bootstrap intervals overlap for \(ties.joined(separator: ", ")): the history does not establish which of each pair matters more.")
    }
  }

  /// Dense group numbers (order of first appearance) for the kept rows.
  func groupNumbers(_ labels: [String], rows: [Int]) -> [Int] {
    var numbers: [String: Int] = [:]
    return rows.map { row in
      let label = labels[row]
      if let number = numbers[label] { return number }
      numbers[label] = numbers.count
      return numbers.count - 1
    }
  }

  /// Values outside the catalog's plausible ranges (reported, not dropped).
  func plausibilityWarnings(table: DataTable, selection: NumericSelection, catalog: IndicatorCatalog) -> [String] {
    var warnings: [String] = []
    for (name, column) in zip(selection.names, selection.columns) {
      guard let range = catalog[name]?.plausibleRange else { continue }
      var count = 0
      var first: Int? = nil
      for (i, value) in column.enumerated() where !range.contains(value) {
        count += 1
        if first == nil { first = i }
      }
      guard count > 0, let first, let index = table.columnIndex(named: name) else { continue }
      let at = table.location(row: selection.keptRows[first], column: index)
      let bounds = range.upperBound == .greatestFiniteMagnitude ? "≥ \(Self.plain(range.lowerBound))" : "\(Self.plain(range.lowerBound))–\(Self.plain(range.upperBound))"
      var advice = "check the units"
      if range.upperBound == 100 && column.allSatisfy({ $0 <= 1.0001 || !range.contains($0) }) { advice = "fractions (0.85) where percentages (85) are expected?" }
      warnings.append(
        "'\(name)' has \(count) value\(count == 1 ? "" : "s") outside the plausible range \(bounds) (first at \(at.file):\(at.line):\(at.column), value \(Self.plain(column[first]))); \(advice)")
    }
    return warnings
  }

  static func plain(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
  }
}
