extension BootstrapResult {
  /// What the intervals say about the ranking, as warnings:
  /// - replicates that could not be computed;
  /// - a weight whose interval is wider than the weight itself;
  /// - neighbours in the ranking whose difference `w₍k₎ − w₍k+1₎` has an interval containing 0.
  /// - Parameter weights: the point weights with their intervals attached.
  public func rankingWarnings(_ weights: [IndicatorWeight]) -> [String] {
    var warnings: [String] = []
    if failed > 0 {
      warnings.append("\(failed) of \(failed + completed) bootstrap replicates could not be computed (a resample made an indicator constant or collinear); the intervals use the other \(completed).")
    }
    let wide = weights.filter { w in
      guard let interval = w.interval, w.weight > 0 else { return false }
      return interval.high - interval.low > w.weight
    }
    if !wide.isEmpty {
      warnings.append(
        "The bootstrap interval is wider than the weight itself for \(wide.map { "'\($0.indicator)'" }.joined(separator: ", ")): the data cannot support ranking these indicators.")
    }
    // Neighbours in the ranking whose difference's interval contains 0.
    let index = Dictionary(uniqueKeysWithValues: weights.enumerated().map { ($1.indicator, $0) })
    let ranked = weights.filter { $0.weight > 0 }.sorted { $0.weight > $1.weight }
    var ties: [String] = []
    for k in ranked.indices.dropLast() {
      guard let a = index[ranked[k].indicator], let b = index[ranked[k + 1].indicator], let d = difference(a, b) else { continue }
      if d.low <= 0 && d.high >= 0 {
        ties.append("'\(ranked[k].indicator)' and '\(ranked[k + 1].indicator)' (difference \(Recommendation.percent(d.low))…\(Recommendation.percent(d.high)))")
      }
    }
    if !ties.isEmpty {
      warnings.append(
        "The data cannot support this ranking: the bootstrap interval of the difference contains 0 for \(ties.joined(separator: ", ")), so the history does not establish which of each pair matters more.")
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
