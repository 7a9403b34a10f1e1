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
  public let warnings: [Message]
  public let catalog: IndicatorCatalog
  public let outcomeDirection: Direction
  /// Columns matched to catalog ids, read as yes/no, or left out (with why).
  public let columnSummary: ColumnSummary
  /// Spearman ρ of the fitted weights' score against the outcome on the rows they were fitted on,
  /// and the rolling-origin check over the periods (linear fits on data with a period column).
  public internal(set) var inSampleSpearman: Double? = nil
  public internal(set) var rollingOrigin: RollingOriginBacktest? = nil
  public internal(set) var periodColumn: String? = nil
  /// The rows and columns the fit used, its periods as codes, and the fitted weights of every
  /// rolling origin (by period rank): recommend, compare and report reuse them (load once).
  var data: FitJob.FitData? = nil
  var periods: (codes: [Int], labels: [String])? = nil
  var originWeights: [Int: [Double]] = [:]
  /// Why the method was chosen when the user chose none (`nil`: it was given).
  public internal(set) var methodReason: Message? = nil
  /// With a bootstrap, the intervals of each indicator's score minus a random-noise indicator's
  /// (``Bootstrap/noiseReference(response:columns:indicators:method:options:rowWeights:)``).
  public internal(set) var noiseReference: BootstrapResult? = nil
  /// The dominance analysis behind `--method dominance`: submodel statistics and designations.
  public internal(set) var dominance: DominanceAnalysis? = nil
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
    bootstrap: BootstrapResult?, seed: UInt64, groupColumn: String?, warnings: [Message], catalog: IndicatorCatalog, outcomeDirection: Direction,
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

extension FitReport {
  /// The indicator a fit column stands for: a lagged column's indicator, else itself.
  func baseIndicator(_ column: String) -> String {
    lags.first { $0.column == column }?.indicator ?? column
  }

  /// The indicators a weight table has: the fit's, with each lag folded into its indicator
  /// (first appearance order).
  var baseIndicators: [String] {
    var seen = Set<String>()
    return weights.map { baseIndicator($0.indicator) }.filter { seen.insert($0).inserted }
  }

  /// Weights over the fit's columns summed onto ``baseIndicators``.
  func folded(_ values: [Double]) -> [Double] {
    let bases = baseIndicators
    var result = [Double](repeating: 0, count: bases.count)
    for (w, value) in zip(weights, values) { result[bases.firstIndex(of: baseIndicator(w.indicator))!] += value }
    return result
  }

  /// The fitted weights folded onto ``baseIndicators`` (a folded indicator loses its bootstrap
  /// interval: the interval of a sum is not the sum of the intervals), and a note per fold.
  func foldedWeights() throws -> (weights: [IndicatorWeight], notes: [Message]) {
    guard !lags.isEmpty else { return (weights, []) }
    var result: [IndicatorWeight] = [], notes: [Message] = []
    for base in baseIndicators {
      let parts = weights.filter { baseIndicator($0.indicator) == base }
      guard let own = parts.first(where: { $0.indicator == base }) else {
        throw AnalysisError.unusableSetting(
          .lag, reason: "'\(parts[0].indicator)' is a lag of '\(base)', which is not among the indicators; a recommendation weighs '\(base)' itself, so list it in \(Setting.indicators) too")
      }
      let total = parts.reduce(0) { $0 + $1.weight }
      if parts.count > 1 {
        let lagged = parts.filter { $0.indicator != base }.map { "\($0.indicator) \(Recommendation.percent($0.weight))" }.joined(separator: ", ")
        notes.append(
          Message(
            en: "'\(base)' carries the fitted weight of its lag (\(lagged)) as well as its own (\(Recommendation.percent(own.weight))): the history links earlier values to the outcome, and the KPI is scored on each period's own value.",
            zh: "'\(base)' 除自身的拟合权重（\(Recommendation.percent(own.weight))）外，还承担其滞后项的权重（\(lagged)）：历史数据表明前期的值与结果相关，而考核按每期自身的值计分。"))
      }
      result.append(
        IndicatorWeight(
          indicator: base, weight: total, score: parts.reduce(0) { $0 + $1.score }, standardizedCoefficient: own.standardizedCoefficient,
          direction: own.direction, directionInferred: own.directionInferred, hasExpectedSign: parts.contains { $0.hasExpectedSign && $0.weight > 0 },
          interval: parts.count > 1 ? nil : own.interval))
    }
    return (result, notes)
  }

  /// The outcome and the ``baseIndicators``' columns on the fit's rows (the outcome led when the
  /// fit led it).
  func baseColumns() -> (outcome: [Double], columns: [[Double]])? {
    guard let data else { return nil }
    return (data.response, baseIndicators.map { data.columns[data.indicators.firstIndex(of: $0)!] })
  }

  /// A rolling-origin check of any weighting rule over ``baseIndicators``: `weights(t)` gives
  /// the weights for origin t (period rank), from the fit of periods before t
  /// (``originWeights``) or not at all from data (a preset).
  func rollingOrigin(directions: [Direction], weights: (_ origin: Int, _ periodRanks: [Int]) throws -> [Double]) -> RollingOriginBacktest? {
    guard let periods, let (outcome, columns) = baseColumns() else { return nil }
    return Backtest.rollingOrigin(
      periodCodes: periods.codes, labels: periods.labels, columns: columns, directions: directions, outcome: outcome, outcomeDirection: outcomeDirection,
      weights: weights)
  }
}
