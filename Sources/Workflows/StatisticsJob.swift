import DataSources
import Foundation
import LinearAlgebra
import WeightAnalysis

/// One pass over a CSV in bounded memory into ``SufficientStatistics`` (`kpi-weights stats`, and
/// `fit --streaming`).
///
/// The first chunk is read as an ordinary table: it types the columns, matches headers to the
/// catalog and chooses the default indicators exactly as an in-memory read does. Then every
/// chunk is parsed and factored on its own core (chunk `i` to worker `i mod W`, merged in worker
/// order, so the result is the same on every run); memory is `W` chunks plus `O(p² · G)` for the
/// factor and the clusters' Gram matrices. Rows with a missing value in the model's columns are
/// left out, as in memory. Values are taken as written: the in-memory read's yes/no columns and
/// percent-scale detection need the whole column and are not applied (a yes/no cell is an error
/// naming it).
public struct StatisticsJob: Sendable {
  public var outcome: String
  /// `nil`: the default indicators of the first chunk (numeric columns with a known direction).
  public var indicators: [String]?
  /// The cluster column (`nil`: the entity column, e.g. team, when there is one).
  public var clusterColumn: String?
  /// Leave clusters out (the fit's errors are then iid).
  public var noClusters = false
  public var chunkBytes = 8 << 20
  /// Parsing workers (the cores).
  public var workers = 2
  /// A missing value is an error naming its cell, instead of leaving its row out.
  public var strict = false

  public init(outcome: String) { self.outcome = outcome }

  /// The statistics, and what the pass saw.
  public struct Result: Sendable {
    public let statistics: SufficientStatistics
    public let file: String
    public let encoding: String
    public let sha256: String
    public let bytesRead: Int
    public let rowsRead: Int
    public let droppedRows: Int
    /// Missing values per model column (indicators, then the outcome).
    public let missing: [String: Int]
    public let catalog: IndicatorCatalog
    /// Headers matched to catalog ids and the columns left out (with why).
    public let columnSummary: ColumnSummary
    /// About the file (its encoding); the rows left out are ``droppedRowsWarning``.
    public let warnings: [Message]
    /// Whether the factor came from cross products (a push-down) rather than a QR of the rows.
    public var crossProducts = false

    /// "n of N rows dropped for missing values (…)", as the in-memory fit says it.
    public var droppedRowsWarning: Message? { FitJob.droppedRowsWarning(dropped: droppedRows, of: rowsRead, missing: missing) }
  }

  /// - Throws: ``DataError`` for the file and its cells, ``AnalysisError`` for the model.
  ///
  /// A workbook (`sheet`: its sheet, `nil` the first) is read as its sheet's CSV text, inflated
  /// and converted piece by piece (``CSVStream/open(path:sheet:chunkBytes:)``); its errors name
  /// the cell, as an in-memory read's do.
  public func run(
    path: String, sheet: String? = nil, catalogFile: String? = nil, directions: [String: Direction] = [:], loader: InputLoader = .fileSystem
  ) throws -> Result {
    var catalog = try loader.catalog(merging: catalogFile)
    let stream = try CSVStream.open(path: path, sheet: sheet, chunkBytes: chunkBytes)
    do {
      return try run(stream: stream, catalog: &catalog, directions: directions)
    } catch let error as DataError {
      throw stream.sheetLocated(error)
    }
  }

  func run(stream: CSVStream, catalog: inout IndicatorCatalog, directions: [String: Direction]) throws -> Result {
    let path = stream.file
    let sample = try AnalysisInput(table: try stream.sampleTable(), dataSHA256: nil, catalog: catalog, directions: directions)
    let columns = try resolve(sample)
    catalog = columns.catalog
    let (outcome, chosen, clusterIndex) = (columns.outcome, columns.indicators, columns.clusterIndex)
    let numeric = columns.indicatorIndices + [columns.outcomeIndex]
    let headers = stream.headers
    let names = chosen + [outcome]
    let clusterName = clusterIndex.map { sample.table.columns[$0].name }

    var pass = ChunkPass(
      numeric: numeric, clusterIndex: clusterIndex, headers: headers, strict: strict, workers: workers, outcome: outcome, indicators: chosen,
      clusterName: clusterName, firstLine: stream.firstRecordLine)
    while let chunk = try stream.next() { try pass.add(chunk) }
    guard let statistics = try pass.finish()?.clusters(byDefault: columns.clustersByDefault) else { throw DataError.noDataRows(file: path) }
    let (rowsRead, dropped, missing) = (pass.rowsRead, pass.dropped, pass.missing)
    let missingByColumn = Dictionary(zip(names, missing), uniquingKeysWith: +)
    var warnings: [Message] = []
    if stream.encoding == .gb18030 {
      warnings.append(
        Message(
          en: "\(path) is not UTF-8; it was decoded as GB18030 (Chinese Excel's CSV encoding).", zh: "\(path) 不是 UTF-8 编码；已按 GB18030（中文 Excel 的 CSV 编码）解码。"))
    }
    return Result(
      statistics: statistics, file: path, encoding: stream.encoding.rawValue, sha256: stream.sha256 ?? "", bytesRead: stream.bytesRead, rowsRead: rowsRead,
      droppedRows: dropped, missing: missingByColumn, catalog: catalog, columnSummary: sample.columnSummary(ignored: columns.ignored), warnings: warnings)
  }
}

extension StatisticsJob {
  /// The model's columns in a sample of the rows, chosen as the in-memory fit chooses them.
  struct Columns {
    let outcome: String
    let indicators: [String]
    let ignored: [IgnoredColumn]
    let outcomeIndex: Int
    let indicatorIndices: [Int]
    let clusterIndex: Int?
    /// Whether the fit's errors are clustered by them by default (named, or a panel's entity).
    let clustersByDefault: Bool
    let catalog: IndicatorCatalog
  }

  func resolve(_ sample: AnalysisInput) throws -> Columns {
    let catalog = sample.catalog
    let table = sample.table
    let outcome = sample.columnName(self.outcome)
    let outcomeIndex = try table.requireColumn(outcome, role: "the \(Setting.outcome)")
    if catalog[outcome] == nil { throw AnalysisError.unknownOutcomeDirection(outcome: outcome) }
    let chosen: [String]
    let ignored: [IgnoredColumn]
    if let listed = indicators?.map(sample.columnName) {
      chosen = listed
      ignored = ColumnRoles.unlisted(table: table, catalog: catalog, used: Set(listed + [outcome]))
    } else {
      (chosen, ignored) = ColumnRoles.defaultIndicators(table: table, catalog: catalog, outcome: outcome, reserved: [:])
    }
    if chosen.isEmpty { throw AnalysisError.noIndicators }
    if let duplicate = chosen.first(where: { name in chosen.filter { $0 == name }.count > 1 }) {
      throw AnalysisError.collinearIndicators(["'\(duplicate)' is listed twice in \(Setting.indicators)"])
    }
    if chosen.contains(outcome) { throw AnalysisError.collinearIndicators(["the outcome '\(outcome)' is also listed as an indicator"]) }
    let indicatorIndices = try chosen.map { try table.requireColumn($0, role: "an indicator (\(Setting.indicators))") }
    let unknown = chosen.filter { catalog[$0] == nil }
    if !unknown.isEmpty { throw AnalysisError.unknownDirections(indicators: unknown, suggested: unknown.map { _ in nil }) }
    let clusterIndex: Int?
    var byDefault = true
    if noClusters {
      clusterIndex = nil
    } else if let named = clusterColumn.map(sample.columnName) {
      clusterIndex = try table.requireColumn(named, role: "the clusters (\(Setting.cluster))")
    } else {
      clusterIndex = table.entityColumn()
      // As in memory, the entity clusters the errors by default only in a panel (with periods).
      byDefault = table.periodColumn() != nil
    }
    return Columns(
      outcome: outcome, indicators: chosen, ignored: ignored, outcomeIndex: outcomeIndex, indicatorIndices: indicatorIndices, clusterIndex: clusterIndex,
      clustersByDefault: byDefault, catalog: catalog)
  }

  /// Rows sampled to type the columns of a database source before the push-down or a streaming
  /// pass.
  public static let pushdownSampleRows = 10_000

  /// The first ``pushdownSampleRows`` rows of a database source, read as a table (they type the
  /// columns and match them to the catalog), and the model's columns in them.
  func sample(_ source: DataSource, catalog: IndicatorCatalog, directions: [String: Direction]) throws -> (AnalysisInput, Columns) {
    let limited: DataSource
    switch source {
    case .postgresql(let uri, let selection):
      limited = .postgresql(uri: uri, selection: .query("SELECT * FROM (\(selection.sql)) AS kpi_weights_sample LIMIT \(Self.pushdownSampleRows)"))
    case .sqlite(let path, let selection):
      limited = .sqlite(path: path, selection: .query("SELECT * FROM (\(selection.sql)) AS kpi_weights_sample LIMIT \(Self.pushdownSampleRows)"))
    case .file: preconditionFailure("a database source")
    }
    guard let (table, _) = try limited.databaseTable() else { preconditionFailure("a database source has rows") }
    let sample = try AnalysisInput(table: table, dataSHA256: nil, catalog: catalog, directions: directions)
    return (sample, try resolve(sample))
  }

  /// One pass over a database source's rows in bounded memory (SQLite or PostgreSQL, through the
  /// same CSV as an in-memory read): the sample types the columns, then the result arrives in
  /// chunks of ``chunkBytes`` that are parsed and factored as a file's are. The SHA-256 is the
  /// in-memory read's, and cell errors name the result's line and column as it does.
  public func run(database source: DataSource, catalogFile: String? = nil, directions: [String: Direction] = [:], loader: InputLoader = .fileSystem) throws -> Result {
    let (sample, columns) = try self.sample(source, catalog: try loader.catalog(merging: catalogFile), directions: directions)
    let headers = sample.table.columns.indices.map { sample.table.fileHeader($0) }
    let names = columns.indicators + [columns.outcome]
    let label = source.tableLabel
    var pass = ChunkPass(
      numeric: columns.indicatorIndices + [columns.outcomeIndex], clusterIndex: columns.clusterIndex, headers: headers, strict: strict, workers: workers,
      outcome: columns.outcome, indicators: columns.indicators, clusterName: columns.clusterIndex.map { sample.table.columns[$0].name }, firstLine: 2)
    var bytes = 0
    let sha256 = try source.streamDatabaseRows(chunkBytes: chunkBytes) { records in
      bytes += records.count
      try pass.add(CSVChunk(file: label, bytes: records, end: records.count))
    }
    guard let statistics = try pass.finish()?.clusters(byDefault: columns.clustersByDefault) else { throw DataError.noDataRows(file: label) }
    return Result(
      statistics: statistics, file: label, encoding: "UTF-8", sha256: sha256 ?? "", bytesRead: bytes, rowsRead: pass.rowsRead, droppedRows: pass.dropped,
      missing: Dictionary(zip(names, pass.missing), uniquingKeysWith: +), catalog: columns.catalog,
      columnSummary: sample.columnSummary(ignored: columns.ignored), warnings: [])
  }

  /// The statistics of a PostgreSQL source computed by the server (``DataSource/serverSums(columns:cluster:)``):
  /// the first ``pushdownSampleRows`` rows type the columns and match them to the catalog, then
  /// one aggregate statement returns the exact sums, from which the factor is the Cholesky factor
  /// of the Gram matrix. No row crosses the network.
  public func run(pushdown source: DataSource, catalogFile: String? = nil, directions: [String: Direction] = [:], loader: InputLoader = .fileSystem) throws -> Result {
    let catalog = try loader.catalog(merging: catalogFile)
    guard case .postgresql(let uri, let selection) = source else {
      _ = try source.serverSums(columns: [], cluster: nil, shift: [])  // names the problem
      preconditionFailure("only a PostgreSQL source computes sums")
    }
    let (sample, columns) = try self.sample(.postgresql(uri: uri, selection: selection), catalog: catalog, directions: directions)
    let header = { (index: Int) in sample.table.fileHeader(index) }
    // The shift: the sample's first complete row, as for a file.
    let modelColumns = columns.indicatorIndices + [columns.outcomeIndex]
    let values = modelColumns.map { sample.table.columns[$0].values }
    guard let row = values[0].indices.first(where: { i in values.allSatisfy { $0[i].isFinite } }) else {
      throw SourceError(source: source.label, kind: .value, message: "the first \(Self.pushdownSampleRows) rows all have a NULL in the model's columns; filter them in the query")
    }
    let sums = try source.serverSums(columns: modelColumns.map(header), cluster: columns.clusterIndex.map(header), shift: values.map { $0[row] })
    return try statistics(
      of: source, sums: sums, columns: columns, clusterName: columns.clusterIndex.map { sample.table.columns[$0].name },
      columnSummary: sample.columnSummary(ignored: columns.ignored))
  }

  /// The statistics of a server's sums: the Gram matrices of the whole and of each cluster.
  func statistics(of source: DataSource, sums: ServerSums, columns: Columns, clusterName: String?, columnSummary: ColumnSummary) throws -> Result {
    let m = columns.indicators.count + 1, q = m + 1
    func gram(_ block: ServerSums.Block) -> Matrix {
      var g = Matrix(rows: q, columns: q)
      g[0, 0] = Double(block.count)
      for j in 0..<m {
        g[0, j + 1] = block.sums[j]
        g[j + 1, 0] = block.sums[j]
      }
      var index = 0
      for a in 0..<m {
        for b in a..<m {
          g[a + 1, b + 1] = block.products[index]
          g[b + 1, a + 1] = block.products[index]
          index += 1
        }
      }
      return g
    }
    let clusters = clusterName.map { name in
      ClusterGrams(
        column: name, labels: sums.clusters.map(\.label), counts: sums.clusters.map(\.block.count), grams: sums.clusters.map { gram($0.block) },
        byDefault: columns.clustersByDefault)
    }
    let statistics = try SufficientStatistics(
      outcome: columns.outcome, indicators: columns.indicators, observations: sums.observations, shift: sums.shift, gram: gram(sums.total), clusters: clusters)
    let names = columns.indicators + [columns.outcome]
    return Result(
      statistics: statistics, file: source.tableLabel, encoding: "UTF-8", sha256: "", bytesRead: 0, rowsRead: sums.rowsRead,
      droppedRows: sums.rowsRead - sums.observations, missing: Dictionary(zip(names, sums.missing), uniquingKeysWith: +), catalog: columns.catalog,
      columnSummary: columnSummary, warnings: [], crossProducts: true)
  }
}

extension FitJob {
  /// The first setting of this fit that needs the rows (sufficient statistics cannot serve it),
  /// or `nil`: a bootstrap of rows (a bootstrap of groups resamples the clusters' Gram
  /// matrices), fixed effects, lags, a lead, weights, a logistic model, no intercept, the
  /// minimum-norm solution, HC or CR2 errors.
  public var rowsSetting: Setting? {
    if bootstrapReplicates != nil && groupColumn == nil { return .bootstrap }
    if !fixedEffectColumns.isEmpty { return .fixedEffects }
    if !lags.isEmpty { return .lag }
    if leadOutcome != nil { return .leadOutcome }
    if weightsColumn != nil { return .weights }
    if model == .logistic { return .model }
    if !includeIntercept { return .noIntercept }
    if minimumNorm { return .minimumNorm }
    if let standardErrors, standardErrors != .iid && standardErrors != .cluster { return .standardErrors }
    return nil
  }

  /// A CSV larger than this is fitted in one streaming pass by default when the fit needs no rows
  /// (``rowsSetting`` is `nil`): held whole it would take about three times its size in memory.
  public static let streamingThresholdBytes = 1 << 30

  /// The note a fit carries when it streamed a large file by default.
  public static func streamedByDefaultNote(bytes: Int) -> Message {
    let gigabytes = ImportanceWeights.formatted(Double(bytes) / Double(1 << 30))
    return Message(
      en: "The file is \(gigabytes) GiB: it was read in one streaming pass (sufficient statistics, bounded memory) instead of whole (\(Setting.inMemory) to load it whole).",
      zh: "文件大小为 \(gigabytes) GiB：已按流式单遍读取（充分统计量，内存有界），未整体载入（如需整体载入，请用 \(Setting.inMemory)）。")
  }

  /// The fit of a streaming pass's or a push-down's statistics, with `notes` first among the warnings.
  public func run(on result: StatisticsJob.Result, notes: [Message] = []) throws -> FitReport {
    try run(
      statistics: result.statistics, catalog: result.catalog, file: result.file, encoding: result.encoding, rowsRead: result.rowsRead,
      droppedRows: result.droppedRows, missing: result.missing, warnings: notes + result.warnings, columnSummary: result.columnSummary,
      crossProducts: result.crossProducts)
  }

  /// The fit of sufficient statistics (a statistics file, a streaming pass): the linear model
  /// with an intercept, its statistics, and the weights of every method that works from the
  /// correlations (LMG, dominance, relative weights, standardised, NNLS composite).
  ///
  /// Standard errors follow the in-memory rule: clustered (CR1) when the statistics hold at least
  /// two clusters, fewer clusters than rows, and the clusters are the default ones (named, or a
  /// panel's entity: ``ClusterGrams/byDefault``), else iid; ``standardErrors`` may choose `iid` or
  /// `cluster`. The bootstrap resamples the statistics' clusters
  /// (``Bootstrap/clusterIntervals(statistics:method:directions:outcomeDirection:options:progress:)``),
  /// so ``groupColumn`` must name their column. What needs the rows — a row bootstrap and the
  /// noise reference, HC and CR2 errors, fixed effects, lags, observation weights, a logistic
  /// model, the rolling-origin check — is an error naming it, or (the noise reference, the
  /// backtest) a note that it is not shown.
  ///
  /// - Parameters:
  ///   - missing: missing values per column of the rows left out (for the warning).
  ///   - crossProducts: the factor came from cross products (warn when they lose digits).
  public func run(
    statistics: SufficientStatistics, catalog: IndicatorCatalog, file: String, encoding: String, rowsRead: Int, droppedRows: Int, missing: [String: Int] = [:],
    warnings given: [Message] = [], columnSummary: ColumnSummary = ColumnSummary(), crossProducts: Bool = false
  ) throws -> FitReport {
    if let setting = rowsSetting, setting != .standardErrors {
      if setting == .bootstrap, let clusters = statistics.clusters {
        throw AnalysisError.unusableSetting(
          .bootstrap,
          reason: "resampling rows needs the rows; resample the \(clusters.labels.count) clusters of '\(clusters.column)' with \(Setting.group) \(clusters.column), or fit the file in memory")
      }
      throw AnalysisError.unusableSetting(setting, reason: "it needs the rows, and sufficient statistics hold only their sums; fit the file in memory instead")
    }
    if bootstrapReplicates != nil, let groupColumn {
      guard let clusters = statistics.clusters else {
        throw AnalysisError.unusableSetting(
          .group, reason: "the statistics hold no clusters to resample; compute them clustered by '\(groupColumn)', or fit the file in memory")
      }
      guard clusters.column == groupColumn || IndicatorCatalog.normalizedName(clusters.column) == IndicatorCatalog.normalizedName(groupColumn) else {
        throw AnalysisError.unusableSetting(
          .group, reason: "the statistics are clustered by '\(clusters.column)', not '\(groupColumn)'; resample '\(clusters.column)' or compute them again clustered by '\(groupColumn)'")
      }
    }
    if let indicators, indicators != statistics.indicators {
      throw AnalysisError.unusableSetting(
        .indicators, reason: "the statistics hold \(statistics.indicators.joined(separator: ", ")); compute them again for another list")
    }
    if outcome != statistics.outcome {
      throw AnalysisError.unusableSetting(.outcome, reason: "the statistics are of '\(statistics.outcome)', not '\(outcome)'")
    }
    let clustered: Bool
    switch standardErrors {
    case nil:
      let g = statistics.clusters?.labels.count ?? 0
      clustered = g >= 2 && g < statistics.observations && statistics.clusters?.byDefault == true
    case .iid?: clustered = false
    case .cluster?: clustered = true
    case let other?:
      throw AnalysisError.unusableSetting(.standardErrors, reason: "\(other.rawValue) needs the rows; from sufficient statistics choose iid or cluster (CR1)")
    }
    let fit = try OrdinaryLeastSquares.fit(statistics: statistics, clustered: clustered)
    var warnings = given + (fit.covariance?.warnings ?? [])
    if let dropped = Self.droppedRowsWarning(dropped: droppedRows, of: rowsRead, missing: missing) { warnings.insert(dropped, at: 0) }
    let names = statistics.indicators
    if crossProducts, let warning = SufficientStatistics.crossProductWarning(conditionNumber: fit.standardizedConditionNumber) { warnings.append(warning) }
    if let collinear = try Collinearity.check(indicators: names, vif: names.map { fit.coefficient(of: $0)?.varianceInflation ?? nil }, minimumNorm: false) {
      warnings.append(collinear)
    }
    guard let outcomeInfo = catalog[outcome] else { throw AnalysisError.unknownOutcomeDirection(outcome: outcome) }
    var known: [String: Direction] = [:]
    for id in names { if let info = catalog[id] { known[id] = info.direction } }
    let (method, methodReason) = self.method.map { ($0, nil) } ?? ImportanceMethod.defaultChoice(logistic: false, centred: true, collinear: false)
    try method.requireApplicable(outcome: outcome, logistic: false, includeIntercept: true, rank: fit.rank, parameters: names.count + 1)
    let structure =
      method == .standardized
      ? CorrelationStructure(indicators: names, predictors: Matrix.identity(names.count), outcome: fit.standardizedCoefficients, observations: fit.observationCount)
      : try statistics.correlationStructure()
    var (weights, weightWarnings) = try ImportanceWeights.compute(
      method: method, structure: structure, standardized: fit.standardizedCoefficients, known: known, outcomeDirection: outcomeInfo.direction,
      outcome: outcome, pValues: names.map { fit.coefficient(of: $0)?.pValue })
    try requireKnownDirections(weights)
    warnings += weightWarnings
    var bootstrap: BootstrapResult? = nil
    if let replicates = bootstrapReplicates {
      let result = try Bootstrap.clusterIntervals(
        statistics: statistics, method: method, directions: weights.map(\.direction), outcomeDirection: outcomeInfo.direction,
        options: BootstrapOptions(replicates: replicates, seed: seed), progress: progress)
      weights = result.attach(to: weights)
      warnings += result.rankingWarnings(weights)
      bootstrap = result
      if method != .nnls {
        warnings.append(
          Message(
            en: "Fitted from sufficient statistics: the random-noise reference of the bootstrap adds a noise column to the rows and is not computed (fit the file in memory to see it).",
            zh: "由充分统计量拟合：自助法的随机噪声参照需要在逐行数据中加入噪声列，此处未计算（如需查看，请在内存中拟合该文件）。"))
      }
    }
    warnings.append(
      Message(
        en: "Fitted from sufficient statistics: the rolling-origin backtest needs the rows and is not shown (fit the file in memory to see it).",
        zh: "由充分统计量拟合：滚动原点回测需要逐行数据，此处未显示（如需查看，请在内存中拟合该文件）。"))
    var report = FitReport(
      dataFile: file, encoding: encoding, rowsRead: rowsRead, droppedRows: droppedRows, model: .linear(fit), method: method, weights: weights,
      bootstrap: bootstrap, seed: seed, groupColumn: bootstrap == nil ? nil : statistics.clusters?.column, warnings: warnings, catalog: catalog,
      outcomeDirection: outcomeInfo.direction, columnSummary: columnSummary)
    report.methodReason = methodReason
    if method == .dominance { report.dominance = try DominanceAnalysis.linear(structure) }
    report.sets = try setImportance(structure: structure, groups: sets.map { set in set.members.compactMap { names.firstIndex(of: $0) } })
    return report
  }
}
