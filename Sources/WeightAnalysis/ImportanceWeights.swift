import Foundation
/// One indicator's share of importance.
public struct IndicatorWeight: Sendable, Equatable {
  public let indicator: String
  public let weight: Double
  /// The standardised coefficient the weight comes from.
  public let standardizedCoefficient: Double
  /// The direction used to orient the effect, and whether it was inferred from the data.
  public let direction: Direction
  public let directionInferred: Bool
  /// `true` when the effect has the sign the directions predict.
  public let hasExpectedSign: Bool
}

/// Weights from a fit's standardised coefficients, oriented by the directions.
///
/// With `βⱼ* = βⱼ · sd(xⱼ)/sd(y)` and signs `dⱼ = ±1` (indicator higher/lower is better) and
/// `d_y` (outcome), "a better indicator goes with a better outcome" means
/// `sign(βⱼ*) · dⱼ · d_y > 0`. Those indicators get `wⱼ = |βⱼ*| / Σ|β*|` over the
/// expected-sign set; the others get 0 and a warning (never a silent flip). An indicator with
/// no known direction takes the direction its fitted sign implies, with a warning.
public enum ImportanceWeights {
  public static func standardized(
    fit: RegressionFit, directions: [String: Direction], outcomeDirection: Direction
  ) -> (weights: [IndicatorWeight], warnings: [String]) {
    var warnings: [String] = []
    let effects = fit.standardizedCoefficients
    var rows: [(String, Double, Direction, Bool, Bool)] = []
    for (j, name) in fit.indicators.enumerated() {
      let effect = effects[j]
      var inferred = false
      let direction: Direction
      if let known = directions[name] {
        direction = known
      } else {
        inferred = true
        direction = (effect * outcomeDirection.sign >= 0) ? .higherIsBetter : .lowerIsBetter
        warnings.append(
          "'\(name)' has no known direction; inferred '\(direction.rawValue) is better' from its fitted sign. State it with --direction \(name)=higher|lower.")
      }
      let expected = effect * direction.sign * outcomeDirection.sign > 0
      if !expected {
        warnings.append(
          "'\(name)' has a counter-intuitive effect (standardised coefficient \(formatted(effect)): a better '\(name)' goes with a worse '\(fit.outcome)'); its weight is set to 0. Check the data or the direction.")
      }
      rows.append((name, effect, direction, inferred, expected))
    }
    let total = rows.filter { $0.4 }.map { abs($0.1) }.reduce(0, +)
    if total == 0 {
      warnings.append("No indicator has the expected effect on '\(fit.outcome)'; no weights can be derived from this fit.")
    }
    for (j, row) in rows.enumerated() where row.4 {
      if let p = fit.coefficient(of: fit.indicators[j])?.pValue, p >= 0.05 {
        warnings.append("'\(row.0)' is not statistically significant (p = \(formatted(p))); its weight is uncertain.")
      }
    }
    let n = fit.observationCount, p = fit.indicators.count
    if n < 10 * p {
      warnings.append("Only \(n) rows for \(p) indicators (fewer than 10 per indicator): the data cannot support a reliable ranking of the weights.")
    }
    let weights = rows.map { row in
      IndicatorWeight(
        indicator: row.0, weight: row.4 && total > 0 ? abs(row.1) / total : 0, standardizedCoefficient: row.1,
        direction: row.2, directionInferred: row.3, hasExpectedSign: row.4)
    }
    return (weights, warnings)
  }

  static func formatted(_ value: Double) -> String {
    let magnitude = abs(value)
    if magnitude != 0 && (magnitude < 1e-3 || magnitude >= 1e6) {
      var text = String(format: "%.3g", value)
      if text.contains("e") { text = text.replacingOccurrences(of: "e-0", with: "e-").replacingOccurrences(of: "e+0", with: "e+") }
      return text
    }
    return String(format: "%.4g", value)
  }
}
