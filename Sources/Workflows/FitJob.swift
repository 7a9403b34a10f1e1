import DataSources
import LinearAlgebra
import WeightAnalysis

/// The `fit` workflow: select and validate columns of a loaded history, fit, weigh, optionally
/// bootstrap.
public struct FitJob: Sendable {
  /// Which regression model to fit.
  public enum Model: String, Sendable, CaseIterable {
    /// Logistic when the outcome is 0/1, linear otherwise.
    case auto
    case linear
    case logistic
  }

  public var outcome: String
  /// `nil` means every numeric column except the outcome, the catalog's other outcomes and
  /// id/period columns.
  public var indicators: [String]?
  public var includeIntercept = true
  public var strict = false
  public var minimumNorm = false
  public var method: ImportanceMethod = .lmg
  public var model: Model = .auto
  /// Bootstrap replicates (`nil`: no bootstrap), seed, and the column whose groups are resampled.
  public var bootstrapReplicates: Int?
  public var seed: UInt64 = 1
  public var groupColumn: String?
  /// Called with the number of finished bootstrap replicates (from worker threads).
  public var progress: (@Sendable (Int) -> Void)?
  /// Infer unknown directions from the fitted signs (with warnings) instead of refusing them.
  public var inferDirections = false
  /// Why columns outside ``indicators`` were left out (when a preset chose the indicators).
  public var unlistedReason: String?
  /// Standard errors of a linear fit (`nil`: ``CovarianceType/resolve(_:clusters:entity:rows:)``'s
  /// rule: clustered by the entity when it repeats, else iid) and the cluster columns.
  public var standardErrors: StandardErrorChoice?
  public var clusterColumns: [String] = []

  public init(outcome: String) {
    self.outcome = outcome
  }

  /// Runs the fit on a loaded history.
  /// - Throws: ``DataError`` for columns that are missing or malformed, ``AnalysisError`` for a
  ///   model that cannot be estimated.
  public func run(on input: AnalysisInput) throws -> FitReport {
    let table = input.table
    let catalog = input.catalog
    let outcome = input.columnName(self.outcome)
    let groupColumn = self.groupColumn.map(input.columnName)
    _ = try table.requireColumn(outcome, role: "the \(Setting.outcome)")
    if catalog[outcome] == nil && !inferDirections { throw AnalysisError.unknownOutcomeDirection(outcome: outcome) }
    let chosen: [String]
    let ignored: [IgnoredColumn]
    if let listed = indicators?.map(input.columnName) {
      chosen = listed
      ignored = ColumnRoles.unlisted(table: table, catalog: catalog, used: Set(listed + [outcome]), reason: unlistedReason)
    } else {
      let reserved = groupColumn.map { [$0: "the bootstrap group"] } ?? [:]
      (chosen, ignored) = ColumnRoles.defaultIndicators(table: table, catalog: catalog, outcome: outcome, reserved: reserved, includeUnknownDirections: inferDirections)
    }
    if chosen.isEmpty {
      // Numeric columns were there but without a direction: say which, and how to include them.
      let undirected = table.columns.filter { $0.isNumeric && $0.name != outcome && catalog[$0.name] == nil && !DataTable.isIdentifierName($0.name) }.map(\.name)
      if !undirected.isEmpty { throw AnalysisError.unknownDirections(indicators: undirected, suggested: undirected.map { _ in nil }) }
      throw AnalysisError.noIndicators
    }
    if let duplicate = chosen.first(where: { name in chosen.filter { $0 == name }.count > 1 }) {
      throw AnalysisError.collinearIndicators(["'\(duplicate)' is listed twice in \(Setting.indicators)"])
    }
    if chosen.contains(outcome) {
      throw AnalysisError.collinearIndicators(["the outcome '\(outcome)' is also listed as an indicator"])
    }
    let groupIndex = try groupColumn.map { try table.requireColumn($0, role: "\(Setting.group)") }
    let selection = try table.numericColumns(
      [outcome] + chosen, roles: ["the \(Setting.outcome)"] + Array(repeating: "an indicator", count: chosen.count), strict: strict)
    let response = selection.columns[0]
    let columns = Array(selection.columns.dropFirst())

    var known: [String: Direction] = [:]
    for id in chosen { if let info = catalog[id] { known[id] = info.direction } }
    var warnings: [String] = []
    let outcomeDirection: Direction
    if let info = catalog[outcome] {
      outcomeDirection = info.direction
    } else {
      outcomeDirection = .higherIsBetter
      warnings.append("The outcome '\(outcome)' has no known direction; assumed higher is better (\(Setting.inferDirections)). State it with \(Setting.direction) \(outcome)=higher|lower.")
    }
    if selection.droppedRows > 0 {
      let detail = selection.missingByColumn.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
      warnings.append("\(selection.droppedRows) of \(table.rowCount) rows dropped for missing values (\(detail)); use \(Setting.strict) to fail instead.")
    }
    let periodIndex = table.periodColumn()
    if let entity = table.entityColumn(named: groupColumn), let period = periodIndex, entity != period {
      let duplicates = table.duplicateRows(entity: entity, period: period)
      if let first = duplicates.first {
        warnings.append(
          "\(duplicates.count) row\(duplicates.count == 1 ? "" : "s") repeat an earlier \(table.fileHeader(entity)) × \(table.fileHeader(period)) (first at lines \(table.line(ofRow: first.first)) and \(table.line(ofRow: first.repeat))); each counts as a separate observation, which understates the standard errors — remove the duplicates.")
      }
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
    let groups = groupIndex.map { index in
      let labels = table.texts(column: index)
      return Statistics.denseCodes(selection.keptRows.map { labels[$0] }).codes
    }

    // Clusters over the rows kept for the fit, and the covariance they imply.
    func clustering(_ index: Int) -> Clustering {
      // The column's byte-hashed codes, renumbered densely over the kept rows (an empty cell is
      // a cluster of its own, as its text "" would be).
      let codes = table.codes(column: index).codes
      var dense: [Int32: Int] = [:]
      let kept = selection.keptRows.map { row -> Int in
        if let code = dense[codes[row]] { return code }
        dense[codes[row]] = dense.count
        return dense.count - 1
      }
      return Clustering(name: table.fileHeader(index), codes: kept, count: dense.count)
    }
    let clusters = try clusterColumns.map { try clustering(table.requireColumn(input.columnName($0), role: "\(Setting.cluster)")) }
    let entity = table.entityColumn(named: groupColumn).flatMap { index in periodIndex != nil ? clustering(index) : nil }
    let covarianceType = try CovarianceType.resolve(standardErrors, clusters: clusters, entity: entity, rows: response.count)

    if logistic {
      try method.requireApplicable(outcome: outcome, logistic: true, includeIntercept: includeIntercept)
      let fit = try LogisticRegression.fit(
        outcome: outcome, response: response, indicators: chosen, columns: columns, includeIntercept: includeIntercept, covariance: covarianceType)
      warnings += fit.covariance?.warnings ?? []
      let structure = CorrelationStructure(
        indicators: chosen, predictors: Matrix.identity(chosen.count), outcome: fit.standardizedCoefficients, observations: fit.observationCount)
      var (weights, weightWarnings) = try ImportanceWeights.compute(
        method: .standardized, structure: structure, standardized: fit.standardizedCoefficients, known: known,
        outcomeDirection: outcomeDirection, outcome: outcome, pValues: chosen.map { fit.coefficient(of: $0)?.pValue })
      try requireKnownDirections(weights)
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
        weights = result.attach(to: weights)
        warnings += result.rankingWarnings(weights)
        bootstrap = result
      }
      return FitReport(
        dataFile: table.file, encoding: table.encoding.rawValue, rowsRead: table.rowCount, droppedRows: selection.droppedRows,
        model: .logistic(fit), method: .standardized, weights: weights, bootstrap: bootstrap, seed: seed, groupColumn: groupColumn,
        warnings: warnings, catalog: catalog, outcomeDirection: outcomeDirection, columnSummary: input.columnSummary(ignored: ignored))
    }

    let fit = try OrdinaryLeastSquares.fit(
      outcome: outcome, response: response, indicators: chosen, columns: columns, includeIntercept: includeIntercept,
      rankDeficiency: minimumNorm ? .minimumNorm : .fail, covariance: covarianceType)
    warnings += fit.covariance?.warnings ?? []
    let parameters = chosen.count + (includeIntercept ? 1 : 0)
    try method.requireApplicable(outcome: outcome, logistic: false, includeIntercept: includeIntercept, rank: fit.rank, parameters: parameters)
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
    try requireKnownDirections(weights)
    warnings += weightWarnings
    var bootstrap: BootstrapResult? = nil
    if let replicates = bootstrapReplicates {
      var options = BootstrapOptions(replicates: replicates, seed: seed)
      options.groups = groups
      let result = try Bootstrap.weightIntervals(
        response: response, columns: columns, indicators: chosen, method: method, directions: weights.map(\.direction),
        outcomeDirection: outcomeDirection, options: options, progress: progress)
      weights = result.attach(to: weights)
      warnings += result.rankingWarnings(weights)
      bootstrap = result
    }
    var report = FitReport(
      dataFile: table.file, encoding: table.encoding.rawValue, rowsRead: table.rowCount, droppedRows: selection.droppedRows,
      model: .linear(fit), method: method, weights: weights, bootstrap: bootstrap, seed: seed, groupColumn: groupColumn,
      warnings: warnings, catalog: catalog, outcomeDirection: outcomeDirection, columnSummary: input.columnSummary(ignored: ignored))
    // In sample, and out of sample by rolling origin over the periods.
    let directions = weights.map(\.direction)
    let scores = Backtest.scores(columns: columns, directions: directions, weights: weights.map(\.weight))
    report.inSampleSpearman = Backtest.tracking(score: scores, outcome: response, outcomeDirection: outcomeDirection).spearman
    if let periodIndex {
      let labels = table.texts(column: periodIndex)
      let method = self.method
      report.periodColumn = table.fileHeader(periodIndex)
      report.rollingOrigin = Backtest.rollingOrigin(
        periods: selection.keptRows.map { labels[$0] }, columns: columns, directions: directions, outcome: response, outcomeDirection: outcomeDirection
      ) { multiplicity in
        try ImportanceWeights.weights(
          response: response, columns: columns, indicators: chosen, multiplicities: multiplicity, method: method, directions: directions,
          outcomeDirection: outcomeDirection)
      }
    }
    return report
  }

  /// The rule "no silent direction guesses": indicators whose direction had to be inferred are an
  /// error naming all of them, with the directions their fitted signs imply, unless
  /// ``inferDirections``.
  func requireKnownDirections(_ weights: [IndicatorWeight]) throws {
    let inferred = weights.filter(\.directionInferred)
    guard !inferDirections, !inferred.isEmpty else { return }
    throw AnalysisError.unknownDirections(indicators: inferred.map(\.indicator), suggested: inferred.map(\.direction))
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
