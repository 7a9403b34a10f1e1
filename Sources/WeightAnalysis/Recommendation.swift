import Foundation
import LinearAlgebra

/// One indicator of a recommendation.
public struct RecommendedWeight: Sendable, Equatable {
  public let indicator: String
  public let weight: Double
  /// The unconstrained target: the confidence-weighted mean of the sources.
  public let blendedTarget: Double
  public let lower: Double
  public let upper: Double
  public let activeBound: BoundedSolution.ActiveBound?
  public let reason: Message
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
/// Who set a bound, as a reason quotes it ("set by retention" · "由 留存 预设规定").
public struct BoundOrigin: Sendable, Equatable {
  public let english: String
  public let chinese: String
  public init(english: String, chinese: String) {
    self.english = english
    self.chinese = chinese
  }
}

public enum Recommendation {
  public static func combine(
    indicators: [String], sources: [WeightSource], lower: [Double], upper: [Double], boundOrigins: [BoundOrigin?]
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
      let origin = boundOrigins[j] ?? BoundOrigin(english: "the bounds", chinese: "上下限")
      let floor = percent(lower[j]), ceiling = percent(upper[j]), blend = percent(target[j])
      let reason: Message
      switch solution.activeBounds[j] {
      case .lower?:
        reason = w > target[j] + 5e-4
          ? Message(en: "raised to the \(floor) floor set by \(origin.english) (sources blend to \(blend))", zh: "提高到\(origin.chinese)规定的下限 \(floor)（各来源综合为 \(blend)）")
          : Message(en: "held at the \(floor) floor set by \(origin.english)", zh: "保持在\(origin.chinese)规定的下限 \(floor)")
      case .upper?:
        reason = w < target[j] - 5e-4
          ? Message(en: "capped at the \(ceiling) ceiling set by \(origin.english) (sources blend to \(blend))", zh: "限制在\(origin.chinese)规定的上限 \(ceiling)（各来源综合为 \(blend)）")
          : Message(en: "held at the \(ceiling) ceiling set by \(origin.english)", zh: "保持在\(origin.chinese)规定的上限 \(ceiling)")
      case nil:
        let shift = w - target[j]
        if abs(shift) < 5e-4 {
          reason = Message(en: "the confidence-weighted blend of the sources", zh: "各来源按可信度加权的综合")
        } else {
          let pp = String(format: "%.1f", abs(shift) * 100)
          reason = Message(
            en: "the blend of the sources (\(blend)) \(shift > 0 ? "raised" : "lowered") \(pp) pp so the weights sum to 100% within the bounds",
            zh: "各来源综合为 \(blend)，为使权重在上下限内合计 100%，\(shift > 0 ? "上调" : "下调") \(pp) 个百分点")
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
