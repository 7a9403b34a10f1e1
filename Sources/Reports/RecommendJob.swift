import DataSources
import Foundation
import LinearAlgebra
import WeightAnalysis

/// The tool's version, recorded in config provenance.
public let toolVersion = "0.2.0"

/// `kpi-weights recommend`: history + preset (+ SWOT, AHP, objective weights) → one bounded
/// weight table, its backtest, and the exported config.
public struct RecommendJob: Sendable {
  public var fit: FitJob
  public var preset: Preset
  public var swotPath: String?
  /// The fit's share α (`nil`: the preset's default).
  public var blend: Double?
  public var ahpPaths: [String] = []
  public var ahpShare = 0.25
  public var objectiveMethod: ObjectiveMethod?
  public var objectiveShare = 0.25
  public var payPolicy = WeightConfig.PayPolicy()
  /// Timestamp for provenance (ISO 8601); `nil` means now.
  public var asOf: String?

  public init(fit: FitJob, preset: Preset) {
    self.fit = fit
    self.preset = preset
  }

  public func run() throws -> RecommendReport {
    let table = try CSVReader.read(path: fit.dataPath, progress: fit.readProgress)
    return try run(on: table)
  }

  public func run(on table: DataTable) throws -> RecommendReport {
    var fitJob = fit
    // The preset's indicators are the analysis unless --indicators says otherwise.
    if fitJob.indicators == nil {
      let available = Set(table.headers)
      if let missing = preset.indicators.first(where: { !available.contains($0) }) {
        throw AnalysisError.unknownIndicator(name: missing, context: "preset '\(preset.id)'", suggestion: table.closestHeader(to: missing))
      }
      // In the data's column order.
      fitJob.indicators = table.headers.filter { preset.indicators.contains($0) }
    }
    let fitReport = try fitJob.run(on: table)
    let indicators = fitReport.weights.map(\.indicator)
    func check(_ names: [String], _ context: String) throws {
      for name in names where !indicators.contains(name) {
        let suggestion = table.closestHeader(to: name).flatMap { indicators.contains($0) ? $0 : nil }
        throw AnalysisError.unknownIndicator(name: name, context: context, suggestion: suggestion)
      }
    }
    try check(preset.indicators, "preset '\(preset.id)'")
    var warnings = fitReport.warnings

    // Preset targets, SWOT-adjusted.
    var targets = preset.targets
    var swotChanges: [String: [String]] = [:]
    var swotHash: String? = nil
    if let swotPath {
      let swot = try SWOTFile.load(path: swotPath)
      try check(swot.indicators, "SWOT file \(swotPath)")
      (targets, swotChanges) = swot.adjust(targets)
      swotHash = try SHA256.hex(ofFile: swotPath)
    }

    // Bounds, including the preset's conditional floors.
    var lower = [Double](repeating: 0, count: indicators.count), upper = [Double](repeating: 1, count: indicators.count)
    var origins = [String?](repeating: nil, count: indicators.count)
    let linked = linkedIndicators(fitReport)
    for (j, id) in indicators.enumerated() {
      if let lo = preset.lower[id] { lower[j] = lo; origins[j] = preset.id }
      if let hi = preset.upper[id] { upper[j] = hi; origins[j] = preset.id }
      if let floor = preset.lowerWhenLinked[id] {
        if linked.contains(id) {
          if floor > lower[j] {
            lower[j] = floor
            origins[j] = "\(preset.id), because the history links '\(id)' to '\(fitReport.outcome)'"
          }
        } else {
          warnings.append("Preset '\(preset.id)' raises '\(id)' to \(Recommendation.percent(floor)) only when the history links it to '\(fitReport.outcome)' (expected sign, p < 0.05); it does not here, so that floor is not applied.")
        }
      }
    }
    let lowerSum = lower.reduce(0, +), upperSum = upper.reduce(0, +)
    if lowerSum > 1 + 1e-12 {
      let parts = indicators.indices.filter { lower[$0] > 0 }.map { "\(indicators[$0]) ≥ \(Recommendation.percent(lower[$0]))" }
      throw AnalysisError.infeasibleBounds("the floors add up to \(Recommendation.percent(lowerSum)) (\(parts.joined(separator: ", "))), more than 100%; lower some of them")
    }
    if upperSum < 1 - 1e-12 {
      throw AnalysisError.infeasibleBounds("the ceilings add up to \(Recommendation.percent(upperSum)), less than 100%; raise some of them")
    }

    // Sources and their confidences.
    let alpha = blend ?? preset.defaultBlend
    var fitted: [String: Double] = [:], fitConfidence: [String: Double] = [:]
    for w in fitReport.weights {
      fitted[w.indicator] = w.weight
      fitConfidence[w.indicator] = Recommendation.fitConfidence(alpha: alpha, weight: w.weight, interval: w.interval)
    }
    var sources = [
      WeightSource(name: "fit", weights: fitted, confidence: fitConfidence),
      WeightSource(name: preset.id, weights: targets, confidence: targets.mapValues { _ in 1 - alpha }),
    ]
    var ahpWeights: [String: Double]? = nil
    if !ahpPaths.isEmpty {
      var job = AHPJob(matrixPaths: ahpPaths)
      job.catalog = fitReport.catalog
      let report = try job.run()
      try check(report.rows.map(\.indicator), "the AHP matrix")
      let weights = Dictionary(uniqueKeysWithValues: report.rows.map { ($0.indicator, $0.weight) })
      ahpWeights = weights
      sources.append(WeightSource(name: "ahp", weights: weights, confidence: weights.mapValues { _ in ahpShare }))
    }
    var objectiveWeights: [String: Double]? = nil
    if let objectiveMethod {
      let selection = try table.numericColumns(indicators, roles: Array(repeating: "an indicator", count: indicators.count), strict: false)
      let directions = fitReport.weights.map(\.direction)
      let weights = try ObjectiveWeights.compute(method: objectiveMethod, names: indicators, columns: selection.columns, directions: directions)
      let map = Dictionary(uniqueKeysWithValues: zip(indicators, weights))
      objectiveWeights = map
      sources.append(WeightSource(name: objectiveMethod.rawValue, weights: map, confidence: map.mapValues { _ in objectiveShare }))
    }

    let (recommended, solution) = try Recommendation.combine(indicators: indicators, sources: sources, lower: lower, upper: upper, boundOrigins: origins)

    // Backtest on the history.
    let selection = try table.numericColumns(
      [fitReport.outcome] + indicators, roles: ["the --outcome"] + Array(repeating: "an indicator", count: indicators.count), strict: false)
    let directions = fitReport.weights.map(\.direction)
    let scores = Backtest.scores(columns: Array(selection.columns.dropFirst()), directions: directions, weights: recommended.map(\.weight))
    let tracking = Backtest.tracking(score: scores, outcome: selection.columns[0], outcomeDirection: fitReport.outcomeDirection)

    let rows = recommended.enumerated().map { j, r in
      RecommendReport.Row(
        indicator: r.indicator, weight: r.weight, fitted: fitted[r.indicator] ?? 0, fittedInterval: fitReport.weights[j].interval,
        target: targets[r.indicator], presetTarget: preset.targets[r.indicator], ahp: ahpWeights?[r.indicator], objective: objectiveWeights?[r.indicator],
        lower: r.lower, upper: r.upper, activeBound: r.activeBound, reason: r.reason + (swotChanges[r.indicator].map { "; SWOT " + $0.joined(separator: ", ") } ?? ""),
        direction: directions[j])
    }
    let config = WeightConfig(
      indicators: rows.map { row in
        let info = fitReport.catalog[row.indicator]
        return WeightConfig.Indicator(
          id: row.indicator, chineseLabel: info?.chineseLabel ?? "", englishLabel: info?.englishLabel ?? row.indicator, unit: info?.unit ?? "",
          direction: row.direction, weight: row.weight, lower: row.lower, upper: row.upper, scoring: ScoringRule.defaultRule(for: row.indicator))
      },
      provenance: WeightConfig.Provenance(
        tool: "kpi-weights \(toolVersion)", dataFile: table.file, dataSHA256: try SHA256.hex(ofFile: table.file), rows: table.rowCount,
        outcome: fitReport.outcome, method: fitReport.method.rawValue, blend: alpha, preset: preset.id, swotFile: swotPath, swotSHA256: swotHash,
        asOf: asOf ?? ISO8601DateFormatter().string(from: Date())),
      payPolicy: payPolicy)
    return RecommendReport(
      preset: preset, blend: alpha, rows: rows, solution: solution, spearman: tracking.spearman, rSquared: tracking.rSquared,
      fit: fitReport, warnings: warnings, config: config, hasAHP: ahpWeights != nil, objectiveMethod: objectiveMethod)
  }

  /// Indicators whose fitted effect has the expected sign with p < 0.05.
  func linkedIndicators(_ report: FitReport) -> Set<String> {
    var result = Set<String>()
    for w in report.weights where w.hasExpectedSign {
      if let p = report.coefficients.first(where: { $0.term == w.indicator })?.pValue, p < 0.05 { result.insert(w.indicator) }
    }
    return result
  }
}

/// What `recommend` prints.
public struct RecommendReport: Sendable, RenderedReport {
  public struct Row: Sendable {
    public let indicator: String
    public let weight: Double
    public let fitted: Double
    public let fittedInterval: (low: Double, high: Double)?
    /// The preset target after SWOT adjustments, and before them.
    public let target: Double?
    public let presetTarget: Double?
    public let ahp: Double?
    public let objective: Double?
    public let lower: Double
    public let upper: Double
    public let activeBound: BoundedSolution.ActiveBound?
    public let reason: String
    public let direction: Direction
  }

  public let preset: Preset
  public let blend: Double
  public let rows: [Row]
  public let solution: BoundedSolution
  public let spearman: Double
  public let rSquared: Double
  public let fit: FitReport
  public let warnings: [String]
  public let config: WeightConfig
  public let hasAHP: Bool
  public let objectiveMethod: ObjectiveMethod?

  func pct(_ value: Double?) -> String {
    guard let value, value.isFinite else { return "" }
    return String(format: "%.1f%%", value * 100)
  }


  public func jsonValue() -> JSONValue {
    let weights: [JSONValue] = rows.map { r in
      var fields: [(String, JSONValue)] = [
        ("indicator", .string(r.indicator)), ("weight", .double(r.weight)), ("fitted", .double(r.fitted)),
        ("target", .double(r.target)), ("lower", .double(r.lower)), ("upper", .double(r.upper)),
        ("activeBound", r.activeBound.map { .string($0.rawValue) } ?? .null), ("reason", .string(r.reason)),
      ]
      if let interval = r.fittedInterval { fields += [("fittedLow", .double(interval.low)), ("fittedHigh", .double(interval.high))] }
      if hasAHP { fields.append(("ahp", .double(r.ahp))) }
      if objectiveMethod != nil { fields.append(("objective", .double(r.objective))) }
      fields.append(("direction", .string(r.direction.rawValue)))
      return .object(fields)
    }
    return .object([
      ("preset", .string(preset.id)), ("outcome", .string(fit.outcome)), ("method", .string(fit.method.rawValue)), ("blend", .double(blend)),
      ("weights", .array(weights)),
      ("backtest", .object([("spearman", .double(spearman)), ("rSquared", .double(rSquared)), ("n", .integer(fit.observationCount))])),
      ("kkt", .object([("sumMultiplier", .double(solution.sumMultiplier)), ("boundMultipliers", .array(solution.boundMultipliers.map { .double($0) }))])),
      ("warnings", .array(warnings.map { .string($0) })),
    ])
  }

  public func renderCSV() -> String {
    var out = "indicator,label_zh,direction,fitted,target,\(hasAHP ? "ahp," : "")\(objectiveMethod != nil ? "objective," : "")weight,lower,upper,activeBound,reason\n"
    for r in rows {
      var cells = [csvField(r.indicator), csvField(fit.catalog[r.indicator]?.chineseLabel ?? ""), r.direction.rawValue, plainNumber(r.fitted), plainNumber(r.target)]
      if hasAHP { cells.append(plainNumber(r.ahp)) }
      if objectiveMethod != nil { cells.append(plainNumber(r.objective)) }
      cells += [plainNumber(r.weight), plainNumber(r.lower), plainNumber(r.upper), r.activeBound?.rawValue ?? "", csvField(r.reason)]
      out += cells.joined(separator: ",") + "\n"
    }
    return out
  }

  var header: [String] {
    var h = ["indicator", "指标", "fitted", "target"]
    if hasAHP { h.append("AHP") }
    if let objectiveMethod { h.append(objectiveMethod.rawValue) }
    h += ["weight", "bounds"]
    return h
  }

  func cells(_ r: Row) -> [String] {
    var fitted = pct(r.fitted)
    if let interval = r.fittedInterval { fitted += " (\(pct(interval.low))–\(pct(interval.high)))" }
    var c = [r.indicator, fit.catalog[r.indicator]?.chineseLabel ?? "", fitted, pct(r.target)]
    if hasAHP { c.append(pct(r.ahp)) }
    if objectiveMethod != nil { c.append(pct(r.objective)) }
    let bounds = "\(pct(r.lower))–\(pct(r.upper))" + (r.activeBound.map { $0 == .lower ? " ▲" : " ▼" } ?? "")
    c += [pct(r.weight), bounds]
    return c
  }

  var intro: [String] {
    [
      "Preset: \(preset.id) (\(preset.chineseName) · \(preset.englishName)) — \(preset.rationale)",
      "Outcome: \(fit.outcome); fitted weights by --method \(fit.method.rawValue) on \(fit.observationCount) rows; blend α = \(blend) (fit) / \(1 - blend) (preset)\(hasAHP ? ", AHP" : "")\(objectiveMethod.map { ", \($0.rawValue)" } ?? "").",
      "Solved: min Σ cⱼ(wⱼ − t̄ⱼ)² s.t. Σw = 1 and the bounds (▲ at its floor, ▼ at its ceiling).",
    ]
  }

  public func renderTable(color: Bool) -> String {
    let bold: (String) -> String = color ? { "\u{1B}[1m\($0)\u{1B}[0m" } : { $0 }
    var out = bold("Recommended weights · 推荐权重") + "\n" + intro.joined(separator: "\n") + "\n\n"
    var alignments: [TextTable.Alignment] = [.left, .left] + Array(repeating: .right, count: header.count - 2)
    alignments[alignments.count - 1] = .left
    var table = TextTable(headers: header, alignments: alignments)
    for r in rows.sorted(by: { $0.weight > $1.weight }) { table.append(cells(r)) }
    out += table.render(styleHeader: bold)
    out += "\n" + bold("Why · 说明") + "\n"
    for r in rows.sorted(by: { $0.weight > $1.weight }) { out += "  \(r.indicator): \(r.reason)\n" }
    out += "\n" + bold("Backtest · 回测") + String(format: ": Spearman ρ(score, better outcome) = %.3f; R² of %@ on the score = %.3f (%d rows)\n", spearman, fit.outcome, rSquared, fit.observationCount)
    if !warnings.isEmpty {
      out += "\n" + bold("Warnings · 提示") + "\n" + warnings.map { "  • \($0)\n" }.joined()
    }
    return out
  }

  public func renderMarkdown() -> String {
    var out = "# Recommended weights · 推荐权重: `\(preset.id)`\n\n" + intro.map { "\($0)\n\n" }.joined()
    out += "| " + header.joined(separator: " | ") + " | reason |\n|" + header.map { _ in "---|" }.joined() + "---|\n"
    for r in rows.sorted(by: { $0.weight > $1.weight }) { out += "| " + cells(r).joined(separator: " | ") + " | \(r.reason) |\n" }
    out += String(format: "\n**Backtest**: Spearman ρ = %.3f, R² = %.3f (%d rows).\n", spearman, rSquared, fit.observationCount)
    if !warnings.isEmpty { out += "\n## Warnings · 提示\n\n" + warnings.map { "- \($0)\n" }.joined() }
    return out
  }
}
