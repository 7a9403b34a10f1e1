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
  /// The importance method; `nil`: ``ImportanceMethod/defaultChoice(logistic:centred:collinear:)``.
  public var method: ImportanceMethod?
  /// The pseudo-R² a logistic dominance analysis shares out.
  public var pseudoRSquared: DominanceStatistic = .mcfadden
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
  public var unlistedReason: Message?
  /// Standard errors of a linear fit (`nil`: ``CovarianceType/resolve(_:clusters:entity:rows:)``'s
  /// rule: clustered by the entity when it repeats, else iid) and the cluster columns.
  public var standardErrors: StandardErrorChoice?
  public var clusterColumns: [String] = []
  /// Fixed effects absorbed by the within transformation (one or two columns, e.g. team, month),
  /// and how they count in the clustered small-sample factor.
  public var fixedEffectColumns: [String] = []
  public var fixedEffectsParameterCount: FixedEffects.ParameterCount = .nested
  /// Lagged indicators (added beside the current ones) and the outcome's lead, per entity by period.
  public var lags: [Lag] = []
  public var leadOutcome: Int?
  /// Observation weights (weighted least squares), e.g. tickets per team-month.
  public var weightsColumn: String?
  /// Groups of indicators whose joint importance (LMG) is reported.
  public var sets: [IndicatorSet] = []

  public init(outcome: String) {
    self.outcome = outcome
  }

  /// Runs the fit on a loaded history.
  /// - Throws: ``DataError`` for columns that are missing or malformed, ``AnalysisError`` for a
  ///   model that cannot be estimated.
  public func run(on input: AnalysisInput) throws -> FitReport {
    let table = input.table
    var catalog = input.catalog
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
      var reserved = groupColumn.map { [$0: Message(en: "the bootstrap group", zh: "自助法分组")] } ?? [:]
      if let weights = weightsColumn.map(input.columnName) {
        reserved[weights] = Message(en: "the observation weights (\(Setting.weights))", zh: "观测权重（\(Setting.weights)）")
      }
      for name in fixedEffectColumns.map(input.columnName) { reserved[name] = Message(en: "a fixed effect (\(Setting.fixedEffects))", zh: "固定效应（\(Setting.fixedEffects)）") }
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
    let periodIndex = table.periodColumn()
    let entityIndex = table.entityColumn(named: groupColumn)
    let data = try assemble(input: input, outcome: outcome, chosen: chosen, entityIndex: entityIndex, periodIndex: periodIndex)
    catalog = data.catalog
    let response = data.response
    let columns = data.columns
    let indicatorNames = data.indicators
    let keptRows = data.keptRows

    var known: [String: Direction] = [:]
    for id in indicatorNames { if let info = catalog[id] { known[id] = info.direction } }
    var warnings: [Message] = input.percentNotes
    if let empty = ColumnRoles.emptyColumnsWarning(ignored) { warnings.append(empty) }
    let outcomeDirection: Direction
    if let info = catalog[outcome] {
      outcomeDirection = info.direction
    } else {
      outcomeDirection = .higherIsBetter
      warnings.append(
        Message(
          en: "The outcome '\(outcome)' has no known direction; assumed higher is better (\(Setting.inferDirections)).",
          zh: "结果指标 '\(outcome)' 没有已知方向；假定越高越好（\(Setting.inferDirections)）。",
          hintEn: "State it with \(Setting.direction) \(outcome)=higher|lower.", hintZh: "请用 \(Setting.direction) \(outcome)=higher|lower 指明。"))
    }
    warnings += data.warnings
    if let entity = table.entityColumn(named: groupColumn), let period = periodIndex, entity != period {
      let duplicates = table.duplicateRows(entity: entity, period: period)
      if let first = duplicates.first {
        let lines = (table.line(ofRow: first.first), table.line(ofRow: first.repeat))
        warnings.append(
          Message(
            en: "\(duplicates.count) row\(duplicates.count == 1 ? "" : "s") repeat an earlier \(table.fileHeader(entity)) × \(table.fileHeader(period)) (first at lines \(lines.0) and \(lines.1)); each counts as a separate observation, which understates the standard errors — remove the duplicates.",
            zh: "\(duplicates.count) 行与之前的 \(table.fileHeader(entity)) × \(table.fileHeader(period)) 重复（第一处在第 \(lines.0) 行和第 \(lines.1) 行）；每行都被当作独立观测，会低估标准误——请删除重复行。"))
      }
    }
    if table.encoding == .gb18030 {
      warnings.append(
        Message(
          en: "\(table.file) is not UTF-8; it was decoded as GB18030 (Chinese Excel's CSV encoding).",
          zh: "\(table.file) 不是 UTF-8 编码；已按 GB18030（中文 Excel 的 CSV 编码）解码。"))
    }
    warnings += plausibilityWarnings(table: table, names: indicatorNames, columns: columns, keptRows: keptRows, catalog: catalog)

    let logistic: Bool
    switch model {
    case .auto: logistic = LogisticRegression.isBinary(response)
    case .linear: logistic = false
    case .logistic: logistic = true
    }
    let groups = groupIndex.map { index in
      let labels = table.texts(column: index)
      return Statistics.denseCodes(keptRows.map { labels[$0] }).codes
    }

    // Each text column's codes, hashed once however many roles (entity, cluster, fixed effect,
    // period) it plays.
    var codesByColumn: [Int: TextCodes] = [:]
    func columnCodes(_ index: Int) -> TextCodes {
      if let codes = codesByColumn[index] { return codes }
      let codes = table.codes(column: index)
      codesByColumn[index] = codes
      return codes
    }
    // Clusters over the rows kept for the fit, and the covariance they imply.
    func clustering(_ index: Int) -> Clustering {
      // The column's byte-hashed codes, renumbered densely over the kept rows (an empty cell is
      // a cluster of its own, as its text "" would be).
      let column = columnCodes(index)
      // Level k of the column (−1, an empty cell, at the end) → its dense code over the kept rows.
      var dense = [Int](repeating: -1, count: column.levels.count + 1)
      var count = 0
      let kept = keptRows.map { row -> Int in
        let level = column.codes[row] < 0 ? column.levels.count : Int(column.codes[row])
        if dense[level] < 0 {
          dense[level] = count
          count += 1
        }
        return dense[level]
      }
      return Clustering(name: table.fileHeader(index), codes: kept, count: count)
    }
    let clusters = try clusterColumns.map { try clustering(table.requireColumn(input.columnName($0), role: "\(Setting.cluster)")) }
    let entity = entityIndex.flatMap { index in periodIndex != nil ? clustering(index) : nil }
    guard fixedEffectColumns.count <= 2 else {
      throw AnalysisError.unusableSetting(.fixedEffects, reason: "at most two fixed-effect columns (e.g. team and month); \(fixedEffectColumns.count) were given")
    }
    let fixedEffects = try fixedEffectColumns.isEmpty
      ? nil
      : FixedEffects(fixedEffectColumns.map { try clustering(table.requireColumn(input.columnName($0), role: "\(Setting.fixedEffects)")) })
    let covarianceType = try CovarianceType.resolve(standardErrors, clusters: clusters, entity: entity, rows: response.count)

    let setIndices = try sets.map { set -> [Int] in
      try set.members.map { member in
        let name = input.columnName(member)
        guard let j = indicatorNames.firstIndex(of: name) else {
          throw AnalysisError.unknownIndicator(name: member, context: "the indicator set '\(set.name)'", suggestion: nil)
        }
        return j
      }
    }
    if logistic {
      if !fixedEffectColumns.isEmpty || weightsColumn != nil || !sets.isEmpty {
        let what = !fixedEffectColumns.isEmpty ? Setting.fixedEffects : (weightsColumn != nil ? Setting.weights : Setting.indicatorSet)
        throw AnalysisError.unusableSetting(what, reason: "it applies to linear fits; the outcome '\(outcome)' is 0/1, so the fit is logistic (choose a linear model with \(Setting.model) linear)")
      }
      let (method, methodReason) = self.method.map { ($0, nil) } ?? ImportanceMethod.defaultChoice(logistic: true, centred: includeIntercept, collinear: false)
      try method.requireApplicable(outcome: outcome, logistic: true, includeIntercept: includeIntercept)
      let fit = try LogisticRegression.fit(
        outcome: outcome, response: response, indicators: indicatorNames, columns: columns, includeIntercept: includeIntercept, covariance: covarianceType)
      warnings += fit.covariance?.warnings ?? []
      if let few = LogisticRegression.fewEventsWarning(outcome: outcome, events: fit.events, rows: fit.observationCount, indicators: indicatorNames.count) {
        warnings.append(few)
      }
      let structure = CorrelationStructure(
        indicators: indicatorNames, predictors: Matrix.identity(indicatorNames.count), outcome: fit.standardizedCoefficients, observations: fit.observationCount)
      let pseudo = pseudoRSquared
      @Sendable func dominanceOf(_ y: [Double], _ x: [[Double]]) throws -> DominanceAnalysis {
        try DominanceAnalysis.logistic(response: y, columns: x, indicators: indicatorNames, statistic: pseudo)
      }
      let dominance = method == .dominance ? try dominanceOf(response, columns) : nil
      let logisticWeights = method == .relativeWeights ? try RelativeImportance.logisticRelativeWeights(response: response, columns: columns) : nil
      if let dominance, dominance.separatedSubmodels > 0 {
        warnings.append(
          Message(
            en: "\(dominance.separatedSubmodels) of the \(dominance.subsetValues.count - 1) submodels separate the outcome perfectly (their fit did not settle); their pseudo-R² is the value reached, so the dominance shares near them are approximate.",
            zh: "\(dominance.subsetValues.count - 1) 个子模型中有 \(dominance.separatedSubmodels) 个能完全分开结果（拟合未收敛）；其伪 R² 取达到的值，因此相关的优势分析份额只是近似值。"))
      }
      var (weights, weightWarnings) = try ImportanceWeights.compute(
        method: method, structure: structure, standardized: fit.standardizedCoefficients, known: known,
        outcomeDirection: outcomeDirection, outcome: outcome, pValues: indicatorNames.map { fit.coefficient(of: $0)?.pValue },
        precomputed: dominance?.general ?? logisticWeights)
      try requireKnownDirections(weights)
      warnings += weightWarnings
      var bootstrap: BootstrapResult? = nil
      if let replicates = bootstrapReplicates {
        let resolvedDirections = weights.map(\.direction)
        var options = BootstrapOptions(replicates: replicates, seed: seed)
        options.groups = groups
        let intercept = includeIntercept
        let result = try Bootstrap.run(rows: response.count, width: indicatorNames.count, options: options, progress: progress) { multiplicity in
          let replicateFit = try LogisticRegression.fit(
            outcome: outcome, response: response, indicators: indicatorNames, columns: columns, includeIntercept: intercept, frequencies: multiplicity)
          let s = CorrelationStructure(
            indicators: indicatorNames, predictors: Matrix.identity(indicatorNames.count), outcome: replicateFit.standardizedCoefficients,
            observations: replicateFit.observationCount)
          var scores: [Double]? = nil
          if method == .dominance || method == .relativeWeights {
            // The replicate's rows, each as often as it was drawn.
            let rows = multiplicity.indices.flatMap { Array(repeating: $0, count: multiplicity[$0]) }
            let (y, x) = (rows.map { response[$0] }, columns.map { column in rows.map { column[$0] } })
            scores = method == .dominance ? try dominanceOf(y, x).general : try RelativeImportance.logisticRelativeWeights(response: y, columns: x)
          }
          return try ImportanceWeights.weights(
            method: method, structure: s, standardized: replicateFit.standardizedCoefficients, directions: resolvedDirections,
            outcomeDirection: outcomeDirection, precomputed: scores
          ).weights
        }
        weights = result.attach(to: weights)
        warnings += result.rankingWarnings(weights)
        bootstrap = result
      }
      var report = FitReport(
        dataFile: table.file, encoding: table.encoding.rawValue, rowsRead: table.rowCount, droppedRows: data.droppedRows,
        model: .logistic(fit), method: method, weights: weights, bootstrap: bootstrap, seed: seed, groupColumn: groupColumn,
        warnings: warnings, catalog: catalog, outcomeDirection: outcomeDirection, columnSummary: input.columnSummary(ignored: ignored))
      report.data = data
      report.methodReason = methodReason
      report.dominance = dominance
      report.lags = lags
      report.leadOutcome = leadOutcome
      report.periodUnit = data.periodUnit
      report.lagDroppedRows = data.lagDroppedRows
      return report
    }

    let fitEffects = fixedEffects.map { effects in
      var effects = effects
      effects.parameterCount = fixedEffectsParameterCount
      return effects
    }
    func olsFit() throws -> RegressionFit {
      try OrdinaryLeastSquares.fit(
        outcome: outcome, response: response, indicators: indicatorNames, columns: columns, includeIntercept: includeIntercept,
        rankDeficiency: minimumNorm ? .minimumNorm : .fail, covariance: covarianceType, weights: data.weights, fixedEffects: fitEffects)
    }
    // On a large history the outcome's ranks (for the in-sample backtest) are taken on the other
    // core while the fit runs (BLAS is single-threaded for the command line).
    let fit: RegressionFit
    var outcomeRanks: [Double]? = nil
    if response.count >= 100_000 {
      enum Part: Sendable {
        case fit(RegressionFit)
        case ranks([Double])
      }
      let parts = try Parallel.map(2) { k -> Part in k == 0 ? .fit(try olsFit()) : .ranks(Backtest.ranks(response)) }
      guard case .fit(let fitted) = parts[0], case .ranks(let ranks) = parts[1] else { preconditionFailure("two parts") }
      (fit, outcomeRanks) = (fitted, ranks)
    } else {
      fit = try olsFit()
    }
    warnings += fit.covariance?.warnings ?? []
    if let collinear = try Collinearity.check(
      indicators: indicatorNames, vif: indicatorNames.map { fit.coefficient(of: $0)?.varianceInflation ?? nil }, minimumNorm: minimumNorm)
    {
      warnings.append(collinear)
    }
    let parameters = indicatorNames.count + (fit.hasIntercept ? 1 : 0)
    let centred = includeIntercept || fixedEffects != nil
    let (method, methodReason) = self.method.map { ($0, nil) } ?? ImportanceMethod.defaultChoice(logistic: false, centred: centred, collinear: fit.rank < parameters)
    try method.requireApplicable(outcome: outcome, logistic: false, includeIntercept: centred, rank: fit.rank, parameters: parameters)
    let structure: CorrelationStructure
    if method == .standardized {
      structure = CorrelationStructure(
        indicators: indicatorNames, predictors: Matrix.identity(indicatorNames.count), outcome: fit.standardizedCoefficients, observations: fit.observationCount)
    } else if let cross = fit.centredCrossProducts {
      structure = try CorrelationStructure(outcomeName: outcome, crossProducts: cross, indicators: indicatorNames, observations: fit.observationCount)
    } else {
      structure = try CorrelationStructure(outcomeName: outcome, response: response, columns: columns, indicators: indicatorNames, rowWeights: data.weights)
    }
    var (weights, weightWarnings) = try ImportanceWeights.compute(
      method: method, structure: structure, standardized: fit.standardizedCoefficients, known: known, outcomeDirection: outcomeDirection,
      outcome: outcome, pValues: indicatorNames.map { fit.coefficient(of: $0)?.pValue })
    try requireKnownDirections(weights)
    warnings += weightWarnings
    var bootstrap: BootstrapResult? = nil
    var noiseReference: BootstrapResult? = nil
    if let replicates = bootstrapReplicates {
      var options = BootstrapOptions(replicates: replicates, seed: seed)
      options.groups = groups
      // With fixed effects, replicates resample the within-transformed rows (the effects held
      // at their full-sample values); with weights, each row counts its weight times its draws.
      let model = fit.modelData
      let result = try Bootstrap.weightIntervals(
        response: model?.response ?? response, columns: model?.columns ?? columns, indicators: indicatorNames, method: method,
        directions: weights.map(\.direction), outcomeDirection: outcomeDirection, options: options, rowWeights: data.weights,
        progress: progress)
      weights = result.attach(to: weights)
      warnings += result.rankingWarnings(weights)
      bootstrap = result
      if method != .nnls {
        let noise = try Bootstrap.noiseReference(
          response: model?.response ?? response, columns: model?.columns ?? columns, indicators: indicatorNames, method: method, options: options,
          rowWeights: data.weights)
        noiseReference = noise
        let weak = weights.indices.filter { weights[$0].weight > 0 && noise.low[$0] <= 0 }
        if !weak.isEmpty {
          let names = weak.map { "'\(weights[$0].indicator)'" }
          warnings.append(
            Message(
              en: "Not distinguishable from a random-noise indicator (the bootstrap interval of its \(method.scoreName) minus the noise's reaches 0): \(names.joined(separator: ", ")); its weight may be noise.",
              zh: "与随机噪声指标无法区分（其 \(method.scoreName) 减去噪声值的自助法区间达到 0）：\(names.joined(separator: "、"))；其权重可能只是噪声。"))
        }
      }
    }
    var report = FitReport(
      dataFile: table.file, encoding: table.encoding.rawValue, rowsRead: table.rowCount, droppedRows: data.droppedRows,
      model: .linear(fit), method: method, weights: weights, bootstrap: bootstrap, seed: seed, groupColumn: groupColumn,
      warnings: warnings, catalog: catalog, outcomeDirection: outcomeDirection, columnSummary: input.columnSummary(ignored: ignored))
    report.data = data
    report.methodReason = methodReason
    report.noiseReference = noiseReference
    if method == .dominance { report.dominance = try DominanceAnalysis.linear(structure) }
    // In sample, and out of sample by rolling origin over the periods.
    let directions = weights.map(\.direction)
    report.sets = try setImportance(structure: structure, groups: setIndices)
    report.lags = lags
    report.leadOutcome = leadOutcome
    report.periodUnit = data.periodUnit
    report.weightsColumn = weightsColumn.map(input.columnName)
    report.lagDroppedRows = data.lagDroppedRows
    report.zeroWeightRows = data.zeroWeightRows
    let scores = Backtest.scores(columns: columns, directions: directions, weights: weights.map(\.weight))
    report.inSampleSpearman = Backtest.spearman(score: scores, outcome: response, outcomeDirection: outcomeDirection, outcomeRanks: outcomeRanks)
    if let periodIndex {
      // Periods as byte-hashed codes (an empty cell is a period "" of its own).
      let periodCodes = columnCodes(periodIndex)
      let empty = keptRows.contains { periodCodes.codes[$0] < 0 }
      let labels = periodCodes.levels + (empty ? [""] : [])
      let codes = keptRows.map { row in periodCodes.codes[row] < 0 ? labels.count - 1 : Int(periodCodes.codes[row]) }
      report.periodColumn = table.fileHeader(periodIndex)
      report.periods = (codes, labels)
      var rolling: RollingCrossProducts? = nil
      var originWeights: [Int: [Double]] = [:]
      report.rollingOrigin = Backtest.rollingOrigin(
        periodCodes: codes, labels: labels, columns: columns, directions: directions, outcome: response, outcomeDirection: outcomeDirection
      ) { origin, ranks in
        // The training periods' cross products from sums accumulated once (exact, and with fixed
        // effects re-estimated on the training rows only, so nothing leaks from the origin).
        if rolling == nil {
          rolling = try RollingCrossProducts(columns: columns + [response], periodRanks: ranks, rowWeights: data.weights, fixedEffects: fixedEffects)
        }
        let fitted: [Double]
        if let (cross, rows) = rolling?.crossProducts(before: origin) {
          let structure = try CorrelationStructure(outcomeName: outcome, crossProducts: cross, indicators: indicatorNames, observations: rows)
          let standardized = try RelativeImportance.standardizedCoefficients(structure)
          fitted = try ImportanceWeights.weights(method: method, structure: structure, standardized: standardized, directions: directions, outcomeDirection: outcomeDirection).weights
        } else {
          // An unbalanced two-way panel: the fixed effects are absorbed again on the training rows.
          fitted = try ImportanceWeights.withinWeights(
            response: response, columns: columns, indicators: indicatorNames, training: ranks.map { $0 < origin ? 1 : 0 }, fixedEffects: fixedEffects!,
            rowWeights: data.weights, method: method, directions: directions, outcomeDirection: outcomeDirection)
        }
        originWeights[origin] = fitted
        return fitted
      }
      report.originWeights = originWeights
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
  func plausibilityWarnings(table: DataTable, names: [String], columns: [[Double]], keptRows: [Int], catalog: IndicatorCatalog) -> [Message] {
    var warnings: [Message] = []
    for (name, column) in zip(names, columns) {
      guard let range = catalog[name]?.plausibleRange else { continue }
      var count = 0
      var first: Int? = nil
      for (i, value) in column.enumerated() where !range.contains(value) {
        count += 1
        if first == nil { first = i }
      }
      guard count > 0, let first, let index = table.columnIndex(named: name) else { continue }
      let at = table.location(row: keptRows[first], column: index)
      let bounds = range.upperBound == .greatestFiniteMagnitude ? "≥ \(Self.plain(range.lowerBound))" : "\(Self.plain(range.lowerBound))–\(Self.plain(range.upperBound))"
      var advice = ("check the units", "请检查单位")
      if range.upperBound == 100 && column.allSatisfy({ $0 <= 1.0001 || !range.contains($0) }) {
        advice = ("fractions (0.85) where percentages (85) are expected?", "是否把百分数（85）写成了小数（0.85）？")
      }
      let value = Self.plain(column[first])
      warnings.append(
        Message(
          en: "'\(name)' has \(count) value\(count == 1 ? "" : "s") outside the plausible range \(bounds) (first at \(at.file):\(at.line):\(at.column), value \(value)); \(advice.0)",
          zh: "'\(name)' 有 \(count) 个值超出合理范围 \(bounds)（第一个在 \(at.file):\(at.line):\(at.column)，值为 \(value)）；\(advice.1)"))
    }
    return warnings
  }

  /// LMG of each indicator set (with every other indicator a player of its own).
  func setImportance(structure: CorrelationStructure, groups: [[Int]]) throws -> [SetImportance] {
    guard !groups.isEmpty else { return [] }
    let values = try RelativeImportance.lmg(structure, groups: groups)
    let total = values.reduce(0, +)
    return zip(sets, values).map { set, value in
      SetImportance(name: set.name, members: set.members, rSquared: value, share: total > 0 ? value / total : .nan)
    }
  }

  static func plain(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
  }
}
