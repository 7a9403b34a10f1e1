import WeightAnalysis

extension PresetFile {
  /// A preset as YAML ready to copy and edit (`presets show NAME --format yaml`): the same keys
  /// ``parse(_:file:)`` reads, indicators in `order` (then any others by id), every string
  /// double-quoted; parsing the result gives the preset back.
  public static func render(_ preset: Preset, order: [String] = []) -> String {
    let ids = order.filter { preset.indicators.contains($0) } + preset.indicators.filter { !order.contains($0) }
    var lines = [
      "# A kpi-weights preset: edit the targets (they must sum to 1) and bounds, then use it with --preset-file FILE.",
      "id: \(JSONValue.quote(preset.id))",
      "name: {zh: \(JSONValue.quote(preset.chineseName)), en: \(JSONValue.quote(preset.englishName))}",
      "rationale: {zh: \(JSONValue.quote(preset.chineseRationale)), en: \(JSONValue.quote(preset.rationale))}",
      "source: \(JSONValue.quote(preset.source))",
      "blend: \(preset.defaultBlend)",
    ]
    if let outcome = preset.outcome { lines.append("outcome: \(JSONValue.quote(outcome))") }
    lines.append("weights:")
    for id in ids {
      var fields: [String] = []
      if let t = preset.targets[id] { fields.append("target: \(t)") }
      if let lo = preset.lower[id] { fields.append("min: \(lo)") }
      if let hi = preset.upper[id] { fields.append("max: \(hi)") }
      if let linked = preset.lowerWhenLinked[id] { fields.append("minWhenLinked: \(linked)") }
      if let rule = preset.scoring[id] { fields.append("scoring: " + WeightConfigFile.scoring(rule).serialized()) }
      lines.append("  \(JSONValue.quote(id)): {\(fields.joined(separator: ", "))}")
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
