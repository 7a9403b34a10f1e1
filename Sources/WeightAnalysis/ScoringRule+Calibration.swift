import Foundation

/// Where a proposed scoring rule comes from (`recommend`'s choice).
public enum ScoringScheme: String, Sendable, CaseIterable {
  /// Bands calibrated to the history's distribution (``ScoringRule/calibrated(values:direction:)``).
  case calibrated
  /// The seed article's fixed rules (``ScoringRule/defaultRule(for:)``): satisfaction −1 per 5
  /// points below 90%, response within 1 h = 10, within 24 h = 6; min-max otherwise.
  case article
}

extension ScoringRule {
  /// A rule calibrated to a history: full marks at the better-side p90, zero at the worse-side
  /// p10, and whole-point bands in between.
  ///
  /// With `q₁₀`, `q₉₀` the history's 10th and 90th percentiles (R type 7) and `Δ = (q₉₀ − q₁₀)/10`:
  /// ```
  /// higher is better:  points k (1…10) at x ≥ q₁₀ + kΔ,   0 below q₁₀ + Δ
  /// lower is better:   points k (1…10) at x ≤ q₉₀ − kΔ,   0 above q₉₀ − Δ
  /// ```
  /// so about 10% of the rows score 10 and 10% score 0. Thresholds are rounded to the data's own
  /// precision (``displayDecimals(_:)``), with more decimals only where rounding would merge two
  /// bands. A history with `q₁₀ = q₉₀` gets `nil` (no spread to calibrate on).
  public static func calibrated(values: [Double], direction: Direction) -> ScoringRule? {
    let sorted = values.filter(\.isFinite).sorted()
    guard sorted.count >= 2 else { return nil }
    let q10 = Statistics.quantile(sorted: sorted, 0.1), q90 = Statistics.quantile(sorted: sorted, 0.9)
    guard q90 > q10 else { return nil }
    let step = (q90 - q10) / 10
    let raw = (1...10).map { k in direction == .higherIsBetter ? q10 + Double(k) * step : q90 - Double(k) * step }
    var decimals = displayDecimals(sorted)
    var limits = raw.map { rounded($0, decimals) }
    while decimals < 12 && Set(limits).count < limits.count {
      decimals += 1
      limits = raw.map { rounded($0, decimals) }
    }
    let pairs = zip(limits, 1...10).map { (limit: $0, points: Double($1)) }
    // Lower is better: limits increasing (10 points at the lowest); higher: floors, any order.
    return .targets(limits: direction == .lowerIsBetter ? pairs.reversed() : pairs, beyond: 0, interpolate: false)
  }

  /// The decimals the values are given in: the fewest (0…6) at which every value (the first
  /// 10,000) is unchanged by rounding, to 1e-9 of its size.
  public static func displayDecimals(_ values: [Double]) -> Int {
    let sample = values.prefix(10_000).filter(\.isFinite)
    for d in 0...6 {
      let scale = pow(10, Double(d))
      if sample.allSatisfy({ abs(($0 * scale).rounded() / scale - $0) <= 1e-9 * max(1, abs($0)) }) { return d }
    }
    return 6
  }

  static func rounded(_ x: Double, _ decimals: Int) -> Double {
    let scale = pow(10, Double(decimals))
    let value = (x * scale).rounded() / scale
    // Through the shortest decimal text, so 82.30000000000001 is stored and printed as 82.3.
    return Double(String(format: "%.\(decimals)f", value)) ?? value
  }

  /// How the rule spreads a history: the largest share of rows given the same points, and the
  /// share given 0 (min-max populations per period, as `score` takes them).
  public static func spread(points: [Double]) -> (largestShare: Double, points: Double, zeroShare: Double) {
    guard !points.isEmpty else { return (0, 0, 0) }
    var counts: [Double: Int] = [:]
    for p in points { counts[p, default: 0] += 1 }
    let top = counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }!
    let n = Double(points.count)
    return (Double(top.value) / n, top.key, Double(counts[0] ?? 0) / n)
  }
}

extension Scoring {
  /// A rule that gives ≥ 90% of the history's rows the same points, or 0 points to most of them,
  /// flattens the weight it carries: a warning naming the rule and the share.
  public static func flatRuleWarnings(indicators: [String], rules: [ScoringRule], points: [[Double]]) -> [Message] {
    indicators.indices.compactMap { j in
      let spread = ScoringRule.spread(points: points[j])
      let share = { (x: Double) in String(format: "%.1f%%", 100 * x) }
      if spread.largestShare >= 0.9 {
        let points = String(format: "%g", spread.points)
        return Message(
          en: "The \(rules[j].kind) scoring rule of '\(indicators[j])' gives \(share(spread.largestShare)) of the history's rows the same \(points) points, so its weight hardly separates anyone.",
          zh: "'\(indicators[j])' 的 \(rules[j].kind) 计分规则让历史数据中 \(share(spread.largestShare)) 的行得到相同的 \(points) 分，该指标的权重几乎区分不出任何人。",
          hintEn: "Calibrate it (\(Setting.scoring) calibrated) or change its thresholds.", hintZh: "请校准规则（\(Setting.scoring) calibrated）或调整阈值。")
      }
      if spread.zeroShare > 0.5 {
        return Message(
          en: "The \(rules[j].kind) scoring rule of '\(indicators[j])' gives 0 points to \(share(spread.zeroShare)) of the history's rows; are its values on the scale the rule expects (fractions against percent)?",
          zh: "'\(indicators[j])' 的 \(rules[j].kind) 计分规则让历史数据中 \(share(spread.zeroShare)) 的行得 0 分；数据的量纲是否与规则一致（小数还是百分数）？")
      }
      return nil
    }
  }
}
