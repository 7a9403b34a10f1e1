import Foundation
import LinearAlgebra

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
