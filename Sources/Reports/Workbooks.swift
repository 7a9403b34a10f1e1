import DataSources
import Foundation
import WeightAnalysis
import Workflows

/// Excel workbooks of the reports (`--format xlsx`), for HR and managers who live in Excel.
///
/// Every workbook has one sheet per table — the weights first, then the command's own tables,
/// then `warnings` and `provenance` — headers in Chinese and English ("权重 weight"), the header
/// row frozen, and numbers kept as numbers in a display format: weights and shares as `0.00%`,
/// points and scores as `0.00`, money as `#,##0.00`. The cell holds the full double, so a value
/// read back (openpyxl, LibreOffice) is the value the JSON output carries.
public protocol WorkbookReport {
  /// The sheets, in order.
  func sheets() -> [XLSXWriter.Sheet]
}

extension WorkbookReport {
  /// The workbook's bytes (reproducible: the same report gives the same bytes).
  public func workbook(file: String) throws -> [UInt8] { try XLSXWriter.workbook(sheets(), file: file) }
}

/// Building blocks shared by the workbooks.
enum WorkbookCells {
  typealias Cell = XLSXWriter.Cell

  /// "权重 weight": a header in both languages.
  static func header(_ pairs: [(zh: String, en: String)]) -> [Cell] { pairs.map { .text("\($0.zh) \($0.en)") } }

  static func percent(_ x: Double?) -> Cell { x.map { .formatted($0, .percent) } ?? .empty }
  static func number(_ x: Double?) -> Cell { x.map { $0.isFinite ? .number($0) : .empty } ?? .empty }
  static func points(_ x: Double?) -> Cell { x.map { .formatted($0, .twoDecimals) } ?? .empty }
  static func money(_ x: Cents?) -> Cell { x.map { .formatted(Double($0.value) / 100, .money) } ?? .empty }

  /// The weight columns every workbook and CSV starts with: indicator, label_zh, label_en, direction.
  static let weightHeader: [(zh: String, en: String)] = [("指标", "indicator"), ("中文名", "label_zh"), ("英文名", "label_en"), ("方向", "direction")]

  static func weightCells(_ id: String, _ catalog: IndicatorCatalog, _ direction: Direction?) -> [Cell] {
    [.text(id), .text(catalog[id]?.chineseLabel ?? ""), .text(catalog[id]?.englishLabel ?? id), direction.map { .text($0.rawValue) } ?? .empty]
  }

  /// A `warnings` sheet: each message in English and in Chinese.
  static func warnings(_ messages: [Message], name: String = "warnings") -> XLSXWriter.Sheet {
    .init(name: name, rows: [header([("提示（英文）", "message"), ("提示", "message_zh")])] + messages.map { [.text($0.english), .text($0.chinese)] })
  }

  /// A two-column `provenance` sheet of fields and values.
  static func provenance(_ fields: [(String, String)]) -> XLSXWriter.Sheet {
    .init(name: "provenance", rows: [header([("字段", "field"), ("值", "value")])] + fields.map { [.text($0.0), .text($0.1)] })
  }

  /// The fields of a config's provenance, settings included.
  static func fields(_ p: WeightConfig.Provenance) -> [(String, String)] {
    var fields: [(String, String)] = [
      ("tool", p.tool), ("data", p.dataFile)] + (p.dataQuery.map { [("data_query", $0)] } ?? []) + [("data_sha256", p.dataSHA256), ("rows", "\(p.rows)"), ("outcome", p.outcome), ("method", p.method),
      ("blend", shortNumber(p.blend)), ("preset", p.preset),
    ]
    if let swot = p.swotFile { fields += [("swot", swot), ("swot_sha256", p.swotSHA256 ?? "")] }
    if let prepared = p.prepared {
      fields += [("prepare_spec", prepared.spec), ("prepare_spec_sha256", prepared.specSHA256), ("prepare_input", prepared.input), ("prepare_input_sha256", prepared.inputSHA256)]
    }
    let s = p.settings
    if let catalog = s.catalog { fields += [("catalog", catalog.file), ("catalog_sha256", catalog.sha256)] }
    for (k, file) in s.ahp.enumerated() { fields += [("ahp_\(k + 1)", file.file), ("ahp_\(k + 1)_sha256", file.sha256)] }
    if let objective = s.objective { fields.append(("objective", objective)) }
    if let b = s.bootstrap { fields += [("bootstrap_replicates", "\(b.replicates)"), ("bootstrap_seed", b.seed), ("bootstrap_group", b.group ?? "")] }
    if let m = s.model {
      fields += [("standard_errors", m.standardErrors), ("cluster", m.cluster.joined(separator: ",")), ("fixed_effects", m.fixedEffects.joined(separator: ",")), ("lags", m.lags.joined(separator: ","))]
      if let lead = m.leadOutcome { fields.append(("lead_outcome", "\(lead)")) }
      if let weights = m.weights { fields.append(("observation_weights", weights)) }
    }
    fields.append(("as_of", p.asOf))
    return fields
  }

  /// A config's indicators (weights, bounds, rules in both languages) and its pay plan.
  static func configSheets(_ config: WeightConfig) -> [XLSXWriter.Sheet] {
    var rows: [[Cell]] = [
      header(weightHeader + [("权重", "weight"), ("下限", "lower"), ("上限", "upper"), ("单位", "unit"), ("计分规则", "scoring_zh"), ("计分规则（英文）", "scoring_en")])
    ]
    for i in config.indicators {
      rows.append(
        [.text(i.id), .text(i.chineseLabel), .text(i.englishLabel), .text(i.direction.rawValue), percent(i.weight), percent(i.lower), percent(i.upper), .text(i.unit),
         .text(ScoringRuleText.summary(i.scoring, direction: i.direction, language: .zh)), .text(ScoringRuleText.summary(i.scoring, direction: i.direction, language: .en))])
    }
    let p = config.payPolicy
    var pay: [[Cell]] = [header([("项目", "item"), ("值", "value")])]
    pay.append([.text("基本工资占比 base share"), percent(p.baseShare)])
    pay.append([.text("绩效工资占比 performance share"), percent(p.performanceShare)])
    pay.append([.text("门槛 gate (score)"), number(p.gate)])
    pay.append([.text("上限 cap (× performance share)"), number(p.cap)])
    pay.append([.text("预警阈值 warning threshold"), points(p.warningThreshold)])
    pay.append([.text("预警期数 warning periods"), .number(Double(p.warningPeriods))])
    pay.append([.text("薪酬方案 plan"), .text(PayPlanText.summary(p, language: .zh))])
    pay.append([.text("薪酬方案（英文） pay plan"), .text(PayPlanText.summary(p, language: .en))])
    return [.init(name: "weights", rows: rows), .init(name: "pay", rows: pay)]
  }
}

extension WeightConfig: WorkbookReport {
  /// `export --output FILE.xlsx`: weights with rules, the pay plan, provenance.
  public func sheets() -> [XLSXWriter.Sheet] { WorkbookCells.configSheets(self) + [WorkbookCells.provenance(WorkbookCells.fields(provenance))] }
}

extension RecommendReport: WorkbookReport {
  public func sheets() -> [XLSXWriter.Sheet] {
    typealias W = WorkbookCells
    var header = W.weightHeader + [("推荐权重", "weight")]
    if isRounded { header.append(("配置权重", "rounded")) }
    header += [("历史拟合", "fitted"), ("预设目标", "target")]
    if hasAHP { header.append(("层次分析法", "ahp")) }
    if objectiveMethod != nil { header.append(("客观赋权", "objective")) }
    header += [("下限", "lower"), ("上限", "upper"), ("约束", "active_bound"), ("说明", "reason_zh"), ("说明（英文）", "reason_en")]
    var table: [[XLSXWriter.Cell]] = [W.header(header)]
    for r in rows {
      var cells = W.weightCells(r.indicator, fit.catalog, r.direction) + [W.percent(r.weight)]
      if isRounded { cells.append(W.percent(r.rounded)) }
      cells += [W.percent(r.fitted), W.percent(r.target)]
      if hasAHP { cells.append(W.percent(r.ahp)) }
      if objectiveMethod != nil { cells.append(W.percent(r.objective)) }
      cells += [W.percent(r.lower), W.percent(r.upper), r.activeBound.map { .text($0.rawValue) } ?? .empty, .text(r.reason.chinese), .text(r.reason.english)]
      table.append(cells)
    }
    var sheets: [XLSXWriter.Sheet] = [.init(name: "weights", rows: table)]
    sheets += Array(W.configSheets(config).dropFirst())  // the pay plan
    if let sensitivity {
      var rows: [[XLSXWriter.Cell]] = [
        W.header([
          ("指标", "indicator"), ("权重", "weight"), ("档次不变下限", "band_low"), ("档次不变上限", "band_high"), ("首尾五名不变下限", "extremes_low"),
          ("首尾五名不变上限", "extremes_high"), ("去掉后 ρ", "rho_without"), ("样本外去掉后 ρ", "rho_out_without"), ("当前得分", "points_now"), ("重要性 × 表现", "quadrant_zh"),
          ("重要性 × 表现（英文）", "quadrant_en"),
        ])
      ]
      for s in sensitivity.rows {
        rows.append(
          [.text(s.indicator), W.percent(s.weight), W.percent(s.bandInterval.low), W.percent(s.bandInterval.high), W.percent(s.extremesInterval.low),
           W.percent(s.extremesInterval.high), W.number(s.leaveOutSpearman), W.number(s.leaveOutOfSampleSpearman), W.points(s.currentPoints.isFinite ? s.currentPoints : nil),
           .text(s.quadrant.chinese), .text(s.quadrant.english)])
      }
      sheets.append(.init(name: "sensitivity", rows: rows))
    }
    sheets.append(W.warnings(warnings))
    sheets.append(W.provenance(W.fields(config.provenance) + [("spearman", "\(spearman)"), ("r_squared", "\(rSquared)")]))
    return sheets
  }
}

extension FitReport: WorkbookReport {
  public func sheets() -> [XLSXWriter.Sheet] {
    typealias W = WorkbookCells
    var weightRows: [[XLSXWriter.Cell]] = [W.header(W.weightHeader + [("权重", "weight"), ("区间下限", "weight_low"), ("区间上限", "weight_high"), (method.scoreName, "score"), ("标准化系数", "standardized")])]
    for w in weights {
      weightRows.append(
        W.weightCells(w.indicator, catalog, w.direction) + [W.percent(w.weight), W.percent(w.interval?.low), W.percent(w.interval?.high), W.number(w.score), W.number(w.standardizedCoefficient)])
    }
    var coefficients: [[XLSXWriter.Cell]] = [
      W.header([("项", "term"), ("估计值", "estimate"), ("标准误", "std_error"), (statisticName, statisticName), ("p 值", "p"), ("95% 下限", "ci_low"), ("95% 上限", "ci_high"), ("VIF", "vif")])
    ]
    for c in self.coefficients {
      coefficients.append(
        [.text(c.term), W.number(c.estimate), W.number(c.standardError), W.number(c.tStatistic), W.number(c.pValue), W.number(c.confidenceLow), W.number(c.confidenceHigh),
         W.number(c.varianceInflation)])
    }
    let fields: [(String, String)] = [
      ("data", dataFile), ("encoding", encoding), ("rows_read", "\(rowsRead)"), ("rows_used", "\(observationCount)"), ("outcome", outcome), ("method", method.rawValue),
      ("model", isLogistic ? "logistic" : "linear"), ("seed", "\(seed)"), ("bootstrap_group", groupColumn ?? ""),
    ]
    return [.init(name: "weights", rows: weightRows), .init(name: "coefficients", rows: coefficients), W.warnings(warnings), W.provenance(fields)]
  }
}

extension CompareReport: WorkbookReport {
  public func sheets() -> [XLSXWriter.Sheet] {
    typealias W = WorkbookCells
    var weightRows: [[XLSXWriter.Cell]] = [W.header(W.weightHeader) + sets.map { .text($0.name) }]
    for (j, id) in indicators.enumerated() {
      weightRows.append(W.weightCells(id, catalog, catalog[id]?.direction) + sets.map { W.percent($0.weights[j]) })
    }
    var setRows: [[XLSXWriter.Cell]] = [
      W.header([
        ("方案", "set"), ("Spearman ρ", "spearman"), ("ρ 下限", "spearman_low"), ("ρ 上限", "spearman_high"), ("R²", "r_squared"), ("Kendall τ", "kendall_tau"),
        ("换档人数", "band_moves"), ("绩效工资 p10", "pay_p10"), ("绩效工资 p50", "pay_median"), ("绩效工资 p90", "pay_p90"), ("样本外 ρ 平均", "rolling_mean"),
      ])
    ]
    for (k, s) in sets.enumerated() {
      setRows.append(
        [.text(s.name), W.number(s.spearman), W.number(s.spearmanInterval?.0), W.number(s.spearmanInterval?.1), W.number(s.rSquared), W.number(s.kendallTau),
         s.movedBetweenBands.map { .number(Double($0)) } ?? .empty, W.percent(s.payP10), W.percent(s.payMedian), W.percent(s.payP90), W.number(rolling(k)?.mean)])
    }
    let fields: [(String, String)] = [("outcome", outcome), ("rows", "\(rows)"), ("entity", entityColumn ?? ""), ("entities", "\(entities)"), ("replicates", "\(replicates)")]
    return [.init(name: "weights", rows: weightRows), .init(name: "sets", rows: setRows), W.warnings(warnings), W.provenance(fields)]
  }
}

extension ScoreReport: WorkbookReport {
  public func sheets() -> [XLSXWriter.Sheet] {
    typealias W = WorkbookCells
    let ids = config.indicators.map(\.id)
    var header: [(zh: String, en: String)] = [("对象", entityColumn), ("期间", periodColumn ?? "period"), ("得分", "score")] + ids.map { ("得分点", "points_\($0)") }
    if hasSalary { header += [("基本工资", "base_pay"), ("绩效工资", "performance_pay"), ("合计", "total_pay")] }
    var rows: [[XLSXWriter.Cell]] = [W.header(header)]
    rows.reserveCapacity(result.rows.count + 1)
    for r in result.rows {
      var cells: [XLSXWriter.Cell] = [.text(r.entity), .text(r.period), W.points(r.score)] + r.points.map { W.points($0) }
      if hasSalary { cells += [W.money(r.basePay), W.money(r.performancePay), W.money(r.totalPay)] }
      rows.append(cells)
    }
    var summary: [[XLSXWriter.Cell]] = [
      W.header([
        ("期间", "period"), ("评分数", "scored"), ("未评分", "skipped"), ("平均", "mean"), ("最低", "min"), ("p10", "p10"), ("中位数", "median"), ("p90", "p90"), ("最高", "max"),
        ("低于阈值", "below_threshold"), ("绩效工资合计", "performance_pay_total"),
      ])
    ]
    for s in result.summary {
      summary.append(
        [.text(s.period), .number(Double(s.scored)), .number(Double(s.skipped)), W.points(s.mean), W.points(s.minimum), W.points(s.p10), W.points(s.median), W.points(s.p90),
         W.points(s.maximum), .number(Double(s.belowThreshold)), W.money(s.totalPerformancePay)])
    }
    var flagged: [[XLSXWriter.Cell]] = [W.header([("对象", "entity"), ("期间", "periods"), ("原因", "reason_zh"), ("原因（英文）", "reason_en")])]
    for w in result.warnings { flagged.append([.text(w.entity), .text(w.periods.joined(separator: ", ")), .text(w.reason.chinese), .text(w.reason.english)]) }
    return [.init(name: "scores", rows: rows), .init(name: "summary", rows: summary), .init(name: "flagged", rows: flagged)]
      + WorkbookCells.configSheets(config)
      + [W.warnings(notes), W.provenance([("data", dataFile)] + W.fields(config.provenance).map { ("config_\($0.0)", $0.1) })]
  }
}

extension WeightsReport: WorkbookReport {
  public func sheets() -> [XLSXWriter.Sheet] {
    typealias W = WorkbookCells
    var table: [[XLSXWriter.Cell]] = [W.header(W.weightHeader + [("权重", "weight")])]
    for r in rows { table.append(W.weightCells(r.indicator, catalog, r.direction) + [W.percent(r.weight)]) }
    return [.init(name: "weights", rows: table), W.warnings(warnings), W.provenance([("method", method)] + notes.enumerated().flatMap { [("note_\($0.offset + 1)", $0.element.chinese), ("note_\($0.offset + 1)_en", $0.element.english)] })]
  }
}
