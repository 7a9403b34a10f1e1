import DataSources
import Foundation
import LinearAlgebra
import WeightAnalysis

/// `kpi-weights compare`: several weight sets side by side on the same history.
public struct CompareJob: Sendable {
  public var fit: FitJob
  public var presets: [Preset]
  /// Extra sets: "fit", "recommended", or an objective method name.
  public var include: [String] = []
  /// Entity (team/employee) column for rankings; `nil`: the first id column found.
  public var entityColumn: String?
  public var replicates = 200
  public var payPolicy = WeightConfig.PayPolicy()

  public init(fit: FitJob, presets: [Preset]) {
    self.fit = fit
    self.presets = presets
  }

  public func run() throws -> CompareReport {
    let table = try CSVReader.read(path: fit.dataPath)
    var fitJob = fit
    fitJob.bootstrapReplicates = nil
    if fitJob.indicators == nil, let first = presets.first { fitJob.indicators = table.headers.filter { first.indicators.contains($0) } }
    let fitReport = try fitJob.run(on: table)
    let indicators = fitReport.weights.map(\.indicator)
    let directions = fitReport.weights.map(\.direction)

    var sets: [(name: String, weights: [Double])] = []
    for preset in presets {
      for id in preset.indicators where !indicators.contains(id) {
        throw AnalysisError.unknownIndicator(name: id, context: "preset '\(preset.id)'", suggestion: table.closestHeader(to: id))
      }
      // The preset's own weights: its targets projected onto Σw = 1 and its bounds.
      let source = WeightSource(name: preset.id, weights: preset.targets, confidence: preset.targets.mapValues { _ in 1 })
      let lower = indicators.map { preset.lower[$0] ?? 0 }, upper = indicators.map { preset.upper[$0] ?? 1 }
      let (weights, _) = try Recommendation.combine(indicators: indicators, sources: [source], lower: lower, upper: upper, boundOrigins: Array(repeating: preset.id, count: indicators.count))
      sets.append((preset.id, weights.map(\.weight)))
    }
    let selection = try table.numericColumns(
      [fitReport.outcome] + indicators, roles: ["the --outcome"] + Array(repeating: "an indicator", count: indicators.count), strict: fit.strict)
    let columns = Array(selection.columns.dropFirst())
    for name in include {
      switch name {
      case "fit":
        sets.append(("fit-\(fitReport.method.rawValue)", fitReport.weights.map(\.weight)))
      case "recommended":
        guard let preset = presets.first else {
          throw AnalysisError.methodNotApplicable(method: "compare --include recommended", reason: "it needs a preset; give --presets")
        }
        var job = RecommendJob(fit: fitJob, preset: preset)
        job.asOf = "1970-01-01T00:00:00Z"
        let report = try job.run(on: table)
        sets.append(("recommended", report.rows.map(\.weight)))
      default:
        guard let method = ObjectiveMethod(rawValue: name) else {
          throw AnalysisError.methodNotApplicable(
            method: "compare --include \(name)", reason: "unknown set; use fit, recommended, or an objective method (entropy, critic, sd, cv, merec)")
        }
        sets.append((name, try ObjectiveWeights.compute(method: method, names: indicators, columns: columns, directions: directions)))
      }
    }
    guard !sets.isEmpty else { throw AnalysisError.methodNotApplicable(method: "compare", reason: "nothing to compare; give --presets and/or --include") }

    // Entities for rankings.
    let entityName = entityColumn ?? table.headers.first { DataTable.isIdentifierName($0) && !["month", "period", "date", "year", "quarter", "week", "月份", "日期", "期间"].contains($0.lowercased()) }
    var entityOfRow: [Int]? = nil
    var entityLabels: [String] = []
    if let entityName {
      let index = try table.requireColumn(entityName, role: "--entity")
      let texts = table.texts(column: index)
      var numbers: [String: Int] = [:]
      entityOfRow = selection.keptRows.map { row in
        let label = texts[row]
        if let n = numbers[label] { return n }
        numbers[label] = entityLabels.count
        entityLabels.append(label)
        return entityLabels.count - 1
      }
    }

    let outcome = selection.columns[0]
    var results: [CompareReport.SetResult] = []
    var firstMeans: [Double]? = nil
    var meansBySet: [[Double]] = []
    var firstBands: [Int]? = nil
    for (k, set) in sets.enumerated() {
      let scores = Backtest.scores(columns: columns, directions: directions, weights: set.weights)
      let tracking = Backtest.tracking(score: scores, outcome: outcome, outcomeDirection: fitReport.outcomeDirection)
      // Bootstrap intervals of the tracking statistics (rows resampled, seeded per set index).
      var spearmans: [Double] = [], rSquareds: [Double] = []
      for b in 0..<replicates {
        var random = SplitMix64.stream(seed: fit.seed &+ UInt64(k) &* 1_000_003, index: b)
        let picks = (0..<scores.count).map { _ in random.below(scores.count) }
        let t = Backtest.tracking(score: picks.map { scores[$0] }, outcome: picks.map { outcome[$0] }, outcomeDirection: fitReport.outcomeDirection)
        if t.spearman.isFinite { spearmans.append(t.spearman) }
        if t.rSquared.isFinite { rSquareds.append(t.rSquared) }
      }
      spearmans.sort()
      rSquareds.sort()
      var tau: Double? = nil, moved: Int? = nil
      var movers: [CompareReport.Move] = []
      if let entityOfRow {
        var sum = [Double](repeating: 0, count: entityLabels.count), count = sum
        for (i, e) in entityOfRow.enumerated() { sum[e] += scores[i]; count[e] += 1 }
        let means = zip(sum, count).map { $0 / max($1, 1) }
        meansBySet.append(means)
        let bands = Backtest.bands(means)
        if let firstMeans, let firstBands {
          tau = Backtest.kendallTauB(firstMeans, means)
          moved = zip(firstBands, bands).filter { $0 != $1 }.count
          movers = entityLabels.indices.filter { firstBands[$0] != bands[$0] }.map {
            CompareReport.Move(entity: entityLabels[$0], from: CompareReport.bandName(firstBands[$0]), to: CompareReport.bandName(bands[$0]))
          }
        } else {
          firstMeans = means
          firstBands = bands
          tau = 1
          moved = 0
        }
      }
      let pay = scores.map { payPolicy.performanceShare * $0 / 10 }.sorted()
      var result =
        CompareReport.SetResult(
          name: set.name, weights: set.weights, spearman: tracking.spearman,
          spearmanInterval: spearmans.count >= 2 ? (Bootstrap.quantile(spearmans, 0.025), Bootstrap.quantile(spearmans, 0.975)) : nil,
          rSquared: tracking.rSquared, rSquaredInterval: rSquareds.count >= 2 ? (Bootstrap.quantile(rSquareds, 0.025), Bootstrap.quantile(rSquareds, 0.975)) : nil,
          kendallTau: tau, movedBetweenBands: moved,
          payP10: Bootstrap.quantile(pay, 0.1), payMedian: Bootstrap.quantile(pay, 0.5), payP90: Bootstrap.quantile(pay, 0.9))
      result.scores = scores
      result.entityMeans = meansBySet.last ?? []
      result.movers = movers
      results.append(result)
    }
    var report = CompareReport(
      indicators: indicators, sets: results, outcome: fitReport.outcome, rows: outcome.count, entityColumn: entityName,
      entities: entityLabels.count, replicates: replicates, payPolicy: payPolicy, catalog: fitReport.catalog, warnings: fitReport.warnings)
    report.entityLabels = entityLabels
    return report
  }
}

/// What `compare` prints.
public struct CompareReport: Sendable, RenderedReport {
  public struct SetResult: Sendable {
    public let name: String
    public let weights: [Double]
    public let spearman: Double
    public let spearmanInterval: (Double, Double)?
    public let rSquared: Double
    public let rSquaredInterval: (Double, Double)?
    /// Against the first set, on entities' mean scores.
    public let kendallTau: Double?
    public let movedBetweenBands: Int?
    /// Performance pay as a share of salary, across unit-periods.
    public let payP10: Double
    public let payMedian: Double
    public let payP90: Double
    /// Every unit-period's score and each entity's mean score (for charts; not in the JSON).
    public var scores: [Double] = []
    public var entityMeans: [Double] = []
    /// Entities whose performance band differs from the first set's.
    public var movers: [Move] = []
  }

  /// An entity changing performance band between the first set and another.
  public struct Move: Sendable, Equatable {
    public let entity: String
    public let from: String
    public let to: String
  }

  static func bandName(_ band: Int) -> String { band == 2 ? "top" : (band == 0 ? "bottom" : "middle") }

  public let indicators: [String]
  public let sets: [SetResult]
  public let outcome: String
  public let rows: Int
  public let entityColumn: String?
  public let entities: Int
  public let replicates: Int
  public let payPolicy: WeightConfig.PayPolicy
  public let catalog: IndicatorCatalog
  public let warnings: [String]
  /// Entity labels in the order of `SetResult.entityMeans`.
  public var entityLabels: [String] = []


  public func jsonValue() -> JSONValue {
    .object([
      ("outcome", .string(outcome)), ("rows", .integer(rows)), ("entity", entityColumn.map { .string($0) } ?? .null),
      ("entities", .integer(entities)), ("replicates", .integer(replicates)),
      ("sets", .array(sets.map { set in
        var fields: [(String, JSONValue)] = [
          ("name", .string(set.name)),
          ("weights", .array(zip(indicators, set.weights).map { .object([("indicator", .string($0)), ("weight", .double($1))]) })),
          ("spearman", .double(set.spearman)), ("rSquared", .double(set.rSquared)), ("kendallTau", .double(set.kendallTau)),
        ]
        if let i = set.spearmanInterval { fields += [("spearmanLow", .double(i.0)), ("spearmanHigh", .double(i.1))] }
        if let i = set.rSquaredInterval { fields += [("rSquaredLow", .double(i.0)), ("rSquaredHigh", .double(i.1))] }
        fields += [
          ("movedBetweenBands", set.movedBetweenBands.map { .integer($0) } ?? .null),
          ("movers", .array(set.movers.map { .object([("entity", .string($0.entity)), ("from", .string($0.from)), ("to", .string($0.to))]) })),
          ("performancePay", .object([("p10", .double(set.payP10)), ("median", .double(set.payMedian)), ("p90", .double(set.payP90))])),
        ]
        return .object(fields)
      })),
      ("warnings", .array(warnings.map { .string($0) })),
    ])
  }

  public func renderCSV() -> String {
    var out = "set,spearman,rSquared,kendallTau,movedBetweenBands," + indicators.joined(separator: ",") + "\n"
    for s in sets {
      out += ([csvField(s.name), plainNumber(s.spearman), plainNumber(s.rSquared), plainNumber(s.kendallTau), s.movedBetweenBands.map(String.init) ?? ""]
        + s.weights.map { plainNumber($0) }).joined(separator: ",") + "\n"
    }
    return out
  }

  func short(_ name: String) -> String { name.count <= 15 ? name : String(name.prefix(14)) + "…" }
  /// Sets are numbered so that the weights table stays within 80 columns.
  func label(_ k: Int) -> String { "#\(k + 1)" }
  func pct(_ x: Double) -> String { String(format: "%.0f%%", x * 100) }
  func interval(_ v: Double, _ i: (Double, Double)?) -> String {
    guard let i else { return String(format: "%.2f", v) }
    return String(format: "%.2f [%.2f,%.2f]", v, i.0, i.1)
  }

  var notes: [String] {
    [
      "Outcome \(outcome), \(rows) unit-periods\(entityColumn.map { ", \(entities) entities by '\($0)'" } ?? ""). Score = 10·Σ w·(direction-aware min-max position).",
      "ρ: Spearman of score with the better outcome; R²: outcome on score; [95% bootstrap, \(replicates) replicates].",
      "τ: Kendall's τ-b of entities' mean scores against '\(sets.first?.name ?? "")'; moved: entities changing band (top/bottom 20%).",
      "Pay: performance pay as a share of salary (\(pct(payPolicy.performanceShare)) × score/10), p10–p90 across unit-periods.",
    ]
  }

  public func renderTable(color: Bool) -> String {
    let bold: (String) -> String = color ? { "\u{1B}[1m\($0)\u{1B}[0m" } : { $0 }
    var out = bold("Compare weight sets · 方案对比") + "\n" + notes.map { wrap($0, width: 80) }.joined(separator: "\n") + "\n\n"
    var summary = TextTable(headers: ["set", "ρ [95%]", "R²", "τ", "moved", "pay p10–p90"], alignments: [.left, .left, .right, .right, .right, .right])
    for (k, s) in sets.enumerated() {
      summary.append([
        "\(label(k)) \(short(s.name))", interval(s.spearman, s.spearmanInterval), String(format: "%.3f", s.rSquared), s.kendallTau.map { String(format: "%.2f", $0) } ?? "",
        s.movedBetweenBands.map(String.init) ?? "", String(format: "%.1f–%.1f%%", s.payP10 * 100, s.payP90 * 100),
      ])
    }
    out += summary.render(styleHeader: bold) + "\n"
    let moves = sets.enumerated().filter { !$0.element.movers.isEmpty }
    if !moves.isEmpty {
      out += bold("Band moves · 档位变化") + " (against #1; top/bottom = best/worst 20%)\n"
      for (k, s) in moves {
        let list = s.movers.map { "\($0.entity) \($0.from)→\($0.to)" }.joined(separator: ", ")
        out += wrap("  \(label(k)): \(list)", width: 80, indent: "      ") + "\n"
      }
      out += "\n"
    }
    var weights = TextTable(headers: ["indicator"] + sets.indices.map(label), alignments: [.left] + sets.map { _ in .right })
    for (j, id) in indicators.enumerated() { weights.append([id] + sets.map { pct($0.weights[j]) }) }
    out += bold("Weights · 权重") + "\n" + weights.render(styleHeader: bold)
    if !warnings.isEmpty { out += "\n" + bold("Warnings · 提示") + "\n" + warnings.map { wrap("  • \($0)", width: 80, indent: "    ") + "\n" }.joined() }
    return out
  }

  public func renderMarkdown() -> String {
    var out = "# Compare weight sets · 方案对比\n\n" + notes.map { "\($0)\n\n" }.joined()
    out += "| set | ρ [95%] | R² | τ | moved | pay p10–p90 |\n|---|---|---:|---:|---:|---:|\n"
    for s in sets {
      out += "| \(s.name) | \(interval(s.spearman, s.spearmanInterval)) | \(String(format: "%.3f", s.rSquared)) | \(s.kendallTau.map { String(format: "%.2f", $0) } ?? "") | \(s.movedBetweenBands.map(String.init) ?? "") | \(String(format: "%.1f–%.1f%%", s.payP10 * 100, s.payP90 * 100)) |\n"
    }
    out += "\n| indicator | " + sets.map(\.name).joined(separator: " | ") + " |\n|---|" + sets.map { _ in "---:|" }.joined() + "\n"
    for (j, id) in indicators.enumerated() { out += "| \(id) | " + sets.map { pct($0.weights[j]) }.joined(separator: " | ") + " |\n" }
    return out
  }
}

/// Word-wraps `text` to `width` display columns (CJK characters count two), continuing lines with `indent`.
func wrap(_ text: String, width: Int, indent: String = "  ") -> String {
  var lines: [String] = []
  // Leading spaces are kept as the first line's indentation.
  let leading = String(text.prefix { $0 == " " })
  var line = leading
  var lineWidth = leading.count
  for word in text.dropFirst(leading.count).split(separator: " ", omittingEmptySubsequences: false) {
    let w = displayWidth(String(word))
    if lineWidth > leading.count && lineWidth + 1 + w > width {
      lines.append(line)
      line = indent + word
      lineWidth = displayWidth(indent) + w
    } else {
      let separator = lineWidth > leading.count || (line.count > leading.count) ? " " : ""
      line += separator + word
      lineWidth += separator.count + w
    }
  }
  lines.append(line)
  return lines.joined(separator: "\n")
}
