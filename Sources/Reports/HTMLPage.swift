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

  /// The page for a finished report.
  public init(_ content: ReportContent) {
    language = content.language
    recommendation = content.recommendation
    comparison = content.comparison
    outcome = content.outcome
    columns = content.columns
    catalog = content.recommendation.fit.catalog
    self.content = content
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

  public func render() -> String {
    let fit = recommendation.fit
    var html = """
      <!DOCTYPE html>
      <html xmlns="http://www.w3.org/1999/xhtml" lang="\(language == .zh ? "zh-CN" : "en")">
      <head>
      <meta charset="utf-8"/>
      <meta name="viewport" content="width=device-width, initial-scale=1"/>
      <title>\(e(t("售后绩效指标权重报告", "After-sales KPI weight report"))) · \(e(recommendation.preset.id))</title>
      <style>
      body{font-family:\(SVGChart.font);max-width:1100px;margin:24px auto;padding:0 16px;color:#222;line-height:1.5}
      h1{font-size:24px;margin-bottom:4px}h2{font-size:19px;margin-top:32px;border-bottom:1px solid #ddd;padding-bottom:4px}
      table{border-collapse:collapse;margin:8px 0;font-size:13px}th,td{border-bottom:1px solid #e3e3e3;padding:4px 8px;text-align:right}
      th{background:#f4f6f8}td.l,th.l{text-align:left}.muted{color:#666;font-size:12px}.warn{background:#fff8e1;border-left:4px solid #E69F00;padding:6px 10px;margin:4px 0}
      .grid{display:flex;flex-wrap:wrap;gap:8px}pre{background:#f6f8fa;padding:8px;font-size:12px;overflow-x:auto}
      </style>
      </head>
      <body>

      """
    html += "<h1>\(e(t("售后绩效指标权重报告", "After-sales KPI weight report")))</h1>\n"
    html += "<p class=\"muted\">\(e(t("结果指标", "Outcome"))): \(e(label(fit.outcome))) (\(e(fit.outcome))) · \(e(t("预设", "Preset"))): \(e(recommendation.preset.chineseName)) / \(e(recommendation.preset.englishName)) · \(e(t("数据", "Data"))): \(e(fit.dataFile)), \(fit.observationCount) \(e(t("行", "rows")))</p>\n"
    html += "<p>\(e(recommendation.preset.rationale))</p>\n"

    // 1. Recommended weights.
    html += "<h2>\(e(t("推荐权重", "Recommended weights")))</h2>\n<table>\n<tr><th class=\"l\">\(e(t("指标", "Indicator")))</th><th>\(e(t("历史拟合", "Fitted")))</th><th>\(e(t("预设目标", "Preset target")))</th><th>\(e(t("推荐", "Recommended")))</th><th>\(e(t("上下限", "Bounds")))</th><th class=\"l\">\(e(t("说明", "Reason")))</th></tr>\n"
    for r in recommendation.rows.sorted(by: { $0.weight > $1.weight }) {
      let interval = r.fittedInterval.map { " (\(pct($0.low))–\(pct($0.high)))" } ?? ""
      let bound = r.activeBound.map { $0 == .lower ? " ▲" : " ▼" } ?? ""
      html += "<tr><td class=\"l\">\(e(label(r.indicator)))<br/><span class=\"muted\">\(e(r.indicator))</span></td><td>\(pct(r.fitted))\(e(interval))</td><td>\(pct(r.target))</td><td><b>\(pct(r.weight))</b></td><td>\(pct(r.lower))–\(pct(r.upper))\(bound)</td><td class=\"l\">\(e(r.reason))</td></tr>\n"
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
    var series: [(name: String, values: [Double], intervals: [(Double, Double)?]?)] = []
    series.append((t("历史拟合", "fit"), recommendation.rows.map(\.fitted), recommendation.rows.map { $0.fittedInterval.map { ($0.low, $0.high) } }))
    for set in comparison.sets where set.name != "recommended" && !set.name.hasPrefix("fit-") {
      series.append((set.name, set.weights, nil))  // compare sets use the fit's indicator order, as the rows do
    }
    series.append((t("推荐", "recommended"), recommendation.rows.map(\.weight), nil))
    html += SVGChart.groupedBars(title: t("权重：历史拟合、预设、客观方法与推荐", "Weights: fit, presets, objective and recommended"), categories: categories, series: series, valueLabel: t("权重", "weight"))

    html += "<h2>\(e(t("各指标与结果的关系", "Each indicator against the outcome")))</h2>\n<div class=\"grid\">\n"
    for (j, id) in recommendation.rows.map(\.indicator).enumerated() {
      let x = columns[j]
      let line = content.lines[j]
      html += SVGChart.scatter(title: label(id), x: x, y: outcome, xLabel: "\(label(id))\(unit(id))", yLabel: "\(label(fit.outcome))\(unit(fit.outcome))", line: line, color: SVGChart.palette[j % SVGChart.palette.count])
    }
    html += "</div>\n"

    if let (fitted, residuals) = content.residuals {
      html += "<h2>\(e(t("残差与拟合值", "Residuals versus fitted values")))</h2>\n"
      html += SVGChart.scatter(title: t("残差 vs 拟合值", "Residuals vs fitted"), x: fitted, y: residuals, xLabel: t("拟合值", "fitted") + unit(fit.outcome), yLabel: t("残差", "residual"), line: (0, 0), width: 760, height: 300)
    }

    if comparison.entityLabels.count > 1, comparison.sets.count > 1 {
      html += "<h2>\(e(t("不同方案下的排名变化", "How rankings change between weight sets")))</h2>\n"
      let ranks = content.entityRanks
      html += SVGChart.slope(title: t("\(comparison.entityColumn ?? "实体")平均得分排名（1 = 最好）", "Rank of \(comparison.entityColumn ?? "entity") by mean score (1 = best)"), columns: comparison.sets.map(\.name), ranks: ranks, labels: comparison.entityLabels)
    }

    html += "<h2>\(e(t("得分与绩效工资分布", "Distribution of scores and performance pay")))</h2>\n"
    html += SVGChart.boxes(title: t("综合得分（满分 10）", "Composite score (out of 10)"), names: comparison.sets.map(\.name), boxes: content.scoreBoxes, yLabel: t("得分", "score"), yPercent: false)
    let share = recommendation.config.payPolicy.performanceShare
    html += SVGChart.boxes(title: t("绩效工资占工资比例（\(Int(share * 100))% × 得分/10）", "Performance pay as a share of salary (\(Int(share * 100))% × score/10)"), names: comparison.sets.map(\.name), boxes: content.payBoxes, yLabel: t("占工资比例", "share of salary"), yPercent: true)

    html += "<table>\n<tr><th class=\"l\">\(e(t("方案", "Set")))</th><th>Spearman ρ</th><th>R²</th><th>Kendall τ</th><th>\(e(t("换档人数", "Band moves")))</th></tr>\n"
    for s in comparison.sets {
      html += "<tr><td class=\"l\">\(e(s.name))</td><td>\(String(format: "%.3f", s.spearman))</td><td>\(String(format: "%.3f", s.rSquared))</td><td>\(s.kendallTau.map { String(format: "%.2f", $0) } ?? "")</td><td>\(s.movedBetweenBands.map(String.init) ?? "")</td></tr>\n"
    }
    html += "</table>\n"

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
    html += "<h2>\(e(t("回归摘要", "Regression summary")))</h2>\n<pre>\(e(fit.renderTable(color: false)))</pre>\n"
    if !recommendation.warnings.isEmpty {
      html += "<h2>\(e(t("提示", "Warnings")))</h2>\n" + recommendation.warnings.map { "<div class=\"warn\">\(e($0))</div>\n" }.joined()
    }
    let p = recommendation.config.provenance
    html += "<h2>\(e(t("来源与可追溯信息", "Provenance")))</h2>\n<table>\n"
    for (k, v) in [
      (t("工具", "Tool"), p.tool), (t("数据文件", "Data file"), p.dataFile), ("SHA-256", p.dataSHA256), (t("行数", "Rows"), "\(p.rows)"),
      (t("方法", "Method"), p.method), (t("拟合占比 α", "Blend α"), "\(p.blend)"), (t("预设", "Preset"), p.preset),
      ("SWOT", p.swotFile.map { "\($0) (\(p.swotSHA256 ?? ""))" } ?? "—"), (t("时间", "As of"), p.asOf),
    ] {
      html += "<tr><th class=\"l\">\(e(k))</th><td class=\"l\">\(e(v))</td></tr>\n"
    }
    html += "</table>\n<p class=\"muted\">\(e(t("由 kpi-weights 生成；图表为内嵌 SVG，无需联网即可查看。", "Generated by kpi-weights; charts are inline SVG, viewable offline.")))</p>\n</body>\n</html>\n"
    return html
  }

  /// The config's scoring rules and pay plan, and the sensitivity table (bilingual).
  func sensitivitySection() -> String {
    var html = "<h2>\(e(t("计分规则与薪酬方案", "Scoring rules and the pay plan")))</h2>\n<ul>\n"
    for line in recommendation.payLines { html += "<li>\(e(line))</li>\n" }
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
