import DataSources
import Foundation
import LinearAlgebra
import WeightAnalysis

/// What `recommend` prints.
public struct RecommendReport: Sendable {
  public struct Row: Sendable {
    public let indicator: String
    public let weight: Double
    public let fitted: Double
    public let fittedInterval: (low: Double, high: Double)?
    /// The preset target after SWOT adjustments, and before them.
    public let target: Double?
    public let presetTarget: Double?
    public let ahp: Double?
    public let objective: Double?
    public let lower: Double
    public let upper: Double
    public let activeBound: BoundedSolution.ActiveBound?
    public let reason: Message
    public let direction: Direction
    /// The weight rounded for the config (`--round`), when asked for.
    public var rounded: Double? = nil
  }

  public let preset: Preset
  public let blend: Double
  public let rows: [Row]
  public let solution: BoundedSolution
  public let spearman: Double
  public let rSquared: Double
  public let fit: FitReport
  public let warnings: [Message]
  public let config: WeightConfig
  public let hasAHP: Bool
  public let objectiveMethod: ObjectiveMethod?
  /// The recommended rule out of sample: at each origin, the fit of the earlier periods combined
  /// with the same sources under the same bounds, scoring the period it has not seen.
  public internal(set) var rollingOrigin: RollingOriginBacktest? = nil
  /// How far each weight can move before a pay band changes, leave-one-out ρ, importance ×
  /// performance (with an entity column).
  public internal(set) var sensitivity: Sensitivity? = nil
}
