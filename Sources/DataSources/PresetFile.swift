import Foundation
import WeightAnalysis
import Yams

/// Reads weighting presets (YAML/JSON) and ships the built-in ones.
///
/// ```yaml
/// id: brand-image
/// name: {zh: 提升品牌形象, en: Brand image}
/// rationale: Customer satisfaction carries at least 40%.
/// source: "seed article: …"
/// blend: 0.4              # the fit's share α in the combination (0…1)
/// outcome: churn_pct      # optional: the outcome the preset is meant for
/// weights:
///   satisfaction_pct: {target: 0.40, min: 0.40, max: 0.60}
///   response_hours: {target: 0.10, minWhenLinked: 0.20}   # floor when the fit links it to the outcome
///   first_fix_pct: {target: 0.2, scoring: {kind: linear, full: 90, step: 5, points: 1}}  # a fixed rule
/// ```
/// `scoring` takes the rules of a weight config (minmax, linear, targets, steps).
/// Targets must sum to 1; `min ≤ max`, all within [0, 1].
public enum PresetFile {
  /// Ids of the built-in presets, in display order.
  public static let builtInIDs = ["balanced", "cost-reduction", "brand-image", "efficiency", "retention"]

  /// The built-in presets (data files in the package).
  public static func builtIn() throws -> [Preset] {
    try builtInIDs.map { try builtIn(named: $0) }
  }

  /// A built-in preset by id (only its own file is read), or an error listing the available ones.
  /// - Throws: ``AnalysisError/unknownPreset(name:available:)``.
  public static func builtIn(named id: String) throws -> Preset {
    guard builtInIDs.contains(id) else { throw AnalysisError.unknownPreset(name: id, available: builtInIDs) }
    guard let url = Bundle.module.url(forResource: id, withExtension: "yaml", subdirectory: "Presets") else {
      throw ConfigError(file: "\(id).yaml", line: nil, keyPath: "", message: "the built-in preset file is missing from the package resources")
    }
    return try load(path: url.path, displayName: "built-in preset \(id)")
  }

  public static func load(path: String, displayName: String? = nil) throws -> Preset {
    try parse(configText(path), file: displayName ?? path)
  }

  static let topKeys: Set<String> = ["id", "name", "rationale", "source", "blend", "outcome", "weights"]
  static let weightKeys: Set<String> = ["target", "min", "max", "minWhenLinked", "scoring"]

  public static func parse(_ text: String, file: String) throws -> Preset {
    let document = try YAMLDocument.compose(text, file: file)
    guard let mapping = document.node.mapping else { throw document.error(document.node, "", "expected a mapping with id, name, weights") }
    var fields: [String: Node] = [:]
    for (key, value) in mapping {
      guard let name = key.string, topKeys.contains(name) else {
        throw document.error(key, key.string ?? "?", "unknown key; expected one of \(topKeys.sorted().joined(separator: ", "))")
      }
      fields[name] = value
    }
    func string(_ key: String) throws -> String? {
      guard let node = fields[key] else { return nil }
      guard let value = node.scalar?.string else { throw document.error(node, key, "expected text") }
      return value
    }
    guard let id = try string("id"), !id.isEmpty else { throw document.error(document.node, "id", "missing preset id") }
    var zh = "", en = id
    if let nameNode = fields["name"] {
      guard let names = nameNode.mapping else { throw document.error(nameNode, "name", "expected {zh: …, en: …}") }
      zh = names["zh"]?.string ?? ""
      en = names["en"]?.string ?? id
    }
    // rationale: one text, or {zh: …, en: …}.
    var rationale = "", chineseRationale: String? = nil
    if let node = fields["rationale"] {
      if let texts = node.mapping {
        guard let en = texts["en"]?.string, let zh = texts["zh"]?.string else { throw document.error(node, "rationale", "expected a text or {zh: …, en: …}") }
        (rationale, chineseRationale) = (en, zh)
      } else {
        rationale = try string("rationale") ?? ""
      }
    }
    var blend = 0.5
    if let node = fields["blend"] {
      guard let value = node.scalar.flatMap({ ConfigNumber.decimal($0.string) }), value >= 0, value <= 1 else {
        throw document.error(node, "blend", "expected a number from 0 (preset only) to 1 (fit only)")
      }
      blend = value
    }
    guard let weightsNode = fields["weights"], let weights = weightsNode.mapping else {
      throw document.error(document.node, "weights", "missing mapping of indicator → {target, min, max}")
    }
    var targets: [String: Double] = [:], lower: [String: Double] = [:], upper: [String: Double] = [:], linked: [String: Double] = [:]
    var scoring: [String: ScoringRule] = [:]
    for (key, value) in weights {
      guard let indicator = key.string, !indicator.isEmpty else { throw document.error(key, "weights", "indicator ids must be text") }
      let path = "weights.\(indicator)"
      guard let entry = value.mapping else { throw document.error(value, path, "expected {target: …, min: …, max: …}") }
      for (k, v) in entry {
        guard let name = k.string, weightKeys.contains(name) else {
          throw document.error(k, "\(path).\(k.string ?? "?")", "unknown key; expected one of \(weightKeys.sorted().joined(separator: ", "))")
        }
        if name == "scoring" {
          scoring[indicator] = try WeightConfigFile.scoring(try WeightConfigFile.Reader(document: document, node: v, path: "\(path).scoring"))
          continue
        }
        guard let number = v.scalar.flatMap({ ConfigNumber.decimal($0.string) }), number >= 0, number <= 1 else {
          throw document.error(v, "\(path).\(name)", "expected a weight between 0 and 1 (e.g. 0.4 for 40%), got '\(v.scalar?.string ?? "?")'")
        }
        switch name {
        case "target": targets[indicator] = number
        case "min": lower[indicator] = number
        case "max": upper[indicator] = number
        default: linked[indicator] = number
        }
      }
      if targets[indicator] == nil { throw document.error(value, path, "missing 'target'") }
      if let lo = lower[indicator], let hi = upper[indicator], lo > hi {
        throw document.error(value, path, "min \(lo) is above max \(hi)")
      }
    }
    let total = targets.values.reduce(0, +)
    if abs(total - 1) > 1e-3 {
      throw document.error(weightsNode, "weights", "the targets sum to \(String(format: "%.4g", total)), not 1 (100%); adjust them")
    }
    var preset = Preset(
      id: id, chineseName: zh, englishName: en, rationale: rationale, chineseRationale: chineseRationale, source: try string("source") ?? file,
      targets: targets, lower: lower, upper: upper, lowerWhenLinked: linked, defaultBlend: blend, outcome: try string("outcome"))
    preset.scoring = scoring
    return preset
  }
}

