import DataSources
import Foundation
import LinearAlgebra
import WeightAnalysis

/// The tool's version, recorded in config provenance.
public let toolVersion = "0.2.0"

/// `kpi-weights recommend`: history + preset (+ SWOT, AHP, objective weights) → one bounded
/// weight table, its backtest, and the weight config.
public struct RecommendJob: Sendable {
  public var fit: FitJob
  public var preset: Preset
  public var swot: LoadedSWOT?
  /// The fit's share α (`nil`: the preset's default).
  public var blend: Double?
  public var ahp: [LoadedMatrix] = []
  public var ahpMethod: AHP.Method = .eigenvector
  public var objectiveMethod: ObjectiveMethod?
  public var payPolicy = WeightConfig.PayPolicy()
  /// The scoring rules the config proposes and the backtest scores with.
  public var scoring: ScoringScheme = .calibrated
  /// Round the weights to multiples of this (0.01: whole percent), summing to 1 within the bounds.
  public var roundingStep: Double?
  /// Set the pay plan's warning threshold at this percentile (0–100) of the history's scores
  /// (`nil`: the 10th under calibrated rules, the pay policy's own under the article's).
  public var warningPercentile: Double?
  /// Timestamp for provenance (ISO 8601); `nil` means now.
  public var asOf: String?

  public init(fit: FitJob, preset: Preset) {
    self.fit = fit
    self.preset = preset
  }

  /// The fit this recommendation rests on: the preset's indicators (in the data's column order)
  /// unless the fit names its own.
  /// - Throws: ``AnalysisError/unknownIndicator(name:context:suggestion:)`` for a preset
  ///   indicator the data lacks.
  public func fitJob(for table: DataTable) throws -> FitJob {
    var fitJob = fit
    if fitJob.indicators == nil {
      let (preset, _) = try Self.restrict(self.preset, to: table.headers, table: table)
      guard !preset.indicators.isEmpty else {
        throw AnalysisError.unknownIndicator(
          name: self.preset.indicators[0], context: "preset '\(self.preset.id)' (none of its indicators is a column)", suggestion: table.closestHeader(to: self.preset.indicators[0]))
      }
      fitJob.indicators = table.headers.filter { preset.indicators.contains($0) }
      fitJob.unlistedReason = Message(en: "not in preset '\(preset.id)'", zh: "不在预设 '\(preset.id)' 中")
    }
    return fitJob
  }

  /// What a preset on partial data says: which indicators it left out, how much target weight
  /// they carried, and a likely column when one is close.
  static func leftOutNote(preset: Preset, leftOut: [String], table: DataTable) -> Message {
    let share = leftOut.map { preset.targets[$0] ?? 0 }.reduce(0, +)
    let names = leftOut.map { "'\($0)'" }
    return Message(
      en: "Preset '\(preset.id)' is applied to \(preset.indicators.count - leftOut.count) of its \(preset.indicators.count) indicators: \(names.joined(separator: ", ")) \(leftOut.count == 1 ? "is" : "are") not in the data; \(leftOut.count == 1 ? "its" : "their") \(Recommendation.percent(share)) of target weight is spread over the others in proportion to their targets.",
      zh: "“\(preset.chineseName)”预设的 \(preset.indicators.count) 个指标中只有 \(preset.indicators.count - leftOut.count) 个用于本数据：\(names.joined(separator: "、")) 不在数据中；其 \(Recommendation.percent(share)) 的目标权重按目标比例分给其余指标。")
  }

  /// ``Preset/restricted(to:)``, refusing a left-out indicator that is probably a misspelt column.
  static func restrict(_ preset: Preset, to indicators: [String], table: DataTable) throws -> (Preset, [String]) {
    let (restricted, leftOut) = preset.restricted(to: Set(indicators))
    for id in leftOut {
      if let close = table.closestHeader(to: id), !indicators.contains(id), close != id, indicators.contains(close) || table.columnIndex(named: close) != nil {
        throw AnalysisError.unknownIndicator(name: id, context: "preset '\(preset.id)'", suggestion: close)
      }
    }
    return (restricted, leftOut)
  }

  /// Fits, then recommends.
  public func run(on input: AnalysisInput) throws -> RecommendReport {
    try run(on: input, fit: try fitJob(for: input.table).run(on: input))
  }

  /// Recommends from a fit already made (by ``fitJob(for:)`` on the same input).
  public func run(on input: AnalysisInput, fit fitReport: FitReport) throws -> RecommendReport {
    let table = input.table
    // Lagged columns weigh their indicator: the KPI is scored on each period's own value.
    let (fitWeights, foldNotes) = try fitReport.foldedWeights()
    let indicators = fitWeights.map(\.indicator)
    // A preset applies to the indicators the analysis has (a left-out name close to a column is
    // a typo, and an error).
    let (preset, leftOut) = try Self.restrict(self.preset, to: indicators, table: table)
    func check(_ names: [String], _ context: String) throws {
      for name in names where !indicators.contains(name) {
        let suggestion = table.closestHeader(to: name).flatMap { indicators.contains($0) ? $0 : nil }
        throw AnalysisError.unknownIndicator(name: name, context: context, suggestion: suggestion)
      }
    }
    try check(preset.indicators, "preset '\(preset.id)'")
    var warnings = fitReport.warnings + foldNotes
    if !leftOut.isEmpty {
      warnings.append(Self.leftOutNote(preset: self.preset, leftOut: leftOut, table: table))
    }

    // Preset targets, SWOT-adjusted.
    var targets = preset.targets
    var swotChanges: [String: [Message]] = [:]
    if let swot {
      try check(swot.analysis.indicators, "SWOT file \(swot.path)")
      (targets, swotChanges) = swot.analysis.adjust(targets)
    }

    // Bounds, including the preset's conditional floors, checked once.
    // An indicator is linked when it, or one of its lags, is (expected sign, p < 0.05).
    let linked = Set(
      Preset.linkedIndicators(
        weights: fitReport.weights, pValues: fitReport.weights.map { w in fitReport.coefficients.first { $0.term == w.indicator }?.pValue }
      ).map(fitReport.baseIndicator))
    // Which covariance the p-values came from, quoted where the rule is applied or not.
    let covarianceName: (en: String, zh: String)? = {
      guard case .linear(let fit) = fitReport.model else { return nil }
      return (fit.covariance?.shortName ?? "iid", fit.covariance?.chineseShortName ?? "iid")
    }()
    var evidence: [String: Message] = [:]
    for w in fitReport.weights {
      guard let p = fitReport.coefficients.first(where: { $0.term == w.indicator })?.pValue else { continue }
      let base = fitReport.baseIndicator(w.indicator)
      let value = "p = \(ImportanceWeights.formatted(p))"
      let quoted = Message(
        en: value + (base == w.indicator ? "" : " for \(w.indicator)") + (covarianceName.map { ", \($0.en)" } ?? ""),
        zh: (base == w.indicator ? "" : "\(w.indicator) 的 ") + value + (covarianceName.map { "，\($0.zh)" } ?? ""))
      evidence[base] = evidence[base].map { Message(en: $0.findingEnglish + "; " + quoted.findingEnglish, zh: $0.findingChinese + "；" + quoted.findingChinese) } ?? quoted
    }
    let bounds = preset.bounds(for: indicators, linked: linked, outcome: fitReport.outcome, evidence: evidence)
    for (id, floor) in bounds.unappliedFloors {
      let seen = evidence[id].map { "; here \($0.findingEnglish)" } ?? "", seenChinese = evidence[id].map { "；本数据 \($0.findingChinese)" } ?? ""
      warnings.append(
        Message(
          en: "Preset '\(preset.id)' raises '\(id)' to \(Recommendation.percent(floor)) only when the history links it to '\(fitReport.outcome)' (expected sign, p < 0.05\(seen)); it does not here, so that floor is not applied.",
          zh: "“\(preset.chineseName)”预设仅在历史数据表明 '\(id)' 与 '\(fitReport.outcome)' 相关（符号符合预期且 p < 0.05\(seenChinese)）时才把它提高到 \(Recommendation.percent(floor))；本数据并非如此，因此不采用该下限。"))
    }
    try Recommendation.requireFeasible(indicators: indicators, lower: bounds.lower, upper: bounds.upper)

    // Sources and their confidences.
    let alpha = blend ?? preset.defaultBlend
    var fitted: [String: Double] = [:], fitConfidence: [String: Double] = [:]
    for w in fitWeights {
      fitted[w.indicator] = w.weight
      fitConfidence[w.indicator] = SourceConfidence.fit(alpha: alpha, weight: w.weight, interval: w.interval)
    }
    var sources = [
      WeightSource(name: "fit", weights: fitted, confidence: fitConfidence),
      WeightSource(name: preset.id, weights: targets, confidence: targets.mapValues { _ in SourceConfidence.preset(alpha: alpha) }),
    ]
    var ahpWeights: [String: Double]? = nil
    if !ahp.isEmpty {
      var job = AHPJob(matrices: ahp)
      job.method = ahpMethod
      let report = try job.run(catalog: fitReport.catalog)
      try check(report.rows.map(\.indicator), "the AHP matrix")
      let weights = Dictionary(uniqueKeysWithValues: report.rows.map { ($0.indicator, $0.weight) })
      ahpWeights = weights
      sources.append(WeightSource(name: "ahp", weights: weights, confidence: weights.mapValues { _ in SourceConfidence.ahpShare }))
    }
    // The analysed columns, selected once for the objective weights and the backtest.
    let selection = try table.numericColumns(
      [fitReport.outcome] + indicators, roles: ["the \(Setting.outcome)"] + Array(repeating: "an indicator", count: indicators.count), strict: false)
    let columns = Array(selection.columns.dropFirst())
    let directions = fitWeights.map(\.direction)
    var objectiveWeights: [String: Double]? = nil
    if let objectiveMethod {
      let objectiveColumns: [[Double]]
      if selection.droppedRows == 0 {
        objectiveColumns = columns
      } else {
        // The objective method sees every row complete in the indicators (the outcome may be missing).
        objectiveColumns = try table.numericColumns(indicators, roles: Array(repeating: "an indicator", count: indicators.count), strict: false).columns
      }
      let weights = try ObjectiveWeights.compute(method: objectiveMethod, names: indicators, columns: objectiveColumns, directions: directions)
      let map = Dictionary(uniqueKeysWithValues: zip(indicators, weights))
      objectiveWeights = map
      sources.append(WeightSource(name: objectiveMethod.rawValue, weights: map, confidence: map.mapValues { _ in SourceConfidence.objectiveShare }))
    }

    let (recommended, solution) = try Recommendation.combine(
      indicators: indicators, sources: sources, lower: bounds.lower, upper: bounds.upper, boundOrigins: bounds.origins)

    // Backtest on the fit's rows: in sample, and by rolling origin (each origin's fit, combined
    // with the same sources and bounds, scores the period it has not seen).
    let (outcomeValues, backtestColumns) = fitReport.baseColumns() ?? (selection.columns[0], columns)
    // The weights the config carries: rounded when asked (whole percent keeps every bound).
    let blended = recommended.map(\.weight)
    let configWeights = try roundingStep.map {
      try Recommendation.rounded(weights: blended, names: indicators, lower: recommended.map(\.lower), upper: recommended.map(\.upper), step: $0)
    } ?? blended
    // Scored as `score` scores them: the proposed rules, min-max rules within each period.
    let (rules, ruleWarnings) = fitReport.scoringRules(scoring, directions: directions, fixed: preset.scoring)
    warnings += ruleWarnings
    let points = fitReport.points(rules: rules, directions: directions)
      ?? Scoring.points(columns: backtestColumns, periodCodes: nil, rules: rules, directions: directions)
    let scores = Scoring.scores(points: points, weights: configWeights)
    var payPolicy = self.payPolicy
    // Calibrated rules spread the history over 0–10, so a fixed threshold of 6 would flag most
    // teams: the threshold is then the history's p10 score unless a percentile is given.
    if let warningPercentile = warningPercentile ?? (scoring == .calibrated ? 10 : nil) {
      let threshold = Statistics.quantile(sorted: scores.sorted(), warningPercentile / 100)
      payPolicy.warningThreshold = (threshold * 10).rounded() / 10
    }
    warnings += Scoring.flatRuleWarnings(indicators: indicators, rules: rules, points: points)
    let tracking = Backtest.tracking(score: scores, outcome: outcomeValues, outcomeDirection: fitReport.outcomeDirection)
    let fixedSources = Array(sources.dropFirst())
    let originRecommended = { (t: Int) throws -> [Double] in
      guard let originFit = fitReport.originWeights[t] else { throw AnalysisError.noIndicators }
      let weights = fitReport.folded(originFit)
      let map = Dictionary(uniqueKeysWithValues: zip(indicators, weights))
      let source = WeightSource(name: "fit", weights: map, confidence: map.mapValues { SourceConfidence.fit(alpha: alpha, weight: $0, interval: nil) })
      let combined = try Recommendation.combine(
        indicators: indicators, sources: [source] + fixedSources, lower: bounds.lower, upper: bounds.upper, boundOrigins: bounds.origins
      ).weights.map(\.weight)
      guard let roundingStep else { return combined }
      return try Recommendation.rounded(weights: combined, names: indicators, lower: bounds.lower, upper: bounds.upper, step: roundingStep)
    }
    let rolling = fitReport.rollingOrigin(directions: directions, scheme: scoring, fixed: self.preset.scoring) { t, _ in try originRecommended(t) }
    let sensitivity = try self.sensitivity(
      table: table, fitReport: fitReport, indicators: indicators, weights: configWeights, points: points, outcome: outcomeValues, directions: directions,
      originRecommended: originRecommended)

    let rows = recommended.enumerated().map { j, r in
      RecommendReport.Row(
        indicator: r.indicator, weight: r.weight, fitted: fitted[r.indicator] ?? 0, fittedInterval: fitWeights[j].interval,
        target: targets[r.indicator], presetTarget: preset.targets[r.indicator], ahp: ahpWeights?[r.indicator], objective: objectiveWeights?[r.indicator],
        lower: r.lower, upper: r.upper, activeBound: r.activeBound, reason: swotChanges[r.indicator].map { changes in
          r.reason.appending(
            en: "; SWOT " + changes.map(\.findingEnglish).joined(separator: ", "), zh: "；SWOT " + changes.map(\.findingChinese).joined(separator: "，"))
        } ?? r.reason,
        direction: directions[j], rounded: roundingStep == nil ? nil : configWeights[j])
    }
    var config = WeightConfig(
      indicators: rows.map { row in
        let info = fitReport.catalog[row.indicator]
        return WeightConfig.Indicator(
          id: row.indicator, chineseLabel: info?.chineseLabel ?? "", englishLabel: info?.englishLabel ?? row.indicator, unit: info?.unit ?? "",
          direction: row.direction, weight: row.rounded ?? row.weight, lower: row.lower, upper: row.upper, scoring: rules[indicators.firstIndex(of: row.indicator)!])
      },
      provenance: WeightConfig.Provenance(
        tool: "kpi-weights \(toolVersion)", dataFile: table.file, dataSHA256: input.provenanceSHA256, rows: table.rowCount,
        outcome: fitReport.outcome, method: fitReport.method.rawValue, blend: alpha, preset: preset.id, swotFile: swot?.path, swotSHA256: swot?.sha256,
        asOf: asOf ?? ISO8601DateFormatter().string(from: Date()), prepared: input.prepared, settings: settingsProvenance(input: input, fitReport: fitReport)),
      payPolicy: payPolicy)
    config.provenance.dataQuery = input.source?.query
    var report = RecommendReport(
      preset: preset, blend: alpha, rows: rows, solution: solution, spearman: tracking.spearman, rSquared: tracking.rSquared,
      fit: fitReport, warnings: warnings, config: config, hasAHP: ahpWeights != nil, objectiveMethod: objectiveMethod)
    report.rollingOrigin = rolling
    report.sensitivity = sensitivity
    return report
  }

  /// Every input besides data, preset and SWOT that changed the weights, for the provenance.
  func settingsProvenance(input: AnalysisInput, fitReport: FitReport) -> WeightConfig.Provenance.Settings {
    var settings = WeightConfig.Provenance.Settings()
    settings.catalog = input.catalogFile
    settings.ahp = ahp.map { .init(file: $0.path, sha256: $0.sha256) }
    settings.objective = objectiveMethod?.rawValue
    if let bootstrap = fitReport.bootstrap {
      settings.bootstrap = .init(replicates: bootstrap.completed + bootstrap.failed, seed: String(fitReport.seed), group: fitReport.groupColumn)
    }
    if case .linear(let fit) = fitReport.model {
      let covariance = fit.covariance
      settings.model = .init(
        standardErrors: covariance?.type.name ?? "iid", cluster: covariance?.type.clusterings.map(\.name) ?? [],
        fixedEffects: fit.fixedEffects?.dimensions.map(\.name) ?? [], lags: fitReport.lags.map { "\($0.indicator)=\($0.periods)" },
        leadOutcome: fitReport.leadOutcome, weights: fitReport.weightsColumn)
    } else if case .logistic(let fit) = fitReport.model {
      let covariance = fit.covariance
      settings.model = .init(
        standardErrors: covariance?.type.name ?? "iid", cluster: covariance?.type.clusterings.map(\.name) ?? [], fixedEffects: [], lags: [], leadOutcome: nil,
        weights: nil)
    }
    return settings
  }

  /// ``Sensitivity`` of the config's weights on the fit's rows, entities from the table's entity
  /// column (`nil` without one), with each indicator's leave-one-out ρ out of sample.
  func sensitivity(
    table: DataTable, fitReport: FitReport, indicators: [String], weights: [Double], points: [[Double]], outcome: [Double], directions: [Direction],
    originRecommended: @escaping (Int) throws -> [Double]
  ) throws -> Sensitivity? {
    guard let entityIndex = table.entityColumn(), let data = fitReport.data, indicators.count >= 2 else { return nil }
    let texts = table.texts(column: entityIndex)
    let entities = Statistics.denseCodes(data.keptRows.map { texts[$0] })
    var latestRows: [Int] = []
    if let periods = fitReport.periods {
      let rank = Scoring.periodRanks(Set(periods.labels))
      let latest = periods.codes.map { rank[periods.labels[$0]]! }.max()
      latestRows = periods.codes.indices.filter { rank[periods.labels[periods.codes[$0]]]! == latest }
    }
    var result = Sensitivity.compute(
      indicators: indicators, weights: weights, points: points, entityCodes: entities.codes, entityCount: entities.levels.count, outcome: outcome,
      outcomeDirection: fitReport.outcomeDirection, latestRows: latestRows)
    // Out of sample: each origin's recommended weights without the indicator, the others rescaled.
    for j in indicators.indices {
      let rolling = fitReport.rollingOrigin(directions: directions, scheme: scoring, fixed: self.preset.scoring) { t, _ in
        let w = try originRecommended(t)
        let rest = 1 - w[j]
        guard rest > 0 else { throw AnalysisError.noIndicators }
        return w.indices.map { $0 == j ? 0 : w[$0] / rest }
      }
      if let rolling, !rolling.origins.isEmpty { result.setLeaveOutOfSample(j, rolling.mean) }
    }
    return result
  }
}
