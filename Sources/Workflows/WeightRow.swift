import DataSources
import Foundation
import WeightAnalysis

/// One row of any weights table (fit, objective, ahp): the shape later commands combine.
public struct WeightRow: Sendable, Equatable {
  public let indicator: String
  public let direction: Direction?
  public let directionInferred: Bool
  public let weight: Double
  /// The method's raw score behind the weight, when it has one worth showing.
  public let score: Double?
  public let low: Double?
  public let high: Double?

  public init(indicator: String, direction: Direction?, directionInferred: Bool = false, weight: Double, score: Double? = nil, low: Double? = nil, high: Double? = nil) {
    self.indicator = indicator
    self.direction = direction
    self.directionInferred = directionInferred
    self.weight = weight
    self.score = score
    self.low = low
    self.high = high
  }
}
