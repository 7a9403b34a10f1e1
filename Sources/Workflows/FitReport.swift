import Foundation
import WeightAnalysis

/// Everything `kpi-weights fit` shows, ready to render in any format.
public struct FitReport: Sendable {
  /// The fitted model.
  public enum Model: Sendable {
    case linear(RegressionFit)
    case logistic(LogisticFit)
  }

  public let dataFile: String
  public let encoding: String
  public let rowsRead: Int
  public let droppedRows: Int
  public let model: Model
  public let method: ImportanceMethod
  public let weights: [IndicatorWeight]
  public let bootstrap: BootstrapResult?
  public let seed: UInt64
  public let groupColumn: String?
  public let warnings: [String]
  public let catalog: IndicatorCatalog
  public let outcomeDirection: Direction
  /// Columns matched to catalog ids, read as yes/no, or left out (with why).
  public let columnSummary: ColumnSummary
  /// Spearman ρ of the fitted weights' score against the outcome on the rows they were fitted on,
  /// and the rolling-origin check over the periods (linear fits on data with a period column).
  public internal(set) var inSampleSpearman: Double? = nil
  public internal(set) var rollingOrigin: RollingOriginBacktest? = nil
  public internal(set) var periodColumn: String? = nil
  /// Joint importance of the indicator sets asked for.
  public internal(set) var sets: [SetImportance] = []
  /// Lags added as indicators, the outcome's lead, and the calendar unit they were taken in.
  public internal(set) var lags: [FitJob.Lag] = []
  public internal(set) var leadOutcome: Int? = nil
  public internal(set) var periodUnit: PeriodCalendar.Unit? = nil
  /// The observation-weight column of a weighted fit.
  public internal(set) var weightsColumn: String? = nil
  /// Of ``droppedRows``: rows whose lag or lead did not exist, and rows with a weight of 0.
  public internal(set) var lagDroppedRows = 0
  public internal(set) var zeroWeightRows = 0

  public init(
    dataFile: String, encoding: String, rowsRead: Int, droppedRows: Int, model: Model, method: ImportanceMethod, weights: [IndicatorWeight],
    bootstrap: BootstrapResult?, seed: UInt64, groupColumn: String?, warnings: [String], catalog: IndicatorCatalog, outcomeDirection: Direction,
    columnSummary: ColumnSummary = ColumnSummary()
  ) {
    self.dataFile = dataFile
    self.encoding = encoding
    self.rowsRead = rowsRead
    self.droppedRows = droppedRows
    self.model = model
    self.method = method
    self.weights = weights
    self.bootstrap = bootstrap
    self.seed = seed
    self.groupColumn = groupColumn
    self.warnings = warnings
    self.catalog = catalog
    self.outcomeDirection = outcomeDirection
    self.columnSummary = columnSummary
  }



  public var outcome: String {
    switch model {
    case .linear(let fit): return fit.outcome
    case .logistic(let fit): return fit.outcome
    }
  }
  public var observationCount: Int {
    switch model {
    case .linear(let fit): return fit.observationCount
    case .logistic(let fit): return fit.observationCount
    }
  }
  public var coefficients: [CoefficientEstimate] {
    switch model {
    case .linear(let fit): return fit.coefficients
    case .logistic(let fit): return fit.coefficients
    }
  }
  public var isLogistic: Bool { if case .logistic = model { return true } else { return false } }
  public var statisticName: String { isLogistic ? "z" : "t" }

  public func label(_ id: String) -> String { catalog[id]?.label ?? "" }
  public func chineseLabel(_ id: String) -> String { catalog[id]?.chineseLabel ?? "" }

}

/// The LMG importance of a set of indicators taken together.
public struct SetImportance: Sendable, Equatable {
  public let name: String
  public let members: [String]
  /// The set's share of R² (of the within R² with fixed effects).
  public let rSquared: Double
  /// `rSquared` over the R² all indicators explain.
  public let share: Double
}
