import Foundation

/// How an indicator's value becomes points out of 10 (applied by `kpi-weights score`).
public enum ScoringRule: Sendable, Equatable {
  /// Min-max against the population of the scored period: best observed = 10, worst = 0.
  case minMax
  /// Linear bands (higher is better): 10 points at or above `full`, minus `points` for every
  /// `step` below it (the article: 10 at ≥ 90%, −1 per 5 points below).
  case linear(full: Double, step: Double, points: Double)
  /// Targets for lower-is-better values: `(limit, points)` sorted by limit; a value within a limit
  /// scores its points (linearly interpolated between limits when `interpolate`), beyond the last
  /// limit `beyond` points (the article: within 1 h = 10, within 24 h = 6). For a higher-is-better
  /// indicator the limits are floors: at or above a limit scores its points.
  case targets(limits: [(limit: Double, points: Double)], beyond: Double, interpolate: Bool)
  /// Step table: the points of the highest `from` that the value reaches (below the first: 0).
  case steps(edges: [(from: Double, points: Double)])

  public static func == (a: ScoringRule, b: ScoringRule) -> Bool {
    switch (a, b) {
    case (.minMax, .minMax): return true
    case let (.linear(f1, s1, p1), .linear(f2, s2, p2)): return f1 == f2 && s1 == s2 && p1 == p2
    case let (.targets(l1, b1, i1), .targets(l2, b2, i2)):
      return b1 == b2 && i1 == i2 && l1.count == l2.count && zip(l1, l2).allSatisfy { $0.limit == $1.limit && $0.points == $1.points }
    case let (.steps(e1), .steps(e2)):
      return e1.count == e2.count && zip(e1, e2).allSatisfy { $0.from == $1.from && $0.points == $1.points }
    default: return false
    }
  }

  public var kind: String {
    switch self {
    case .minMax: return "minmax"
    case .linear: return "linear"
    case .targets: return "targets"
    case .steps: return "steps"
    }
  }

  /// Points out of 10 for `value`, clamped to [0, 10].
  ///
  /// - minmax: `10·(x − min)/(max − min)` for higher-is-better, `10·(max − x)/(max − min)` for
  ///   lower, over the scored population (`range`); 10 for everyone when all values are equal.
  /// - linear (bands): higher-is-better: `10` at `x ≥ full`, else `10 − points·⌈(full − x)/step⌉`;
  ///   lower-is-better mirrored (`x ≤ full` → 10). 85% with full 90, step 5 → 9; 84.9% → 8.
  /// - targets: lower-is-better: the points of the first limit with `x ≤ limit`; with
  ///   `interpolate`, linear between consecutive limits; beyond the last, `beyond`.
  ///   Higher-is-better: limits are floors (`x ≥ limit`, taken from the highest).
  /// - steps: the points of the highest edge with `x ≥ from`; 0 below the first.
  public func points(_ x: Double, direction: Direction, range: ClosedRange<Double>) -> Double {
    let raw: Double
    switch self {
    case .minMax:
      let span = range.upperBound - range.lowerBound
      if span == 0 { raw = 10 } else {
        raw = direction == .higherIsBetter ? 10 * (x - range.lowerBound) / span : 10 * (range.upperBound - x) / span
      }
    case .linear(let full, let step, let pts):
      let shortfall = direction == .higherIsBetter ? full - x : x - full
      raw = shortfall <= 0 ? 10 : 10 - pts * (shortfall / step).rounded(.up)
    case .targets(let limits, let beyond, let interpolate):
      if direction == .lowerIsBetter {
        if let first = limits.first, x <= first.limit {
          raw = first.points
        } else if let k = limits.indices.dropFirst().first(where: { x <= limits[$0].limit }) {
          if interpolate {
            let a = limits[k - 1], b = limits[k]
            raw = a.points + (b.points - a.points) * (x - a.limit) / (b.limit - a.limit)
          } else {
            raw = limits[k].points
          }
        } else {
          raw = beyond
        }
      } else {
        let floors = limits.sorted { $0.limit > $1.limit }
        if let first = floors.first, x >= first.limit {
          raw = first.points
        } else if let k = floors.indices.dropFirst().first(where: { x >= floors[$0].limit }) {
          if interpolate {
            let a = floors[k - 1], b = floors[k]
            raw = b.points + (a.points - b.points) * (x - b.limit) / (a.limit - b.limit)
          } else {
            raw = floors[k].points
          }
        } else {
          raw = beyond
        }
      }
    case .steps(let edges):
      raw = edges.last(where: { x >= $0.from })?.points ?? 0
    }
    return min(10, max(0, raw))
  }

  /// The default rule for a catalog indicator: the article's rules where it gives one.
  public static func defaultRule(for id: String) -> ScoringRule {
    switch id {
    case "satisfaction_pct": return .linear(full: 90, step: 5, points: 1)
    case "response_hours": return .targets(limits: [(1, 10), (24, 6)], beyond: 0, interpolate: false)
    default: return .minMax
    }
  }
}
