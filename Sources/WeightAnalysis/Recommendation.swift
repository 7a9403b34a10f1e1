import Foundation
import LinearAlgebra

/// A goal-oriented weighting preset (降低成本, 提升品牌形象, …): target weights and bounds.
public struct Preset: Sendable, Equatable {
  public let id: String
  public let chineseName: String
  public let englishName: String
  public let rationale: String
  /// Where the numbers come from (e.g. the seed article's sentence).
  public let source: String
  /// Target weight per indicator (sums to 1 over the preset's indicators).
  public let targets: [String: Double]
  public let lower: [String: Double]
  public let upper: [String: Double]
  /// Lower bounds that apply only when the fit links the indicator to the outcome with the
  /// expected sign at p < 0.05 (the article's "slow responses lost us customers, raise it").
  public let lowerWhenLinked: [String: Double]
  /// The fit's share α in the blend when `--blend` is not given.
  public let defaultBlend: Double
  /// Outcome the preset is meant for (informational; `--outcome` decides).
  public let outcome: String?

  public init(
    id: String, chineseName: String, englishName: String, rationale: String, source: String, targets: [String: Double],
    lower: [String: Double] = [:], upper: [String: Double] = [:], lowerWhenLinked: [String: Double] = [:], defaultBlend: Double = 0.5,
    outcome: String? = nil
  ) {
    self.id = id
    self.chineseName = chineseName
    self.englishName = englishName
    self.rationale = rationale
    self.source = source
    self.targets = targets
    self.lower = lower
    self.upper = upper
    self.lowerWhenLinked = lowerWhenLinked
    self.defaultBlend = defaultBlend
    self.outcome = outcome
  }

  /// Every indicator the preset names.
  public var indicators: [String] {
    Array(Set(targets.keys).union(lower.keys).union(upper.keys).union(lowerWhenLinked.keys)).sorted()
  }
}

/// A SWOT analysis tied to indicators.
public struct SWOTAnalysis: Sendable, Equatable {
  public enum Kind: String, Sendable, CaseIterable {
    case strength = "strengths", weakness = "weaknesses", opportunity = "opportunities", threat = "threats"
  }

  public struct Item: Sendable, Equatable {
    public let kind: Kind
    public let text: String
    public let raise: [String]
    public let lower: [String]
    /// 1 (slight), 2 (clear) or 3 (decisive).
    public let strength: Int

    public init(kind: Kind, text: String, raise: [String], lower: [String], strength: Int) {
      self.kind = kind
      self.text = text
      self.raise = raise
      self.lower = lower
      self.strength = strength
    }
  }

  public let items: [Item]
  public init(items: [Item]) { self.items = items }

  /// Percentage points one level of strength moves a target.
  public static let pointsPerLevel = 0.05

  /// The rule: every item shifts the target of each indicator it raises by `+5 pp × strength`
  /// and of each it lowers by `−5 pp × strength` (never below 0). The shifted targets need not
  /// sum to 1; the combination projects them back onto `Σw = 1` and the bounds, so bounds always win.
  public func adjust(_ targets: [String: Double]) -> (targets: [String: Double], changes: [String: [String]]) {
    var adjusted = targets
    var changes: [String: [String]] = [:]
    for item in items {
      let delta = Self.pointsPerLevel * Double(item.strength)
      for id in item.raise {
        adjusted[id] = (adjusted[id] ?? 0) + delta
        changes[id, default: []].append("+\(Int((delta * 100).rounded())) pp (\(item.kind.rawValue.dropLast()): \(item.text))")
      }
      for id in item.lower {
        adjusted[id] = max(0, (adjusted[id] ?? 0) - delta)
        changes[id, default: []].append("−\(Int((delta * 100).rounded())) pp (\(item.kind.rawValue.dropLast()): \(item.text))")
      }
    }
    return (adjusted, changes)
  }

  public var indicators: [String] { Array(Set(items.flatMap { $0.raise + $0.lower })).sorted() }
}

/// One source of weights in the combination.
public struct WeightSource: Sendable {
  public let name: String
  /// Weight per indicator (missing: the source says nothing about it).
  public let weights: [String: Double]
  /// Confidence per indicator (`cₛⱼ ≥ 0`).
  public let confidence: [String: Double]

  public init(name: String, weights: [String: Double], confidence: [String: Double]) {
    self.name = name
    self.weights = weights
    self.confidence = confidence
  }
}

/// One indicator of a recommendation.
public struct RecommendedWeight: Sendable, Equatable {
  public let indicator: String
  public let weight: Double
  /// The unconstrained target: the confidence-weighted mean of the sources.
  public let blendedTarget: Double
  public let lower: Double
  public let upper: Double
  public let activeBound: BoundedSolution.ActiveBound?
  public let reason: String
}

/// The combination of weight sources under bounds.
///
/// ## Rule
/// Minimise `Σⱼ Σₛ cₛⱼ (wⱼ − tₛⱼ)²` subject to `Σⱼ wⱼ = 1` and `loⱼ ≤ wⱼ ≤ hiⱼ`, where `tₛⱼ` is
/// source `s`'s weight for indicator `j` and `cₛⱼ` its confidence. With `Cⱼ = Σₛ cₛⱼ` and the
/// blended target `t̄ⱼ = Σₛ cₛⱼ tₛⱼ / Cⱼ` this is `min Σⱼ Cⱼ (wⱼ − t̄ⱼ)²` — a bounded, sum-to-one
/// least-squares problem with `A = diag(√Cⱼ)`, `b = √Cⱼ t̄ⱼ`, solved by the active-set solver of
/// `LinearAlgebra` (which returns the active bounds and the KKT multipliers).
///
/// Confidences are ``SourceConfidence``'s rules. Bounds are checked once by
/// ``requireFeasible(indicators:lower:upper:)`` before the solver runs.
public enum Recommendation {
  public static func combine(
    indicators: [String], sources: [WeightSource], lower: [Double], upper: [Double], boundOrigins: [String?]
  ) throws -> (weights: [RecommendedWeight], solution: BoundedSolution) {
    let n = indicators.count
    var c = [Double](repeating: 0, count: n), target = [Double](repeating: 0, count: n)
    for (j, id) in indicators.enumerated() {
      var total = 0.0, weighted = 0.0
      for source in sources {
        guard let w = source.weights[id], let conf = source.confidence[id], conf > 0 else { continue }
        total += conf
        weighted += conf * w
      }
      if total == 0 {
        // No source speaks for this indicator: a weak pull towards an equal share.
        total = 1e-3
        weighted = total / Double(n)
      }
      c[j] = total
      target[j] = weighted / total
    }
    var a = Matrix(rows: n, columns: n)
    var b = [Double](repeating: 0, count: n)
    for j in 0..<n {
      a[j, j] = c[j].squareRoot()
      b[j] = c[j].squareRoot() * target[j]
    }
    let solution: BoundedSolution
    do {
      solution = try SimplexBoundedLeastSquares.solve(a, b, lower: lower, upper: upper, names: indicators)
    } catch let LinearAlgebraError.infeasibleConstraints(message) {
      throw AnalysisError.infeasibleBounds(message)
    } catch let error as LinearAlgebraError {
      throw AnalysisError.linearAlgebra(error)
    }
    var result: [RecommendedWeight] = []
    for j in 0..<n {
      let w = solution.x[j]
      let origin = boundOrigins[j] ?? "the bounds"
      let reason: String
      switch solution.activeBounds[j] {
      case .lower?:
        reason = w > target[j] + 5e-4
          ? "raised to the \(percent(lower[j])) floor set by \(origin) (sources blend to \(percent(target[j])))"
          : "held at the \(percent(lower[j])) floor set by \(origin)"
      case .upper?:
        reason = w < target[j] - 5e-4
          ? "capped at the \(percent(upper[j])) ceiling set by \(origin) (sources blend to \(percent(target[j])))"
          : "held at the \(percent(upper[j])) ceiling set by \(origin)"
      case nil:
        let shift = w - target[j]
        if abs(shift) < 5e-4 {
          reason = "the confidence-weighted blend of the sources"
        } else {
          reason = "the blend of the sources (\(percent(target[j]))) \(shift > 0 ? "raised" : "lowered") \(String(format: "%.1f", abs(shift) * 100)) pp so the weights sum to 100% within the bounds"
        }
      }
      result.append(
        RecommendedWeight(indicator: indicators[j], weight: w, blendedTarget: target[j], lower: lower[j], upper: upper[j], activeBound: solution.activeBounds[j], reason: reason))
    }
    return (result, solution)
  }

  public static func percent(_ value: Double) -> String {
    let p = value * 100
    return abs(p - p.rounded()) < 0.05 ? "\(Int(p.rounded()))%" : String(format: "%.1f%%", p)
  }
}
