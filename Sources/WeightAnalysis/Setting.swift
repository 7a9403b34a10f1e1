/// A setting a user chooses (which indicators, whether to allow the minimum-norm solution, …),
/// named structurally so that library messages never spell a command-line flag.
///
/// Messages and warnings interpolate a `Setting`; how it is spelled comes from
/// ``SettingNames/current``, a task-local vocabulary. Library users get plain words ("the
/// indicator list"); the command line binds ``SettingNames`` to its own spelling (`--indicators`)
/// around each command, so the same error value reads naturally in both places.
public enum Setting: String, Sendable, CaseIterable, CustomStringConvertible {
  case data, outcome, indicators, noIntercept, strict, minimumNorm, method, model, direction, catalog
  case bootstrap, seed, group, entity, period, salary, salaries, onlyPeriod
  case preset, presetFile, presets, include, swot, blend, ahp, objective
  case allowInconsistent, force, output, configOut, html, out, config, inferDirections, dateFormat, spec
  case standardErrors, cluster, fixedEffects, lag, leadOutcome, weights, indicatorSet
  case round, scoring, warningPercentile, percentScale, payGate, payCap, payCurve, pdf, inMemory

  /// The spelling under the current vocabulary.
  public var description: String { SettingNames.current.name(self) }
}

/// How ``Setting`` values are spelled in messages.
public struct SettingNames: Sendable {
  public let name: @Sendable (Setting) -> String

  public init(name: @escaping @Sendable (Setting) -> String) { self.name = name }

  /// The vocabulary in force for messages built or rendered on this task (default ``plain``).
  @TaskLocal public static var current = SettingNames.plain

  /// Plain words for library users.
  public static let plain = SettingNames { setting in
    switch setting {
    case .data: return "the data source"
    case .outcome: return "outcome"
    case .indicators: return "the indicator list"
    case .noIntercept: return "the no-intercept option"
    case .strict: return "strict mode"
    case .minimumNorm: return "the minimum-norm option"
    case .method: return "importance method"
    case .model: return "the model choice"
    case .direction: return "a direction setting"
    case .catalog: return "the catalog"
    case .bootstrap: return "bootstrap"
    case .seed: return "the seed"
    case .group: return "the bootstrap group setting"
    case .entity: return "the entity setting"
    case .period: return "the period setting"
    case .salary: return "the salary column setting"
    case .salaries: return "the salaries file"
    case .onlyPeriod: return "the period filter"
    case .preset: return "the preset"
    case .presetFile: return "a preset file"
    case .presets: return "the preset list"
    case .include: return "the extra sets"
    case .swot: return "the SWOT file"
    case .blend: return "the blend"
    case .ahp: return "the AHP matrices"
    case .objective: return "the objective method"
    case .allowInconsistent: return "the allow-inconsistent option"
    case .force: return "the overwrite option"
    case .output: return "output path"
    case .configOut: return "config path"
    case .html: return "report path"
    case .out: return "notebook path"
    case .config: return "the config"
    case .inferDirections: return "the infer-directions option"
    case .dateFormat: return "the date format setting"
    case .spec: return "the prepare spec"
    case .standardErrors: return "the standard-error choice"
    case .cluster: return "the cluster columns"
    case .fixedEffects: return "the fixed-effect columns"
    case .lag: return "a lag setting"
    case .leadOutcome: return "the outcome lead"
    case .weights: return "the observation-weight column"
    case .indicatorSet: return "an indicator set"
    case .round: return "the weight rounding"
    case .scoring: return "the scoring scheme"
    case .warningPercentile: return "the warning percentile"
    case .percentScale: return "the percent scale"
    case .payGate: return "the pay gate"
    case .payCap: return "the pay cap"
    case .payCurve: return "the pay curve"
    case .pdf: return "PDF path"
    case .inMemory: return "the in-memory option"
    }
  }
}
