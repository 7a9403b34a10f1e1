/// The confidences `cₛⱼ` of the sources in the combination (see ``Recommendation``).
///
/// - the fit: `α / (1 + uⱼ²)`, `uⱼ = (hi − lo)/(2·max(wⱼ, 0.01))` the relative half-width of its
///   bootstrap interval (0 without a bootstrap), so fitted weights with wide intervals pull less;
/// - the (SWOT-adjusted) preset: `1 − α`;
/// - AHP and objective weights: ``ahpShare`` and ``objectiveShare`` (0.25 each).
public enum SourceConfidence {
  public static let ahpShare = 0.25
  public static let objectiveShare = 0.25

  /// The fit's confidence in one weight.
  public static func fit(alpha: Double, weight: Double, interval: (low: Double, high: Double)?) -> Double {
    guard let interval else { return alpha }
    let u = (interval.high - interval.low) / (2 * max(weight, 0.01))
    return alpha / (1 + u * u)
  }

  /// The preset's confidence.
  public static func preset(alpha: Double) -> Double { 1 - alpha }
}
