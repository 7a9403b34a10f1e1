import WeightAnalysis

/// The tables of `presets list` and `presets show`.
public enum PresetTables {
  /// One row per preset: id, names, blend, and its notable bounds (floors of 15% and more, and
  /// the conditional floors).
  public static func list(_ presets: [Preset]) -> String {
    var table = TextTable(headers: ["preset", "名称", "name", "blend α", "bounds"], alignments: [.left, .left, .left, .right, .left])
    for p in presets {
      var key = p.lower.filter { $0.value >= 0.15 }.keys.sorted().map { id -> String in
        let hi = p.upper[id].map { "–\(Recommendation.percent($0))" } ?? "+"
        return "\(id) \(Recommendation.percent(p.lower[id] ?? 0))\(hi)"
      }
      key += p.lowerWhenLinked.keys.sorted().map { "\($0) \(Recommendation.percent(p.lowerWhenLinked[$0] ?? 0))+ if linked" }
      table.append([p.id, p.chineseName, p.englishName, String(format: "%.1f", p.defaultBlend), key.joined(separator: ", ")])
    }
    return table.render(styleHeader: { $0 })
  }

  /// A preset's header, rationale, source, blend, and its targets and bounds in catalog order
  /// (then any other indicator by id), the same on every run.
  public static func show(_ p: Preset, catalog: IndicatorCatalog = .builtIn) -> String {
    let out = "\(p.id) · \(p.chineseName) · \(p.englishName)\n\(p.rationale)\nSource: \(p.source)\nBlend α (fit share): \(p.defaultBlend)\n\n"
    var table = TextTable(headers: ["indicator", "指标", "target", "min", "max", "min if linked"], alignments: [.left, .left, .right, .right, .right, .right])
    let order = catalog.order.filter { p.targets[$0] != nil } + p.targets.keys.filter { !catalog.order.contains($0) }.sorted()
    for id in order {
      table.append([
        id, catalog[id]?.chineseLabel ?? "", Recommendation.percent(p.targets[id] ?? 0), p.lower[id].map(Recommendation.percent) ?? "",
        p.upper[id].map(Recommendation.percent) ?? "", p.lowerWhenLinked[id].map(Recommendation.percent) ?? "",
      ])
    }
    return out + table.render(styleHeader: { $0 })
  }
}
