import Foundation
import LinearAlgebra

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
