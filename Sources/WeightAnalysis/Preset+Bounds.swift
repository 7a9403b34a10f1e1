/// The bounds a preset puts on the analysed indicators, with where each bound came from.
public struct PresetBounds: Sendable, Equatable {
  public let lower: [Double]
  public let upper: [Double]
  /// Who set each indicator's bounds (the preset id, with the "linked" reason for a conditional
  /// floor), or `nil` for the default [0, 1].
  public let origins: [BoundOrigin?]
  /// Conditional floors that did not apply because the history does not link the indicator.
  public let unappliedFloors: [(indicator: String, floor: Double)]

  public static func == (a: PresetBounds, b: PresetBounds) -> Bool {
    a.lower == b.lower && a.upper == b.upper && a.origins == b.origins
      && a.unappliedFloors.map(\.indicator) == b.unappliedFloors.map(\.indicator) && a.unappliedFloors.map(\.floor) == b.unappliedFloors.map(\.floor)
  }
}

extension Preset {
  /// The "linked" rule: an indicator is linked to the outcome when its fitted effect has the
  /// expected sign and its coefficient's p-value is below 0.05.
  public static let linkedSignificance = 0.05

  /// Indicators the fit links to the outcome (see ``linkedSignificance``).
  /// - Parameter pValues: each weight's coefficient p-value (same order as `weights`), `nil` when unknown.
  public static func linkedIndicators(weights: [IndicatorWeight], pValues: [Double?]) -> Set<String> {
    var result = Set<String>()
    for (w, p) in zip(weights, pValues) where w.hasExpectedSign {
      if let p, p < linkedSignificance { result.insert(w.indicator) }
    }
    return result
  }

  /// The preset's bounds on `indicators`: its `min`/`max`, and each `minWhenLinked` floor when
  /// the indicator is in `linked` (otherwise listed in ``PresetBounds/unappliedFloors``).
  /// Unnamed indicators get [0, 1]. `evidence` (per indicator, e.g. "p = 0.012, clustered by
  /// team") is quoted in the origin of an applied floor.
  public func bounds(for indicators: [String], linked: Set<String>, outcome: String, conditional: Bool = true, evidence: [String: Message] = [:]) -> PresetBounds {
    var lower = [Double](repeating: 0, count: indicators.count), upper = [Double](repeating: 1, count: indicators.count)
    var origins = [BoundOrigin?](repeating: nil, count: indicators.count)
    let presetOrigin = BoundOrigin(english: self.id, chinese: "“\(chineseName)”预设")
    var unapplied: [(String, Double)] = []
    for (j, id) in indicators.enumerated() {
      if let lo = self.lower[id] { lower[j] = lo; origins[j] = presetOrigin }
      if let hi = self.upper[id] { upper[j] = hi; origins[j] = presetOrigin }
      if conditional, let floor = lowerWhenLinked[id] {
        if linked.contains(id) {
          if floor > lower[j] {
            lower[j] = floor
            let english = evidence[id].map { " (\($0.findingEnglish))" } ?? "", chinese = evidence[id].map { "，\($0.findingChinese)" } ?? ""
            origins[j] = BoundOrigin(
              english: "\(self.id), because the history links '\(id)' to '\(outcome)'\(english)",
              chinese: "“\(chineseName)”预设（历史数据表明 '\(id)' 与 '\(outcome)' 相关\(chinese)）")
          }
        } else {
          unapplied.append((id, floor))
        }
      }
    }
    return PresetBounds(lower: lower, upper: upper, origins: origins, unappliedFloors: unapplied)
  }
}

extension Recommendation {
  /// The one feasibility check of bounds under `Σw = 1`: the floors may not add up to more than
  /// 100%, nor the ceilings to less (tolerance 1e-12).
  /// - Throws: ``AnalysisError/infeasibleBounds(_:)`` naming the floors and their sum.
  public static func requireFeasible(indicators: [String], lower: [Double], upper: [Double]) throws {
    let lowerSum = lower.reduce(0, +), upperSum = upper.reduce(0, +)
    if lowerSum > 1 + 1e-12 {
      let parts = indicators.indices.filter { lower[$0] > 0 }.map { "\(indicators[$0]) ≥ \(percent(lower[$0]))" }
      throw AnalysisError.infeasibleBounds("the floors add up to \(percent(lowerSum)) (\(parts.joined(separator: ", "))), more than 100%; lower some of them")
    }
    if upperSum < 1 - 1e-12 {
      throw AnalysisError.infeasibleBounds("the ceilings add up to \(percent(upperSum)), less than 100%; raise some of them")
    }
  }
}

extension Preset {
  /// The preset on the indicators a dataset has: the targets of the missing ones are spread over
  /// the rest in proportion to their own targets (`tⱼ / Σ_present t`), the bounds of the present
  /// ones are kept, the missing ones' bounds dropped.
  /// - Returns: the restricted preset and the indicators left out (sorted); the preset itself
  ///   when nothing is missing.
  public func restricted(to available: Set<String>) -> (preset: Preset, leftOut: [String]) {
    let leftOut = indicators.filter { !available.contains($0) }
    guard !leftOut.isEmpty else { return (self, []) }
    let kept = targets.filter { available.contains($0.key) }
    let total = kept.values.reduce(0, +)
    let scaled = total > 0 ? kept.mapValues { $0 / total } : kept.mapValues { _ in 1 / Double(max(kept.count, 1)) }
    func keep(_ map: [String: Double]) -> [String: Double] { map.filter { available.contains($0.key) } }
    var restricted = Preset(
      id: id, chineseName: chineseName, englishName: englishName, rationale: rationale, source: source, targets: scaled, lower: keep(lower),
      upper: keep(upper), lowerWhenLinked: keep(lowerWhenLinked), defaultBlend: defaultBlend, outcome: outcome)
    restricted.scoring = scoring.filter { available.contains($0.key) }
    return (restricted, leftOut)
  }
}
