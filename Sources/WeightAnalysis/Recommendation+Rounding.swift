import Foundation

extension Recommendation {
  /// Weights rounded to multiples of `step` (0.01 = whole percent) that sum to exactly 1 and keep
  /// every bound, by largest remainder (Hamilton's method):
  /// ```
  /// U = 1/step units;  uⱼ = ⌊wⱼ/step⌋ clipped to [⌈lⱼ/step⌉, ⌊uⱼ/step⌋]
  /// then U − Σuⱼ units go one each to the largest remainders wⱼ/step − uⱼ with room below
  /// their upper bound (or, when Σuⱼ > U, come off the smallest with room above their lower)
  /// ```
  /// Ties go to the earlier indicator. Results are multiples of `step` printed exactly (0.28, not
  /// 0.28000000000000003).
  /// - Throws: ``AnalysisError/unusableSetting(_:reason:)`` when `1/step` is not a whole number
  ///   of units, or the bounds leave no rounded table (a bound interval holding no multiple of
  ///   `step`, or rounded bounds that cannot sum to 1).
  public static func rounded(weights: [Double], names: [String], lower: [Double], upper: [Double], step: Double) throws -> [Double] {
    let unitsTotal = (1 / step).rounded()
    guard step > 0, step <= 0.5, abs(unitsTotal * step - 1) < 1e-9, unitsTotal <= 1_000_000 else {
      throw AnalysisError.unusableSetting(.round, reason: "the rounding step \(percent(step)) must divide 100% into whole units (e.g. 1, 0.5 or 0.1)")
    }
    let total = Int(unitsTotal)
    let low = lower.map { Int(($0 * unitsTotal - 1e-9).rounded(.up)) }
    let high = upper.map { Int(($0 * unitsTotal + 1e-9).rounded(.down)) }
    for j in names.indices where low[j] > high[j] {
      throw AnalysisError.unusableSetting(
        .round, reason: "'\(names[j])' must lie within \(percent(lower[j]))–\(percent(upper[j])), which holds no multiple of \(percent(step)); round to a finer step or widen that bound")
    }
    if low.reduce(0, +) > total || high.reduce(0, +) < total {
      throw AnalysisError.unusableSetting(
        .round, reason: "rounded to \(percent(step)) the bounds sum to \(low.reduce(0, +))–\(high.reduce(0, +)) units of \(total), so no rounded table sums to 100%; round to a finer step or widen the bounds")
    }
    let exact = weights.map { $0 * unitsTotal }
    var units = exact.indices.map { min(high[$0], max(low[$0], Int(exact[$0].rounded(.down)))) }
    var remaining = total - units.reduce(0, +)
    // One unit at a time to the largest remainder with room (or from the smallest).
    while remaining != 0 {
      let up = remaining > 0
      let candidates = units.indices.filter { up ? units[$0] < high[$0] : units[$0] > low[$0] }
      let remainder = { (j: Int) in exact[j] - Double(units[j]) }
      guard let pick = up ? candidates.max(by: { remainder($0) < remainder($1) || (remainder($0) == remainder($1) && $0 > $1) })
        : candidates.min(by: { remainder($0) < remainder($1) || (remainder($0) == remainder($1) && $0 < $1) })
      else { break }
      units[pick] += up ? 1 : -1
      remaining += up ? -1 : 1
    }
    let decimals = max(0, Int((-log10(step)).rounded(.up)))
    return units.map { Double(String(format: "%.\(decimals)f", Double($0) / unitsTotal))! }
  }
}
