import DataSources
import Foundation
import WeightAnalysis
import Workflows

/// Assembles the page. Everything is escaped and every element closed, so the page is also
/// well-formed XML (the tests parse it).
public struct HTMLPage {
  let language: ReportJob.Language
  let recommendation: RecommendReport
  let comparison: CompareReport
  let outcome: [Double]
  let columns: [[Double]]
  let catalog: IndicatorCatalog
  let content: ReportContent
  /// Each weight set's chart style, by set name (the fit's sets under `fit`), made once.
  private(set) var styles: [String: SVGChart.Style] = [:]

  /// The page for a finished report.
  public init(_ content: ReportContent) {
    language = content.language
    recommendation = content.recommendation
    comparison = content.comparison
    outcome = content.outcome
    columns = content.columns
    catalog = content.recommendation.fit.catalog
    self.content = content
    styles = makeStyles()
  }

  func t(_ zh: String, _ en: String) -> String { language == .zh ? zh : en }
  func e(_ s: String) -> String { SVGChart.escape(s) }
  func label(_ id: String) -> String {
    guard let info = catalog[id] else { return id }
    let name = language == .zh ? info.chineseLabel : info.englishLabel
    return name.isEmpty || name == id ? id : name
  }
  func unit(_ id: String) -> String { catalog[id]?.unit.isEmpty == false ? " (\(catalog[id]!.unit))" : "" }
  func pct(_ x: Double?) -> String { x.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }

  /// A weight set's name in the page's language: the fit, a preset, an objective method, the
  /// recommendation.
  func setName(_ name: String) -> String {
    if name == "recommended" { return t("推荐", "recommended") }
    if name == "fit" || name.hasPrefix("fit-") { return t("历史拟合", "fit") }
    if let preset = content.presets.first(where: { $0.id == name }) ?? (recommendation.preset.id == name ? recommendation.preset : nil) {
      let local = language == .zh ? preset.chineseName : preset.englishName
      return local.isEmpty ? name : local
    }
    switch name {
    case "entropy": return t("熵权法", "entropy")
    case "critic": return t("CRITIC 法", "CRITIC")
    case "sd": return t("标准差法", "standard deviation")
    case "cv": return t("变异系数法", "coefficient of variation")
    case "merec": return t("MEREC 法", "MEREC")
    default: return name
    }
  }

  /// One style per weight set for every chart: the fit blue, the recommendation black and
  /// thick, the others in Okabe–Ito order (yellow, hard to see on white, left out).
  func makeStyles() -> [String: SVGChart.Style] {
    var result: [String: SVGChart.Style] = [:]
    let others = ["#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999999"]
    var next = 0
    for name in ["fit"] + comparison.sets.map(\.name) + ["recommended"] {
      let key = name.hasPrefix("fit-") ? "fit" : name
      guard result[key] == nil else { continue }
      let colour: String
      switch key {
      case "fit": colour = "#0072B2"
      case "recommended": colour = "#000000"
      default:
        colour = others[next % others.count]
        next += 1
      }
      result[key] = SVGChart.Style(name: setName(key), colour: colour, emphasised: key == "recommended")
    }
    return result
  }

  func style(_ name: String) -> SVGChart.Style { styles[name.hasPrefix("fit-") ? "fit" : name]! }

  public func render() -> String {
    let fit = recommendation.fit
    let preset = recommendation.preset
    var html = """
      <!DOCTYPE html>
      <html xmlns="http://www.w3.org/1999/xhtml" lang="\(language == .zh ? "zh-CN" : "en")">
      <head>
      <meta charset="utf-8"/>
      <meta name="viewport" content="width=device-width, initial-scale=1"/>
      <title>\(e(t("售后绩效指标权重报告", "After-sales KPI weight report"))) · \(e(setName(preset.id)))</title>
      <style>
      body{font-family:\(SVGChart.font);max-width:1100px;margin:24px auto;padding:0 16px;color:#222;line-height:1.5}
      h1{font-size:24px;margin-bottom:4px}h2{font-size:19px;margin-top:32px;border-bottom:1px solid #ddd;padding-bottom:4px}
      table{border-collapse:collapse;margin:8px 0;font-size:13px;max-width:100%}th,td{border-bottom:1px solid #e3e3e3;padding:4px 8px;text-align:right;vertical-align:top}
      th{background:#f4f6f8;white-space:nowrap}td.n{white-space:nowrap}td.l,th.l{text-align:left}.muted{color:#666;font-size:12px}
      .warn{background:#fff8e1;border-left:4px solid #E69F00;padding:6px 10px;margin:4px 0}.note{color:#444;font-size:12px;max-width:360px;margin:2px 0 10px}
      .grid{display:flex;flex-wrap:wrap;gap:8px}.grid figure{margin:0}svg{max-width:100%;height:auto}
      @media print{
      @page{size:A4;margin:12mm}
      body{max-width:none;margin:0;padding:0;font-size:11px}
      h2{break-after:avoid}table,svg,figure,.warn{break-inside:avoid}
      table{font-size:10px}th,td{padding:2px 4px}.muted{font-size:9px}
      }
      </style>
      </head>
      <body>

      """
    html += "<h1>\(e(t("售后绩效指标权重报告", "After-sales KPI weight report")))</h1>\n"
    html += "<p class=\"muted\">\(e(t("结果指标", "Outcome"))): \(e(label(fit.outcome))) (\(e(fit.outcome))) · \(e(t("预设", "Preset"))): \(e(setName(preset.id))) · \(e(t("数据", "Data"))): \(e(fit.dataFile)), \(fit.observationCount) \(e(t("行", "rows")))</p>\n"
    html += "<p>\(e(t(preset.chineseRationale, preset.rationale)))</p>\n"

    // 1. Recommended weights.
    html += "<h2>\(e(t("推荐权重", "Recommended weights")))</h2>\n<table>\n<tr><th class=\"l\">\(e(t("指标", "Indicator")))</th><th>\(e(t("历史拟合", "Fitted")))</th><th>\(e(t("预设目标", "Preset target")))</th><th>\(e(t("推荐", "Recommended")))</th><th>\(e(t("上下限", "Bounds")))</th><th class=\"l\">\(e(t("说明", "Reason")))</th></tr>\n"
    for r in recommendation.rows.sorted(by: { $0.weight > $1.weight }) {
      let interval = r.fittedInterval.map { "<br/><span class=\"muted\">\(short($0.low))–\(short($0.high))</span>" } ?? ""
      let bound = r.activeBound.map { $0 == .lower ? " ▲" : " ▼" } ?? ""
      html += "<tr><td class=\"l\">\(e(label(r.indicator)))<br/><span class=\"muted\">\(e(r.indicator))</span></td><td class=\"n\">\(pct(r.fitted))\(interval)</td><td class=\"n\">\(pct(r.target))</td><td class=\"n\"><b>\(pct(r.weight))</b></td><td class=\"n\">\(short(r.lower))–\(short(r.upper))\(bound)</td><td class=\"l\">\(e(r.reason.finding(language)))</td></tr>\n"
    }
    html += "</table>\n"
    html += String(format: "<p>%@: Spearman ρ = %.3f, R² = %.3f</p>\n", e(t("历史回测（综合得分与结果）", "Backtest on the history (composite score vs outcome)")), recommendation.spearman, recommendation.rSquared)
    if let rolling = recommendation.rollingOrigin, let worst = rolling.worst {
      let origins = rolling.origins.count
      html += "<p>" + e(t(
        String(format: "样本外检验（按 %@ 滚动起点，共 %d 个起点，每次只用之前各期拟合）：Spearman ρ 平均 %.3f，最差 %.3f（%@）", fit.periodColumn ?? "期", origins, rolling.mean, worst.spearman, worst.period),
        String(format: "Out of sample (rolling origin over %d %@ origins, each fitted on the earlier periods only): mean Spearman ρ = %.3f, worst %.3f (%@)", origins, fit.periodColumn ?? "period", rolling.mean, worst.spearman, worst.period)
      )) + "</p>\n"
    }

    // The pay link: the rules the score is computed by, and how far each weight can move.
    html += sensitivitySection()

    // 2. Charts.
    html += "<h2>\(e(t("各来源权重对比", "Weights by source")))</h2>\n"
    let categories = recommendation.rows.map { label($0.indicator) }
    var series: [(style: SVGChart.Style, values: [Double], intervals: [(Double, Double)?]?)] = []
    series.append((style("fit"), recommendation.rows.map(\.fitted), recommendation.rows.map { $0.fittedInterval.map { ($0.low, $0.high) } }))
    for set in comparison.sets where set.name != "recommended" && !set.name.hasPrefix("fit-") {
      series.append((style(set.name), set.weights, nil))  // compare sets use the fit's indicator order, as the rows do
    }
    series.append((style("recommended"), recommendation.rows.map(\.weight), nil))
    html += SVGChart.groupedBars(title: t("权重：历史拟合、预设、客观方法与推荐", "Weights: fit, presets, objective and recommended"), categories: categories, series: series, valueLabel: t("权重", "weight"))

    html += "<h2>\(e(t("各指标与结果的关系", "Each indicator against the outcome")))</h2>\n<div class=\"grid\">\n"
    let legend = (points: t("每行数据", "one row each"), line: t("最小二乘直线", "least-squares line"))
    for (j, id) in recommendation.rows.map(\.indicator).enumerated() {
      let line = content.lines[j]
      html += "<figure>\n" + SVGChart.scatter(title: label(id), x: columns[j], y: outcome, xLabel: "\(label(id))\(unit(id))", yLabel: "\(label(fit.outcome))\(unit(fit.outcome))", line: line, legend: legend, color: "#5B7083")
      if let note = scatterNote(id, marginalSlope: line?.slope) { html += "<p class=\"note\">\(e(note))</p>\n" }
      html += "</figure>\n"
    }
    html += "</div>\n"

    if let (fitted, residuals) = content.residuals {
      html += "<h2>\(e(t("残差与拟合值", "Residuals versus fitted values")))</h2>\n"
      html += SVGChart.scatter(
        title: t("残差与拟合值", "Residuals vs fitted"), x: fitted, y: residuals, xLabel: t("拟合值", "fitted") + unit(fit.outcome), yLabel: t("残差", "residual"), line: (0, 0),
        legend: (t("每行数据", "one row each"), t("零线", "zero")), width: 760, height: 300)
    }

    if comparison.entityLabels.count > 1, comparison.sets.count > 1 {
      html += "<h2>\(e(t("不同方案下的排名变化", "How rankings change between weight sets")))</h2>\n"
      let entity = comparison.entityColumn ?? t("对象", "entity")
      html += SVGChart.slope(
        title: t("按平均得分的排名（\(entity)，1 = 最好）", "Rank of \(entity) by mean score (1 = best)"), columns: comparison.sets.map { style($0.name) }, ranks: content.entityRanks,
        labels: comparison.entityLabels)
    }

    html += comparisonSection()

    // 3. Regression summary, warnings, provenance.
    if case .logistic(let logistic) = fit.model, !logistic.marginalEffects.isEmpty {
      // What one more unit of each indicator does to the probability, in the page's language.
      html += "<h2>\(e(t("边际效应（平均）", "Average marginal effects")))</h2>\n<ul>\n"
      for m in logistic.marginalEffects {
        let pp = String(format: "%+.2f", 100 * m.effect), se = String(format: "%.2f", 100 * m.standardError)
        let unit = fit.catalog[m.indicator]?.unit ?? ""
        let zhUnit = unit == "%" ? "个百分点" : (unit == "h" ? "小时" : (unit == "CNY" ? "元" : unit))
        let enUnit = unit == "%" ? "percentage point" : (unit == "h" ? "hour" : unit)
        html += "<li>\(e(t("每增加 1 \(zhUnit)\(label(m.indicator))，\(fit.outcome) 的概率变化 \(pp) 个百分点（标准误 \(se)）", "One more \(enUnit) of \(label(m.indicator)): the probability of \(fit.outcome) changes by \(pp) percentage points (standard error \(se))")))</li>\n"
      }
      html += "</ul>\n"
    }
    html += regressionSection()
    if !recommendation.warnings.isEmpty {
      html += "<h2>\(e(t("提示", "Warnings")))</h2>\n" + recommendation.warnings.map { "<div class=\"warn\">\(e($0.finding(language)))</div>\n" }.joined()
    }
    html += provenanceSection()
    html += "<p class=\"muted\">\(e(t("由 kpi-weights 生成；图表为内嵌 SVG，无需联网即可查看。", "Generated by kpi-weights; charts are inline SVG, viewable offline.")))</p>\n</body>\n</html>\n"
    return html
  }

  /// A share as few digits as it needs: 5%, 12.5%.
  func short(_ x: Double) -> String { Recommendation.percent(x) }

  /// The sentence under a scatter whose marginal slope has the other sign than the indicator's
  /// partial effect in the fit (the others held fixed); `nil` when they agree.
  func scatterNote(_ id: String, marginalSlope: Double?) -> String? {
    guard let slope = marginalSlope, slope != 0, let c = recommendation.fit.coefficients.first(where: { $0.term == id }), c.estimate != 0,
      (slope > 0) != (c.estimate > 0)
    else { return nil }
    let estimate = Format4.general(c.estimate), p = Format4.pValue(c.pValue)
    let outcomeLabel = label(recommendation.fit.outcome), unitText = catalog[id]?.unit ?? ""
    return t(
      "该指标与其他指标同向变动：单看散点，\(outcomeLabel)随它\(slope > 0 ? "上升" : "下降")；但在其他指标不变时，它自身的效应为每单位 \(estimate)\(unitText.isEmpty ? "" : "（单位 \(unitText)）")，p = \(p)，方向相反。权重依据的是后者。",
      "This indicator moves together with others: on its own, \(outcomeLabel) \(slope > 0 ? "rises" : "falls") with it, but holding the others fixed its own effect is \(estimate) per unit\(unitText.isEmpty ? "" : " (\(unitText))") (p = \(p)), the other way. The weight follows the latter.")
  }

  /// The compared sets: backtest with its bootstrap intervals, band moves and the pay spread.
  func comparisonSection() -> String {
    var html = "<h2>\(e(t("方案对比：得分与绩效工资", "Comparing the weight sets: scores and performance pay")))</h2>\n"
    let styles = comparison.sets.map { style($0.name) }
    html += SVGChart.boxes(title: t("综合得分（满分 10）", "Composite score (out of 10)"), styles: styles, boxes: content.scoreBoxes, yLabel: t("得分", "score"), yPercent: false)
    let share = recommendation.config.payPolicy.performanceShare
    let percent = shortNumber(share * 100)
    html += SVGChart.boxes(
      title: t("绩效工资占工资比例（\(percent)% × 得分/10）", "Performance pay as a share of salary (\(percent)% × score/10)"), styles: styles, boxes: content.payBoxes,
      yLabel: t("占工资比例", "share of salary"), yPercent: true)
    let replicates = comparison.replicates
    html += "<p class=\"muted\">\(e(t("括号内为 \(replicates) 次自助抽样的 95% 区间；绩效工资为占工资的比例（第 10 / 50 / 90 百分位）。", "In brackets: 95% intervals from \(replicates) bootstrap replicates; performance pay as a share of salary (10th / 50th / 90th percentile).")))</p>\n"
    html += "<table>\n<tr><th class=\"l\">\(e(t("方案", "Set")))</th><th>Spearman ρ</th><th>R²</th><th>Kendall τ</th><th>\(e(t("换档人数", "Band moves")))</th><th>\(e(t("绩效工资 p10 / p50 / p90", "Pay p10 / p50 / p90")))</th></tr>\n"
    func interval(_ i: (Double, Double)?) -> String { i.map { String(format: "<br/><span class=\"muted\">%.3f–%.3f</span>", $0.0, $0.1) } ?? "" }
    for s in comparison.sets {
      let name = s.name == "recommended" ? "<b>\(e(setName(s.name)))</b>" : e(setName(s.name))
      html += "<tr><td class=\"l\">\(name)</td><td class=\"n\">\(String(format: "%.3f", s.spearman))\(interval(s.spearmanInterval))</td><td class=\"n\">\(String(format: "%.3f", s.rSquared))\(interval(s.rSquaredInterval))</td>"
        + "<td class=\"n\">\(s.kendallTau.map { String(format: "%.2f", $0) } ?? "—")</td><td class=\"n\">\(s.movedBetweenBands.map(String.init) ?? "—")</td>"
        + "<td class=\"n\">\(pct(s.payP10)) / \(pct(s.payMedian)) / \(pct(s.payP90))</td></tr>\n"
    }
    return html + "</table>\n"
  }

  /// The fit's summary statistics and coefficients as tables, headings in the page's language.
  func regressionSection() -> String {
    let fit = recommendation.fit
    var html = "<h2>\(e(t("回归摘要", "Regression summary")))</h2>\n"
    var stats: [(String, String)] = [(t("观测数", "Observations"), "\(fit.observationCount)")]
    switch fit.model {
    case .linear(let ols):
      stats += [
        ("R²", Format4.fixed(ols.rSquared)), (t("调整 R²", "Adjusted R²"), Format4.fixed(ols.adjustedRSquared)),
        (t("F 检验 p 值", "F test p"), Format4.pValue(ols.fPValue)), (t("残差标准误", "Residual standard error"), Format4.general(ols.residualStandardError)),
        (t("标准误类型", "Standard errors"), ols.covariance.map { language == .zh ? $0.chineseShortName : $0.shortName } ?? "iid"),
      ]
    case .logistic(let logistic):
      stats += [
        (t("伪 R²（McFadden）", "Pseudo R² (McFadden)"), Format4.fixed(logistic.pseudoRSquared)), (t("事件数（1）", "Events (1s)"), "\(logistic.events)"),
        (t("似然比检验 p 值", "Likelihood-ratio test p"), Format4.pValue(logistic.likelihoodRatioPValue)),
      ]
    }
    html += "<table>\n" + stats.map { "<tr><th class=\"l\">\(e($0.0))</th><td class=\"n\">\(e($0.1))</td></tr>\n" }.joined() + "</table>\n"
    let s = fit.statisticName
    var headers = [t("指标", "Term"), t("估计值", "Estimate"), t("标准误", "Std. error"), t("\(s) 值", "\(s)"), t("p 值", "p"), t("95% 区间下限", "95% low"), t("95% 区间上限", "95% high")]
    if !fit.isLogistic { headers.append("VIF") }
    html += "<table>\n<tr>" + headers.enumerated().map { "<th\($0.offset == 0 ? " class=\"l\"" : "")>\(e($0.element))</th>" }.joined() + "</tr>\n"
    for (c, cells) in zip(fit.coefficients, fit.coefficientCells) {
      let name = c.term == "(intercept)" ? t("截距", "Intercept") : label(c.term)
      html += "<tr><td class=\"l\">\(e(name))</td>" + cells.map { "<td class=\"n\">\(e($0))</td>" }.joined() + "</tr>\n"
    }
    return html + "</table>\n"
  }

  /// What the weights were computed from: data, method, blend, sources with their hashes.
  func provenanceSection() -> String {
    let p = recommendation.config.provenance
    var html = "<h2>\(e(t("来源与可追溯信息", "Provenance")))</h2>\n<table>\n"
    var rows: [(String, String)] = [
      (t("工具", "Tool"), p.tool), (t("数据文件", "Data file"), p.dataFile), ("SHA-256", p.dataSHA256), (t("行数", "Rows"), "\(p.rows)"),
      (t("方法", "Method"), p.method), (t("拟合占比 α", "Blend α"), shortNumber(p.blend)), (t("预设", "Preset"), setName(p.preset)),
      ("SWOT", p.swotFile.map { "\($0) (\(p.swotSHA256 ?? ""))" } ?? "—"),
    ]
    let settings = p.settings
    if let catalog = settings.catalog { rows.append((t("指标目录", "Catalog"), "\(catalog.file) (\(catalog.sha256))")) }
    for file in settings.ahp { rows.append(("AHP", "\(file.file) (\(file.sha256))")) }
    if let objective = settings.objective { rows.append((t("客观赋权方法", "Objective method"), "\(setName(objective)) (\(objective))")) }
    if let b = settings.bootstrap {
      let group = b.group.map { t("按 \($0) 分组重抽样", "groups of \($0) resampled") } ?? t("按行重抽样", "rows resampled")
      rows.append((t("自助法", "Bootstrap"), t("\(b.replicates) 次，种子 \(b.seed)，\(group)", "\(b.replicates) replicates, seed \(b.seed), \(group)")))
    }
    if let m = settings.model {
      let kinds = ["iid": ("经典（iid）", "classical (iid)"), "cluster": ("聚类", "clustered"), "cr2": ("聚类 CR2", "clustered CR2")]
      let kind = kinds[m.standardErrors].map { t($0.0, $0.1) } ?? m.standardErrors
      let se = m.cluster.isEmpty ? kind : t("\(kind)（\(m.cluster.joined(separator: "、"))）", "\(kind) (\(m.cluster.joined(separator: ", ")))")
      rows.append((t("标准误", "Standard errors"), se))
      if !m.fixedEffects.isEmpty { rows.append((t("固定效应", "Fixed effects"), m.fixedEffects.joined(separator: ", "))) }
      if !m.lags.isEmpty { rows.append((t("滞后", "Lags"), m.lags.joined(separator: ", "))) }
      if let lead = m.leadOutcome { rows.append((t("结果超前期数", "Outcome lead"), "\(lead)")) }
      if let weights = m.weights { rows.append((t("观测权重列", "Observation weights"), weights)) }
    }
    rows.append((t("时间", "As of"), p.asOf))
    for (k, v) in rows { html += "<tr><th class=\"l\">\(e(k))</th><td class=\"l\">\(e(v))</td></tr>\n" }
    return html + "</table>\n"
  }

  /// The config's scoring rules and pay plan, and the sensitivity table (bilingual).
  func sensitivitySection() -> String {
    var html = "<h2>\(e(t("计分规则与薪酬方案", "Scoring rules and the pay plan")))</h2>\n<ul>\n"
    for line in recommendation.payLines(language) { html += "<li>\(e(line))</li>\n" }
    html += "</ul>\n"
    guard let s = recommendation.sensitivity else { return html }
    let rho = String(format: "%.3f", s.spearman)
    let zh = "其他权重按比例缩放时，该指标权重在此区间内变动，\(s.entities) 个对象的薪酬档次（前 20% / 中间 / 后 20%）都不变；去掉该指标后综合得分与结果的 Spearman ρ（全部指标：\(rho)）；最近一期的平均得分。"
    let en = "The interval each weight can move in, the others rescaled, before any of the \(s.entities) entities changes pay band (top 20% / middle / bottom 20%); Spearman ρ of the score without the indicator (all indicators: \(rho)); mean points in the latest period."
    html += "<h2>\(e(t("敏感性：权重可调整多少", "Sensitivity: how far each weight can move")))</h2>\n<p>\(e(t(zh, en)))</p>\n"
    html += "<table>\n<tr><th class=\"l\">\(e(t("指标", "Indicator")))</th><th>\(e(t("权重", "Weight")))</th><th>\(e(t("档次不变区间", "No band change")))</th><th>\(e(t("首尾五名不变", "Top/bottom 5 kept")))</th><th>\(e(t("去掉后 ρ", "ρ without")))</th><th>\(e(t("样本外 ρ", "ρ out of sample")))</th><th>\(e(t("当前得分", "Points now")))</th><th class=\"l\">\(e(t("重要性 × 表现", "Importance × performance")))</th></tr>\n"
    for r in s.rows.sorted(by: { $0.weight > $1.weight }) {
      html += "<tr><td class=\"l\">\(e(label(r.indicator)))</td><td>\(pct(r.weight))</td><td>\(pct(r.bandInterval.low))–\(pct(r.bandInterval.high))</td><td>\(pct(r.extremesInterval.low))–\(pct(r.extremesInterval.high))</td>"
        + String(format: "<td>%.3f</td>", r.leaveOutSpearman) + "<td>\(r.leaveOutOfSampleSpearman.map { String(format: "%.3f", $0) } ?? "—")</td>"
        + "<td>\(r.currentPoints.isFinite ? String(format: "%.1f", r.currentPoints) : "—")</td><td class=\"l\">\(e(t(r.quadrant.chinese, r.quadrant.english)))</td></tr>\n"
    }
    return html + "</table>\n"
  }
}
