import DataSources
import Foundation
import LinearAlgebra
import WeightAnalysis

/// `kpi-weights compare`: several weight sets side by side on the same history.
public struct CompareJob: Sendable {
  /// The extra sets ``include`` may name besides the objective methods.
  public static let namedSets = ["fit", "recommended"]

  public var fit: FitJob
  public var presets: [Preset]
  /// Extra sets: "fit", "recommended", or an objective method name.
  public var include: [String] = []
  /// Entity (team/employee) column for rankings; `nil`: the first id column found.
  public var entityColumn: String?
  public var replicates = 200
  public var payPolicy = WeightConfig.PayPolicy()
  /// The scoring rules every set is scored with (as `recommend` proposes them).
  public var scoring: ScoringScheme = .calibrated
  /// How "recommended" is made (SWOT, blend, AHP, objective) when it is not given ready-made;
  /// its preset is the first of ``presets``.
  public var recommend: RecommendJob?

  public init(fit: FitJob, presets: [Preset]) {
    self.fit = fit
    self.presets = presets
  }

  /// The fit every set is judged with: the first preset's indicators unless the fit names its
  /// own, and no bootstrap (the sets' own intervals come from ``replicates``).
  public func fitJob(for table: DataTable) -> FitJob {
    var fitJob = fit
    fitJob.bootstrapReplicates = nil
    fitJob.groupColumn = nil
    if fitJob.indicators == nil, let first = presets.first {
      fitJob.indicators = table.headers.filter { first.indicators.contains($0) }
      fitJob.unlistedReason = Message(en: "not in preset '\(first.id)'", zh: "不在预设 '\(first.id)' 中")
    }
    return fitJob
  }

  /// Compares, fitting (and recommending) as needed.
  public func run(on input: AnalysisInput) throws -> CompareReport {
    try run(on: input, fit: nil, recommendation: nil)
  }

  /// Compares, reusing a fit and a recommendation already made on the same input (``ReportJob``
  /// passes its own, so the page shows one recommendation, bootstrap included).
  public func run(on input: AnalysisInput, fit givenFit: FitReport?, recommendation: RecommendReport?) throws -> CompareReport {
    let table = input.table
    let fitReport = try givenFit ?? fitJob(for: table).run(on: input)
    // Lagged columns weigh their indicator (as in recommend).
    let (fitWeights, foldNotes) = try fitReport.foldedWeights()
    let indicators = fitWeights.map(\.indicator)
    let directions = fitWeights.map(\.direction)

    var sets: [(name: String, weights: [Double])] = []
    var warnings = fitReport.warnings + foldNotes
    // How each set is re-derived at a rolling origin from the periods before it.
    var atOrigin: [(Int, [Int]) throws -> [Double]] = []
    for original in presets {
      let (preset, leftOut) = try RecommendJob.restrict(original, to: indicators, table: table)
      if !leftOut.isEmpty { warnings.append(RecommendJob.leftOutNote(preset: original, leftOut: leftOut, table: table)) }
      // The preset's own weights: its targets projected onto Σw = 1 and its bounds.
      let source = WeightSource(name: preset.id, weights: preset.targets, confidence: preset.targets.mapValues { _ in 1 })
      let bounds = preset.bounds(for: indicators, linked: [], outcome: fitReport.outcome, conditional: false)
      try Recommendation.requireFeasible(indicators: indicators, lower: bounds.lower, upper: bounds.upper)
      let (weights, _) = try Recommendation.combine(
        indicators: indicators, sources: [source], lower: bounds.lower, upper: bounds.upper, boundOrigins: bounds.origins)
      sets.append((preset.id, weights.map(\.weight)))
      let fixed = weights.map(\.weight)
      atOrigin.append { _, _ in fixed }
    }
    // The fit's rows (lags, leads and weights applied), else the table's complete rows.
    let outcomeValues: [Double], columns: [[Double]], keptRows: [Int]
    if let (outcome, base) = fitReport.baseColumns(), let data = fitReport.data {
      (outcomeValues, columns, keptRows) = (outcome, base, data.keptRows)
    } else {
      let selection = try table.numericColumns(
        [fitReport.outcome] + indicators, roles: ["the \(Setting.outcome)"] + Array(repeating: "an indicator", count: indicators.count), strict: fit.strict)
      (outcomeValues, columns, keptRows) = (selection.columns[0], Array(selection.columns.dropFirst()), selection.keptRows)
    }
    var recommendedRolling: RollingOriginBacktest? = nil
    for name in include {
      switch name {
      case "fit":
        sets.append(("fit-\(fitReport.method.rawValue)", fitWeights.map(\.weight)))
        atOrigin.append { t, _ in
          guard let w = fitReport.originWeights[t] else { throw AnalysisError.noIndicators }
          return fitReport.folded(w)
        }
      case "recommended":
        if let recommendation {
          sets.append(("recommended", recommendation.rows.map(\.weight)))
          recommendedRolling = recommendation.rollingOrigin
          atOrigin.append { _, _ in throw AnalysisError.noIndicators }
          continue
        }
        guard let preset = presets.first else {
          throw AnalysisError.unusableSetting(.include, reason: "'recommended' needs a preset; give \(Setting.presets)")
        }
        var job = recommend ?? RecommendJob(fit: fitJob(for: table), preset: preset)
        job.preset = preset
        job.fit = fitJob(for: table)
        job.asOf = job.asOf ?? "1970-01-01T00:00:00Z"
        job.scoring = scoring
        let report = try job.run(on: input, fit: fitReport)
        sets.append(("recommended", report.rows.map(\.weight)))
        recommendedRolling = report.rollingOrigin
        atOrigin.append { _, _ in throw AnalysisError.noIndicators }
      default:
        guard let method = ObjectiveMethod(rawValue: name) else {
          throw AnalysisError.unusableSetting(
            .include, reason: "unknown set '\(name)'; use fit, recommended, or an objective method (entropy, critic, sd, cv, merec)")
        }
        sets.append((name, try ObjectiveWeights.compute(method: method, names: indicators, columns: columns, directions: directions)))
        atOrigin.append { t, ranks in
          let training = ranks.indices.filter { ranks[$0] < t }
          return try ObjectiveWeights.compute(method: method, names: indicators, columns: columns.map { c in training.map { c[$0] } }, directions: directions)
        }
      }
    }
    guard !sets.isEmpty else { throw AnalysisError.unusableSetting(.presets, reason: "nothing to compare; give \(Setting.presets) and/or \(Setting.include)") }

    // Entities for rankings.
    let entityName = entityColumn.map(input.columnName) ?? table.entityColumn().map { table.headers[$0] }
    var entities: (codes: [Int], levels: [String])? = nil
    if let entityName {
      let texts = table.texts(column: try table.requireColumn(entityName, role: "\(Setting.entity)"))
      entities = Statistics.denseCodes(keptRows.map { texts[$0] })
    }
    // Every set scored as `score` would score it, under the rules recommend proposes.
    // The first preset's fixed rules (as recommend uses them), the scheme's for the rest.
    let fixedRules = presets.first?.scoring ?? [:]
    let (rules, ruleWarnings) = fitReport.scoringRules(scoring, directions: directions, fixed: fixedRules)
    warnings += ruleWarnings
    let points = fitReport.points(rules: rules, directions: directions) ?? Scoring.points(columns: columns, periodCodes: nil, rules: rules, directions: directions)
    let results = WeightSetComparison.evaluate(
      sets: sets, points: points, outcome: outcomeValues, outcomeDirection: fitReport.outcomeDirection,
      entities: entities, replicates: replicates, seed: fit.seed, payPolicy: payPolicy)
    var report = CompareReport(
      indicators: indicators, sets: results, outcome: fitReport.outcome, rows: outcomeValues.count, entityColumn: entityName,
      entities: entities?.levels.count ?? 0, replicates: replicates, payPolicy: payPolicy, catalog: fitReport.catalog, warnings: warnings)
    report.entityLabels = entities?.levels ?? []
    report.columnSummary = fitReport.columnSummary
    // Each set out of sample (the recommended one as recommend computed it).
    report.periodColumn = fitReport.periodColumn
    report.rollingOrigins = zip(sets, atOrigin).map { set, derive in
      set.name == "recommended" ? recommendedRolling : fitReport.rollingOrigin(directions: directions, scheme: scoring, fixed: fixedRules, weights: derive)
    }
    return report
  }
}

