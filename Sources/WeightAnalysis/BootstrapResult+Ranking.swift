extension BootstrapResult {
  /// What the intervals say about the ranking, as warnings:
  /// - replicates that could not be computed;
  /// - a weight whose interval is wider than the weight itself;
  /// - neighbours in the ranking whose difference `w₍k₎ − w₍k+1₎` has an interval containing 0.
  /// - Parameter weights: the point weights with their intervals attached.
  public func rankingWarnings(_ weights: [IndicatorWeight]) -> [Message] {
    var warnings: [Message] = []
    if failed > 0 {
      warnings.append(
        Message(
          en: "\(failed) of \(failed + completed) bootstrap replicates could not be computed (a resample made an indicator constant or collinear); the intervals use the other \(completed).",
          zh: "\(failed + completed) 次自助抽样中有 \(failed) 次无法计算（重抽样使某个指标成为常数或共线）；区间由其余 \(completed) 次得出。"))
    }
    let wide = weights.filter { w in
      guard let interval = w.interval, w.weight > 0 else { return false }
      return interval.high - interval.low > w.weight
    }
    if !wide.isEmpty {
      let names = wide.map { "'\($0.indicator)'" }.joined(separator: ", ")
      warnings.append(
        Message(
          en: "The bootstrap interval is wider than the weight itself for \(names): the data cannot support ranking these indicators.",
          zh: "\(names) 的自助法区间比权重本身还宽：数据不足以支持对这些指标排序。"))
    }
    // Neighbours in the ranking whose difference's interval contains 0.
    let index = Dictionary(uniqueKeysWithValues: weights.enumerated().map { ($1.indicator, $0) })
    let ranked = weights.filter { $0.weight > 0 }.sorted { $0.weight > $1.weight }
    var ties: [String] = [], tiesChinese: [String] = []
    for k in ranked.indices.dropLast() {
      guard let a = index[ranked[k].indicator], let b = index[ranked[k + 1].indicator], let d = difference(a, b) else { continue }
      if d.low <= 0 && d.high >= 0 {
        let interval = "\(Recommendation.percent(d.low))…\(Recommendation.percent(d.high))"
        ties.append("'\(ranked[k].indicator)' and '\(ranked[k + 1].indicator)' (difference \(interval))")
        tiesChinese.append("'\(ranked[k].indicator)' 与 '\(ranked[k + 1].indicator)'（差值 \(interval)）")
      }
    }
    if !ties.isEmpty {
      warnings.append(
        Message(
          en: "The data cannot support this ranking: the bootstrap interval of the difference contains 0 for \(ties.joined(separator: ", ")), so the history does not establish which of each pair matters more.",
          zh: "数据不足以支持这一排序：\(tiesChinese.joined(separator: "、"))的差值自助法区间包含 0，历史数据无法确定每对中哪个更重要。"))
    }
    return warnings
  }

  /// `weights` with the intervals attached, in the same order.
  public func attach(to weights: [IndicatorWeight]) -> [IndicatorWeight] {
    weights.enumerated().map { j, w in
      var w = w
      w.interval = (low[j], high[j])
      return w
    }
  }
}
