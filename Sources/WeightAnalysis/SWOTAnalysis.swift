import Foundation
import LinearAlgebra

/// A SWOT analysis tied to indicators.
public struct SWOTAnalysis: Sendable, Equatable {
  public enum Kind: String, Sendable, CaseIterable {
    case strength = "strengths", weakness = "weaknesses", opportunity = "opportunities", threat = "threats"

    /// The singular noun a reason quotes: strength · 优势.
    public var english: String { String(describing: self) }
    public var chinese: String {
      switch self {
      case .strength: return "优势"
      case .weakness: return "劣势"
      case .opportunity: return "机会"
      case .threat: return "威胁"
      }
    }
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
  public func adjust(_ targets: [String: Double]) -> (targets: [String: Double], changes: [String: [Message]]) {
    var adjusted = targets
    var changes: [String: [Message]] = [:]
    for item in items {
      let delta = Self.pointsPerLevel * Double(item.strength)
      let points = Int((delta * 100).rounded())
      func change(_ sign: String) -> Message {
        Message(en: "\(sign)\(points) pp (\(item.kind.english): \(item.text))", zh: "\(sign)\(points) 个百分点（\(item.kind.chinese)：\(item.text)）")
      }
      for id in item.raise {
        adjusted[id] = (adjusted[id] ?? 0) + delta
        changes[id, default: []].append(change("+"))
      }
      for id in item.lower {
        adjusted[id] = max(0, (adjusted[id] ?? 0) - delta)
        changes[id, default: []].append(change("−"))
      }
    }
    return (adjusted, changes)
  }

  public var indicators: [String] { Array(Set(items.flatMap { $0.raise + $0.lower })).sorted() }
}
