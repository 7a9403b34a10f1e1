import DataSources
import WeightAnalysis

extension FitJob {
  /// An indicator's value `periods` periods earlier, as an extra indicator.
  public struct Lag: Sendable, Equatable {
    public let indicator: String
    public let periods: Int

    public init(indicator: String, periods: Int) {
      self.indicator = indicator
      self.periods = periods
    }

    /// The column the lag adds: `response_hours_lag1`.
    public var column: String { "\(indicator)_lag\(periods)" }
  }

  /// Indicators whose importance is also reported together (relaimpo's `groups=`).
  public struct IndicatorSet: Sendable, Equatable {
    public let name: String
    public let members: [String]

    public init(name: String, members: [String]) {
      self.name = name
      self.members = members
    }
  }

  /// The rows and columns a fit uses, after missing values, lags, leads and weights.
  struct FitData {
    var response: [Double]
    var columns: [[Double]]
    /// The chosen indicators, then the lagged columns.
    var indicators: [String]
    /// Table rows behind each row of the fit.
    var keptRows: [Int]
    var weights: [Double]?
    /// The catalog with entries for the lagged columns.
    var catalog: IndicatorCatalog
    var warnings: [Message] = []
    /// Rows dropped for missing values, for lags and leads, and for a weight of 0.
    var droppedRows = 0
    var lagDroppedRows = 0
    var zeroWeightRows = 0
    var periodUnit: PeriodCalendar.Unit?
  }

  /// Suffixes for a column `k` periods before (`k > 0`) or after (`k < 0`) its row:
  /// `(上月)`/`(previous month)`, `(前2月)`/`(2 months earlier)`, `(下月)`/`(next month)`.
  public static func shiftLabels(_ k: Int, unit: PeriodCalendar.Unit) -> (chinese: String, english: String) {
    let (zh, en): (String, String)
    switch unit {
    case .month: (zh, en) = ("月", "month")
    case .quarter: (zh, en) = ("季度", "quarter")
    case .number, .rank: (zh, en) = ("期", "period")
    }
    let m = abs(k)
    if k > 0 { return m == 1 ? ("(上\(zh))", "(previous \(en))") : ("(前\(m)\(zh))", "(\(m) \(en)s earlier)") }
    return m == 1 ? ("(下\(zh))", "(next \(en))") : ("(\(m)\(zh)后)", "(\(m) \(en)s ahead)")
  }

  /// Selects the outcome, the indicators and the weights, adds the lags and the outcome lead
  /// (per entity, by the periods' calendar; a gap gives a missing value), and drops the rows
  /// with a missing value anywhere, or a weight of 0.
  func assemble(
    input: AnalysisInput, outcome: String, chosen: [String], entityIndex: Int?, periodIndex: Int?
  ) throws -> FitData {
    let table = input.table
    let weightsName = weightsColumn.map(input.columnName)
    let names = [outcome] + chosen + (weightsName.map { [$0] } ?? [])
    let roles = ["the \(Setting.outcome)"] + Array(repeating: "an indicator", count: chosen.count) + (weightsName.map { _ in ["\(Setting.weights)"] } ?? [])
    let selection = try table.numericColumns(names, roles: roles, strict: strict)
    var data = FitData(
      response: selection.columns[0], columns: Array(selection.columns[1...chosen.count]), indicators: chosen, keptRows: selection.keptRows,
      weights: weightsName == nil ? nil : selection.columns.last, catalog: input.catalog)
    data.droppedRows = selection.droppedRows
    if let warning = Self.droppedRowsWarning(dropped: selection.droppedRows, of: table.rowCount, missing: selection.missingByColumn) {
      data.warnings.append(warning)
    }

    if !lags.isEmpty || leadOutcome != nil {
      let setting: Setting = lags.isEmpty ? .leadOutcome : .lag
      guard let entityIndex, let periodIndex, entityIndex != periodIndex else {
        throw AnalysisError.unusableSetting(
          setting, reason: "lags and leads are taken within each entity by period, and the data has no \(entityIndex == nil ? "entity (team) column" : "period (month) column"); name them with \(Setting.entity) and \(Setting.period)")
      }
      if let first = table.duplicateRows(entity: entityIndex, period: periodIndex).first {
        let at = [first.first, first.repeat].map { "\(table.file):\(table.line(ofRow: $0))" }
        throw AnalysisError.duplicatePanelRow(entity: table.text(row: first.first, column: entityIndex), period: table.text(row: first.first, column: periodIndex), locations: at)
      }
      let entities = table.texts(column: entityIndex), periods = table.texts(column: periodIndex)
      let calendar = PeriodCalendar(labels: periods)
      data.periodUnit = calendar.unit
      let index = try PanelShift.rowIndex(entities: entities, periods: periods, calendar: calendar)
      var derived: [[Double]] = []
      for lag in lags {
        let column = input.columnName(lag.indicator)
        let source = try table.requireColumn(column, role: "\(Setting.lag)")
        guard table.columns[source].isNumeric else {
          throw AnalysisError.unusableSetting(.lag, reason: "'\(column)' is not a numeric column; lag an indicator")
        }
        let shifted = PanelShift.shift(values: table.columns[source].values, entities: entities, periods: periods, calendar: calendar, by: lag.periods, index: index)
        derived.append(data.keptRows.map { shifted[$0] })
        data.indicators.append(lag.column)
        let base = data.catalog[column]
        let (zh, en) = Self.shiftLabels(lag.periods, unit: calendar.unit)
        guard let base else { throw AnalysisError.unknownDirections(indicators: [column], suggested: [nil]) }
        data.catalog.merge([
          IndicatorInfo(
            id: lag.column, chineseLabel: base.chineseLabel.isEmpty ? "" : "\(base.chineseLabel) \(zh)", englishLabel: "\(base.englishLabel) \(en)",
            unit: base.unit, direction: base.direction, plausibleRange: base.plausibleRange)
        ])
      }
      var lead: [Double]? = nil
      if let k = leadOutcome {
        let source = try table.requireColumn(outcome, role: "the \(Setting.outcome)")
        let shifted = PanelShift.shift(values: table.columns[source].values, entities: entities, periods: periods, calendar: calendar, by: -k, index: index)
        lead = data.keptRows.map { shifted[$0] }
      }
      // Rows whose lag or lead does not exist (first periods, gaps) leave the fit.
      let keep = data.keptRows.indices.filter { i in derived.allSatisfy { !$0[i].isNaN } && !(lead?[i].isNaN ?? false) }
      data.lagDroppedRows = data.keptRows.count - keep.count
      if let lead { data.response = lead }
      data.columns += derived
      if data.lagDroppedRows > 0 { data.restrict(to: keep) }
      if data.lagDroppedRows > 0 {
        let what = (lags.map { "\($0.column)" } + (leadOutcome.map { ["\(outcome) \($0) ahead"] } ?? [])).joined(separator: ", ")
        let whatZh = (lags.map { "\($0.column)" } + (leadOutcome.map { ["\(outcome) 前移 \($0) 期"] } ?? [])).joined(separator: "，")
        data.warnings.append(
          Message(
            en: "\(data.lagDroppedRows) rows dropped because their lag or lead falls before the first period, after the last, or in a gap of the \(table.fileHeader(periodIndex)) calendar (\(what)).",
            zh: "\(data.lagDroppedRows) 行被剔除：其滞后或超前值落在 \(table.fileHeader(periodIndex)) 日历的第一期之前、最后一期之后或缺口中（\(whatZh)）。"))
        data.droppedRows += data.lagDroppedRows
      }
    }

    if let weightsName, let weights = data.weights {
      let column = try table.requireColumn(weightsName, role: "\(Setting.weights)")
      if let bad = weights.firstIndex(where: { $0 < 0 }) {
        throw DataError.unusableRow(
          table.location(row: data.keptRows[bad], column: column), column: table.fileHeader(column), value: table.text(row: data.keptRows[bad], column: column),
          reason: "an observation weight must be positive (a weight of 0 leaves the row out)")
      }
      let keep = weights.indices.filter { weights[$0] > 0 }
      data.zeroWeightRows = weights.count - keep.count
      if data.zeroWeightRows > 0 {
        data.restrict(to: keep)
        data.droppedRows += data.zeroWeightRows
        data.warnings.append(
          Message(
            en: "\(data.zeroWeightRows) rows with \(weightsName) = 0 left out of the weighted fit (as R's lm does).",
            zh: "\(data.zeroWeightRows) 行的 \(weightsName) = 0，未纳入加权拟合（与 R 的 lm 相同）。"))
      }
    }
    return data
  }
}

extension FitJob.FitData {
  /// Keeps rows `keep` (indices into the current rows).
  mutating func restrict(to keep: [Int]) {
    response = keep.map { response[$0] }
    columns = columns.map { column in keep.map { column[$0] } }
    keptRows = keep.map { keptRows[$0] }
    weights = weights.map { w in keep.map { w[$0] } }
  }
}

extension FitJob {
  /// "n of N rows dropped for missing values (column: count, …)", or `nil` when none were.
  static func droppedRowsWarning(dropped: Int, of rows: Int, missing: [String: Int]) -> Message? {
    guard dropped > 0 else { return nil }
    let detail = missing.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
    return Message(
      en: "\(dropped) of \(rows) rows dropped for missing values (\(detail)).",
      zh: "\(rows) 行中有 \(dropped) 行因缺失值被剔除（\(detail)）。",
      hintEn: "Use \(Setting.strict) to fail instead.", hintZh: "如需改为报错，请使用 \(Setting.strict)。")
  }
}
