import ArgumentParser
import Foundation
import DataSources
import LinearAlgebra
import Reports
import WeightAnalysis
import Workflows

/// `--preset`, `--preset-file`, `--swot`, `--blend`, `--ahp`, `--objective`, `--performance-share`,
/// `--as-of`, and the pay link (`--scoring`, `--round`, `--warning-percentile`, `--pay-gate`,
/// `--pay-cap`, `--pay-curve`): the goal, the other weight sources and the pay plan, the same for
/// every command that takes a preset.
struct PresetOptions: ParsableArguments {
  @Option(
    name: [.customLong("preset"), .customLong("presets")],
    help: "Built-in preset(s), comma-separated: balanced, cost-reduction, brand-image, efficiency, retention (the first is recommended).")
  var preset: String?

  @Option(help: "Preset file (YAML/JSON) instead of, or after, the built-in ones (repeatable).")
  var presetFile: [String] = []

  @Option(help: "SWOT file (YAML/JSON) adjusting the recommended preset's targets.")
  var swot: String?

  @Option(help: "The fit's share α in the blend (0 = preset only, 1 = fit only); default: the preset's.")
  var blend: Double?

  @Option(help: "AHP pairwise comparison matrix joining the blend (repeatable: one per expert).")
  var ahp: [String] = []

  @Option(help: "Objective method joining the blend: entropy, critic, sd, cv, merec.")
  var objective: ObjectiveMethod?

  @Option(help: "Performance share of pay (the article: 0.3 of 70/30).")
  var performanceShare: Double = 0.3

  @Option(help: "Timestamp recorded in the config's provenance (ISO 8601; default now).")
  var asOf: String?

  @Option(help: "Scoring rules proposed and scored with: calibrated (bands from the history's p10–p90) or article (the article's fixed rules).")
  var scoring: ScoringScheme = .calibrated

  @Option(help: "Round the config's weights to this many percent (1 = whole percent, 0.5, 0.1), summing to exactly 100% within the bounds.")
  var round: Double?

  @Option(help: "Set the warning threshold at this percentile (0–100) of the history's scores (default: 10 under calibrated scoring; a score of 6 under the article's).")
  var warningPercentile: Double?

  @Option(help: "No performance pay below this score (0–10).")
  var payGate: Double?

  @Option(help: "Performance pay at most this multiple of the performance share (1 = the whole share).")
  var payCap: Double?

  @Option(help: "Pay curve: linear (score/10), or steps SCORE:MULTIPLE,… such as 6:0.5,8:1.0,9.5:1.2.")
  var payCurve: String?

  var builtInNames: [String] { names(preset) ?? [] }

  /// A calendar date (`2026-01-31`) or an internet timestamp (`2026-01-31T08:00:00+08:00`).
  static func isISO8601(_ text: String) -> Bool {
    let date = ISO8601DateFormatter()
    date.formatOptions = [.withFullDate]
    return ISO8601DateFormatter().date(from: text) != nil || (text.count == 10 && date.date(from: text) != nil)
  }

  func validate() throws {
    if let blend, !(0...1).contains(blend) { throw ValidationError("--blend is the fit's share, between 0 and 1; got \(blend)") }
    if !(0...1).contains(performanceShare) { throw ValidationError("--performance-share must be between 0 and 1; got \(performanceShare)") }
    if let asOf, !Self.isISO8601(asOf) {
      throw ValidationError("--as-of must be an ISO 8601 date or timestamp such as 2026-01-31 or 2026-01-31T00:00:00Z; got '\(asOf)'")
    }
    if let round, !(round > 0 && round <= 50) { throw ValidationError("--round is a step in percent, such as 1 or 0.5; got \(round)") }
    if let warningPercentile, !(0...100).contains(warningPercentile) { throw ValidationError("--warning-percentile must be within 0–100; got \(warningPercentile)") }
    let problems = try payPolicy().planProblems()
    if let first = problems.first { throw ValidationError("the pay plan: \(first)") }
    if builtInNames.contains(where: \.isEmpty) { throw ValidationError("--preset has an empty name; write names separated by commas, e.g. --preset balanced,retention") }
  }

  /// Requires exactly one preset (built-in or file), for commands that recommend one.
  func requireOne() throws {
    if builtInNames.count + presetFile.count != 1 { throw ValidationError("give exactly one of --preset NAME or --preset-file FILE") }
  }

  /// Requires at least one preset.
  func requireSome() throws {
    if builtInNames.isEmpty && presetFile.isEmpty { throw ValidationError("give at least one --preset NAME or --preset-file FILE") }
  }

  /// The presets, built-in ones first, each file read once.
  func presets(_ loader: InputLoader = .fileSystem) throws -> [Preset] {
    try builtInNames.map { try PresetFile.builtIn(named: $0) } + presetFile.map { try loader.preset(file: $0) }
  }

  /// The presets, and the recommendation for the first of them with these options.
  func recommendation(fit: FitJob, _ loader: InputLoader = .fileSystem) throws -> (presets: [Preset], job: RecommendJob) {
    let presets = try presets(loader)
    return (presets, try recommendJob(fit: fit, preset: presets[0], loader))
  }

  /// The recommendation for `preset` with these options (SWOT and AHP files read once).
  func recommendJob(fit: FitJob, preset: Preset, _ loader: InputLoader = .fileSystem) throws -> RecommendJob {
    var job = RecommendJob(fit: fit, preset: preset)
    job.swot = try swot.map { try loader.swot($0) }
    job.blend = blend
    job.ahp = try ahp.map { try loader.pairwise($0) }
    job.objectiveMethod = objective
    job.payPolicy = try payPolicy()
    job.asOf = asOf
    job.scoring = scoring
    job.roundingStep = round.map { $0 / 100 }
    job.warningPercentile = warningPercentile
    return job
  }

  /// The pay plan these options describe.
  func payPolicy() throws -> WeightConfig.PayPolicy {
    WeightConfig.PayPolicy(
      baseShare: 1 - performanceShare, performanceShare: performanceShare, gate: payGate, cap: payCap, curve: try Self.curve(payCurve))
  }

  /// `linear`, or `SCORE:MULTIPLE,…`.
  static func curve(_ text: String?) throws -> PayCurve {
    guard let text, text != "linear" else { return .linear }
    let steps = try text.split(separator: ",").map { item -> (score: Double, pay: Double) in
      let parts = item.split(separator: ":")
      guard parts.count == 2, let score = Double(parts[0].trimmingCharacters(in: .whitespaces)), let pay = Double(parts[1].trimmingCharacters(in: .whitespaces)) else {
        throw ValidationError("--pay-curve takes linear or SCORE:MULTIPLE pairs such as 6:0.5,8:1.0,9.5:1.2; '\(item)' is not one")
      }
      return (score, pay)
    }
    return .steps(steps)
  }
}
