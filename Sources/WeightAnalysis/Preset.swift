import Foundation
import LinearAlgebra

/// A goal-oriented weighting preset (降低成本, 提升品牌形象, …): target weights and bounds.
public struct Preset: Sendable, Equatable {
  public let id: String
  public let chineseName: String
  public let englishName: String
  /// Why the preset weighs as it does, in English and in Chinese.
  public let rationale: String
  public let chineseRationale: String
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
  /// Scoring rules the preset fixes for some indicators (e.g. the article's), over the
  /// calibrated or article scheme `recommend` proposes for the others.
  public var scoring: [String: ScoringRule] = [:]

  public init(
    id: String, chineseName: String, englishName: String, rationale: String, chineseRationale: String? = nil, source: String, targets: [String: Double],
    lower: [String: Double] = [:], upper: [String: Double] = [:], lowerWhenLinked: [String: Double] = [:], defaultBlend: Double = 0.5,
    outcome: String? = nil
  ) {
    self.id = id
    self.chineseName = chineseName
    self.englishName = englishName
    self.rationale = rationale
    self.chineseRationale = chineseRationale ?? rationale
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
