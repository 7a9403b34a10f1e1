import Foundation
import DataSources
import WeightAnalysis
import Workflows

extension FitReport: RenderedReport {
  var weightsTable: WeightsTable {
    WeightsTable(
      rows: weights.map {
        WeightRow(
          indicator: $0.indicator, direction: $0.direction, directionInferred: $0.directionInferred, weight: $0.weight, score: $0.score,
          low: $0.interval?.low, high: $0.interval?.high)
      }, scoreName: method.scoreName, chineseScoreName: method.chineseScoreName, catalog: catalog)
  }

  func bootstrapDescription(_ language: DisplayLanguage) -> String? {
    guard let bootstrap else { return nil }
    if language == .zh {
      let units = bootstrap.resamplesGroups ? "按 '\(groupColumn ?? "?")' 的 \(bootstrap.units) 个组" : "\(bootstrap.units) 行"
      return "95% 百分位区间：对\(units)重抽样的 \(bootstrap.completed) 次自助法，种子 \(seed)"
    }
    let units = bootstrap.resamplesGroups ? "\(bootstrap.units) groups of '\(groupColumn ?? "?")'" : "\(bootstrap.units) rows"
    return "95% percentile intervals from \(bootstrap.completed) bootstrap replicates resampling \(units), seed \(seed)"
  }

  // MARK: JSON (stable contract, see README)

  public func jsonValue() -> JSONValue {
    let coefficientValues: [JSONValue] = coefficients.map { c in
      var fields: [(String, JSONValue)] = [
        ("term", .string(c.term)), ("estimate", .double(c.estimate)), ("stdError", .double(c.standardError)),
        (statisticName, .double(c.tStatistic)), ("p", .double(c.pValue)), ("ciLow", .double(c.confidenceLow)),
        ("ciHigh", .double(c.confidenceHigh)),
      ]
      if !isLogistic { fields.append(("vif", .double(c.varianceInflation))) }
      return .object(fields)
    }
    let weightValues = weightsTable.jsonRows { row in
      let w = weights.first { $0.indicator == row.indicator }!
      return [("score", .double(w.score)), ("standardizedCoefficient", .double(w.standardizedCoefficient))]
    }
    var fields: [(String, JSONValue)] = [("n", .integer(observationCount)), ("outcome", .string(outcome))]
    switch model {
    case .linear(let fit):
      fields += [
        ("model", .string("linear")),
        ("rank", .integer(fit.rank)),
        ("conditionNumber", .double(fit.conditionNumber)),
        ("standardizedConditionNumber", .double(fit.standardizedConditionNumber)),
        ("rSquared", .double(fit.rSquared)),
        ("adjustedRSquared", .double(fit.adjustedRSquared)),
        ("fStatistic", .double(fit.fStatistic)),
        ("fPValue", .double(fit.fPValue)),
        ("dfModel", .integer(fit.modelDegreesOfFreedom)),
        ("dfResidual", .integer(fit.residualDegreesOfFreedom)),
        ("residualStdError", .double(fit.residualStandardError)),
        ("logLikelihood", .double(fit.logLikelihood)),
        ("aic", .double(fit.aic)),
        ("bic", .double(fit.bic)),
        ("hasIntercept", .bool(fit.hasIntercept)),
        ("covariance", covarianceJSON(fit.covariance)),
        ("fixedEffects", fixedEffectsJSON(fit.fixedEffects)),
        ("weightsColumn", weightsColumn.map { .string($0) } ?? .null),
        ("weightTotal", fit.weightTotal.map { .double($0) } ?? .null),
      ]
    case .logistic(let fit):
      fields += [
        ("model", .string("logistic")),
        ("events", .integer(fit.events)),
        ("logLikelihood", .double(fit.logLikelihood)),
        ("nullLogLikelihood", .double(fit.nullLogLikelihood)),
        ("deviance", .double(fit.deviance)),
        ("nullDeviance", .double(fit.nullDeviance)),
        ("pseudoRSquared", .double(fit.pseudoRSquared)),
        ("likelihoodRatio", .double(fit.likelihoodRatio)),
        ("llrPValue", .double(fit.likelihoodRatioPValue)),
        ("dfModel", .integer(fit.modelDegreesOfFreedom)),
        ("aic", .double(fit.aic)),
        ("bic", .double(fit.bic)),
        ("iterations", .integer(fit.iterations)),
        ("hasIntercept", .bool(fit.hasIntercept)),
        ("covariance", covarianceJSON(fit.covariance)),
        ("marginalEffects", .array(fit.marginalEffects.map { m in
          .object([
            ("indicator", .string(m.indicator)), ("effect", .double(m.effect)), ("stdError", .double(m.standardError)), ("z", .double(m.zStatistic)),
            ("p", .double(m.pValue)), ("ciLow", .double(m.confidenceLow)), ("ciHigh", .double(m.confidenceHigh)),
          ])
        })),
      ]
    }
    fields += [
      ("method", .string(method.rawValue)),
      ("methodReason", methodReason.map { .string($0.english) } ?? .null), ("methodReason_zh", methodReason.map { .string($0.chinese) } ?? .null),
      ("dominance", dominanceJSON),
      ("droppedRows", .integer(droppedRows)),
      ("lagDroppedRows", .integer(lagDroppedRows)),
      ("zeroWeightRows", .integer(zeroWeightRows)),
      ("lags", .array(lags.map { .object([("indicator", .string($0.indicator)), ("periods", .integer($0.periods)), ("column", .string($0.column))]) })),
      ("leadOutcome", leadOutcome.map { .integer($0) } ?? .null),
      ("sets", .array(sets.map { .object([("name", .string($0.name)), ("members", .array($0.members.map { .string($0) })), ("rSquared", .double($0.rSquared)), ("share", .double($0.share))]) })),
    ]
    if let bootstrap {
      fields.append(
        ("bootstrap", .object([
          ("replicates", .integer(bootstrap.completed + bootstrap.failed)), ("completed", .integer(bootstrap.completed)),
          ("seed", .string(String(seed))), ("units", .integer(bootstrap.units)),
          ("group", groupColumn.map { .string($0) } ?? .null), ("confidence", .double(0.95)),
          ("differences", .array(bootstrap.differences.map { d in
            .object([("a", .string(weights[d.a].indicator)), ("b", .string(weights[d.b].indicator)), ("low", .double(d.low)), ("high", .double(d.high))])
          })),
          ("noiseReference", noiseReference.map { noise in
            .array(weights.indices.map { j in
              .object([("indicator", .string(weights[j].indicator)), ("low", .double(noise.low[j])), ("high", .double(noise.high[j])), ("aboveNoise", .bool(noise.low[j] > 0))])
            })
          } ?? .null),
          ("ranks", .array(weights.indices.compactMap { j in
            j < bootstrap.rankLow.count
              ? .object([("indicator", .string(weights[j].indicator)), ("low", .double(bootstrap.rankLow[j])), ("high", .double(bootstrap.rankHigh[j]))]) : nil
          })),
        ])))
    }
    fields += [
      ("backtest", backtestJSON),
    ] + JSONValue.messages("warnings", warnings) + ColumnNotes.json(columnSummary) + [
      ("coefficients", .array(coefficientValues)),
      ("weights", .array(weightValues)),
    ]
    return .object(fields)
  }

  public func renderJSON() -> String { jsonValue().serialized() }

  // MARK: CSV

  /// One row per term, starting with the weight columns every command's CSV shares (indicator,
  /// label_zh, label_en, direction, weight), then the coefficient table; the intercept is a row
  /// of its own, `(intercept)`, without labels or weight.
  public func renderCSV() -> String {
    let hasIntervals = bootstrap != nil
    var header = "indicator,label_zh,label_en,direction,weight"
    if hasIntervals { header += ",weightLow,weightHigh" }
    header += ",score,standardizedCoefficient,estimate,stdError,\(statisticName),p,ciLow,ciHigh,vif"
    var out = header + "\n"
    for c in coefficients {
      let w = weights.first { $0.indicator == c.term }
      var cells = [
        csvField(c.term), csvField(w == nil ? "" : catalog[c.term]?.chineseLabel ?? ""), csvField(w == nil ? "" : catalog[c.term]?.englishLabel ?? c.term),
        w?.direction.rawValue ?? "", plainNumber(w?.weight),
      ]
      if hasIntervals { cells += [plainNumber(w?.interval?.low), plainNumber(w?.interval?.high)] }
      cells += [
        plainNumber(w?.score), plainNumber(w?.standardizedCoefficient), plainNumber(c.estimate), plainNumber(c.standardError), plainNumber(c.tStatistic),
        plainNumber(c.pValue), plainNumber(c.confidenceLow), plainNumber(c.confidenceHigh), plainNumber(c.varianceInflation),
      ]
      out += cells.joined(separator: ",") + "\n"
    }
    return out
  }

  // MARK: Table

  func summaryLines(_ language: DisplayLanguage) -> [(String, String, String, String)] {
    let t = language.pick
    switch model {
    case .linear(let fit):
      // Under a robust covariance this is the Wald F, with the covariance's denominator df.
      let denominator = fit.covariance.map { $0.waldDenominatorDegreesOfFreedom } ?? Double(fit.residualDegreesOfFreedom)
      let df = "\(fit.covariance == nil ? "F" : "Wald F")(\(fit.modelDegreesOfFreedom), \(Int(denominator)))"
      var lines = [
        ("R²", Format4.fixed(fit.rSquared), t("Adj. R²", "调整 R²"), Format4.fixed(fit.adjustedRSquared)),
        (df, Format4.general(fit.fStatistic), t("Prob (F)", "P 值 (F)"), Format4.pValue(fit.fPValue)),
        (t("Residual std. error", "残差标准误"), Format4.general(fit.residualStandardError), t("Log-likelihood", "对数似然"), Format4.general(fit.logLikelihood)),
        ("AIC", Format4.general(fit.aic), "BIC", Format4.general(fit.bic)),
        (t("Condition number", "条件数"), Format4.general(fit.conditionNumber), t("standardised", "标准化后"), Format4.general(fit.standardizedConditionNumber)),
      ]
      if let effects = fit.fixedEffects {
        lines.insert((t("Within R²", "组内 R²"), Format4.fixed(effects.withinRSquared), t("Absorbed", "吸收参数"), "\(effects.absorbedParameters)"), at: 1)
      }
      return lines
    case .logistic(let fit):
      return [
        (t("Pseudo R² (McFadden)", "伪 R²（McFadden）"), Format4.fixed(fit.pseudoRSquared), t("Events (1s)", "事件数（取 1）"), t("\(fit.events) of \(fit.observationCount)", "\(fit.events) / \(fit.observationCount)")),
        (t("Log-likelihood", "对数似然"), Format4.general(fit.logLikelihood), t("LL-null", "零模型对数似然"), Format4.general(fit.nullLogLikelihood)),
        (t("Deviance", "偏差"), Format4.general(fit.deviance), t("Null deviance", "零模型偏差"), Format4.general(fit.nullDeviance)),
        (t("LR χ²", "似然比 χ²") + "(\(fit.modelDegreesOfFreedom))", Format4.general(fit.likelihoodRatio), t("Prob (LR)", "P 值 (LR)"), Format4.pValue(fit.likelihoodRatioPValue)),
        ("AIC", Format4.general(fit.aic), "BIC", Format4.general(fit.bic)),
        (t("IRLS iterations", "IRLS 迭代次数"), "\(fit.iterations)", "", ""),
      ]
    }
  }

  /// Per coefficient, its estimate, standard error, statistic, p, interval and (linear) VIF as
  /// people read them; each column in one style (``Format4/column(_:)``).
  public var coefficientCells: [[String]] {
    let estimate = Format4.column(coefficients.map(\.estimate)), error = Format4.column(coefficients.map(\.standardError))
    let low = Format4.column(coefficients.map(\.confidenceLow)), high = Format4.column(coefficients.map(\.confidenceHigh))
    return coefficients.indices.map { i in
      let c = coefficients[i]
      var cells = [estimate[i], error[i], Format4.fixed(c.tStatistic, digits: 3), Format4.pValue(c.pValue), low[i], high[i]]
      if !isLogistic { cells.append(c.varianceInflation.map { Format4.fixed($0, digits: 2) } ?? "") }
      return cells
    }
  }

  func title(_ language: DisplayLanguage) -> String { isLogistic ? language.heading("Logistic fit", "逻辑回归拟合") : language.heading("OLS fit", "回归拟合") }

  /// In-sample ρ and the rolling-origin summary, or `nil` (logistic fits).
  func backtestLine(_ language: DisplayLanguage) -> String? {
    guard let inSample = inSampleSpearman else { return nil }
    var line = language.pick("in sample Spearman ρ(score, better outcome) = ", "样本内 Spearman ρ（得分与更好的结果）= ") + String(format: "%.3f", inSample)
    if let rolling = rollingOrigin?.summary(periodColumn: periodColumn, language: language) { line += language.pick("; ", "；") + rolling }
    return line
  }

  var backtestJSON: JSONValue {
    guard let inSample = inSampleSpearman else { return .null }
    var fields: [(String, JSONValue)] = [("inSampleSpearman", .double(inSample))]
    if let rolling = rollingOrigin { fields.append(("rollingOrigin", rolling.json(periodColumn: periodColumn))) }
    return .object(fields)
  }

  /// `{columns, levels, absorbedParameters, withinRSquared, sweeps, parameterCount}` or null.
  func fixedEffectsJSON(_ effects: FixedEffectsSummary?) -> JSONValue {
    guard let effects else { return .null }
    return .object([
      ("columns", .array(effects.dimensions.map { .string($0.name) })), ("levels", .array(effects.dimensions.map { .integer($0.levels) })),
      ("absorbedParameters", .integer(effects.absorbedParameters)), ("withinRSquared", .double(effects.withinRSquared)),
      ("sweeps", .integer(effects.sweeps)), ("parameterCount", .string(effects.parameterCount.rawValue)),
    ])
  }

  /// Lines on fixed effects, weights, lags and the outcome lead (empty for a plain fit).
  func specificationLines(_ language: DisplayLanguage) -> [String] {
    var lines: [String] = []
    let zhUnit = periodUnit.map { $0 == .month ? "个月" : ($0 == .quarter ? "个季度" : "期") } ?? "期"
    let unit = periodUnit.map { $0 == .month ? "month" : ($0 == .quarter ? "quarter" : "period") } ?? "period"
    let zh = language == .zh
    if let k = leadOutcome {
      let (zhShift, enShift) = FitJob.shiftLabels(-k, unit: periodUnit ?? .rank)
      lines.append(
        zh
          ? "结果：\(outcome) \(zhShift.replacingOccurrences(of: "(", with: "（").replacingOccurrences(of: ")", with: "）"))，在每个对象内：每行的指标解释 \(k) \(zhUnit)之后的结果"
          : language.label("Outcome", "结果") + "\(outcome) \(language == .en ? "" : zhShift + " ")\(enShift), within each entity: each row's indicators explain the outcome \(k == 1 ? "one \(unit)" : "\(k) \(unit)s") later")
    }
    if !lags.isEmpty {
      lines.append(
        zh
          ? "滞后：" + lags.map { "\($0.column) = \($0.indicator) 的 \($0.periods) \(zhUnit)之前的值" }.joined(separator: "；") + "（在每个对象内；期间有缺口时记为缺失，不跨缺口取值）"
          : language.label("Lags", "滞后") + lags.map { "\($0.column) = \($0.indicator) \($0.periods == 1 ? "one \(unit)" : "\($0.periods) \(unit)s") earlier" }.joined(separator: "; ")
            + " (within each entity; a gap in the periods is missing, never bridged)")
    }
    if case .linear(let fit) = model {
      if let effects = fit.fixedEffects {
        if zh {
          let dims = effects.dimensions.map { "\($0.name)（\($0.levels) 个水平）" }.joined(separator: " + ")
          lines.append(
            "固定效应：\(dims)，组内变换吸收 \(effects.absorbedParameters) 个参数\(effects.sweeps > 1 ? "（交替投影 \(effects.sweeps) 轮）" : "")；组内 R² = \(Format4.fixed(effects.withinRSquared))，权重分解的是组内 R²（每个子模型都含固定效应）")
        } else {
          let dims = effects.dimensions.map { "\($0.name) (\($0.levels) levels)" }.joined(separator: " + ")
          lines.append(
            language.label("Fixed effects", "固定效应")
              + "\(dims), \(effects.absorbedParameters) parameters absorbed by the within transformation\(effects.sweeps > 1 ? " (\(effects.sweeps) sweeps of alternating projections)" : ""); within R² = \(Format4.fixed(effects.withinRSquared)), weights share out the within R² (the fixed effects in every submodel)")
        }
      }
      if let weightsColumn {
        let total = fit.weightTotal.map { ", Σw = \(Format4.general($0))" } ?? ""
        lines.append(zh ? "观测权重：\(weightsColumn)（加权最小二乘\(total.replacingOccurrences(of: ", ", with: "，"))）" : language.label("Observation weights", "观测权重") + "\(weightsColumn) (weighted least squares\(total))")
      }
    }
    return lines
  }

  /// Average marginal effects of a logistic fit as table rows, in percentage points, with the
  /// sentence a manager reads: `+1 小时平均响应时间 → 流失概率 +1.36 个百分点 (+1 h → P(churned) +1.36 pp)`.
  func marginalEffectRows(_ language: DisplayLanguage) -> [[String]]? {
    guard case .logistic(let fit) = model, !fit.marginalEffects.isEmpty else { return nil }
    // "是否流失" → "流失概率"; the English names the outcome column: P(churned).
    let zhLabel = catalog[outcome]?.chineseLabel ?? ""
    let outcomeZh = zhLabel.isEmpty ? outcome : (zhLabel.hasPrefix("是否") ? String(zhLabel.dropFirst(2)) : zhLabel)
    return fit.marginalEffects.map { m in
      let unit = catalog[m.indicator]?.unit ?? ""
      let (zhUnit, enUnit): (String, String) = unit == "%" ? ("个百分点", "pp") : (unit == "h" ? ("小时", "h") : (unit == "CNY" ? ("元", "CNY") : (unit, unit)))
      let pp = String(format: "%+.2f", 100 * m.effect)
      let zh = "+1 \(zhUnit)\(chineseLabel(m.indicator)) → \(outcomeZh)概率 \(pp) 个百分点", en = "+1 \(enUnit) → P(\(outcome)) \(pp) pp"
      let phrase = language == .zh ? zh : (language == .en ? en : "\(zh) (\(en))")
      return [m.indicator, labelColumn(language).value(m.indicator), String(format: "%.3f", 100 * m.effect), String(format: "%.3f", 100 * m.standardError), Format4.pValue(m.pValue), phrase]
    }
  }

  /// `--method dominance, the default for a 0/1 outcome`.
  func methodLabel(_ language: DisplayLanguage) -> String {
    "\(Setting.method) \(method.rawValue)" + (methodReason.map { language.pick(", ", "，") + language.text($0) } ?? "")
  }

  /// The dominance designations as a matrix: row a against column b is `C` when a completely
  /// dominates b, `c` conditionally, `g` generally, `·` not (`—` the diagonal).
  func dominanceLines(_ language: DisplayLanguage) -> [String]? {
    guard let d = dominance else { return nil }
    let p = d.indicators.count
    var lines = [
      language.pick(
        "(\(d.statistic.label) over all \(d.subsetValues.count - 1) submodels; row dominates column: C complete, c conditional, g general, · not)",
        "（\(d.statistic.chineseLabel)，全部 \(d.subsetValues.count - 1) 个子模型；行优于列：C 完全优势，c 条件优势，g 一般优势，· 无）")
    ]
    var table = TextTable(headers: ["", language.pick("indicator", "指标")] + (1...max(1, p)).map(String.init), alignments: [.right, .left] + Array(repeating: .right, count: p))
    let complete = Set(d.complete.map { $0.0 * p + $0.1 }), conditional = Set(d.conditionalDominance.map { $0.0 * p + $0.1 })
    let general = Set(d.generalDominance.map { $0.0 * p + $0.1 })
    for a in 0..<p {
      let cells = (0..<p).map { b -> String in
        if a == b { return "—" }
        let key = a * p + b
        return complete.contains(key) ? "C" : (conditional.contains(key) ? "c" : (general.contains(key) ? "g" : "·"))
      }
      table.append(["\(a + 1)", d.indicators[a]] + cells)
    }
    lines.append(table.render(styleHeader: { $0 }).trimmingCharacters(in: .newlines))
    if d.separatedSubmodels > 0 {
      lines.append(language.pick("\(d.separatedSubmodels) submodels separated the outcome (see the warnings).", "\(d.separatedSubmodels) 个子模型完全分离了结果（见提示）。"))
    }
    return lines
  }

  /// `{statistic, complete, conditional, general, values, separatedSubmodels}` or null: the three
  /// designations as pairs `[a, b]` (a dominates b), then each indicator's general and conditional
  /// (by subset size) statistics.
  var dominanceJSON: JSONValue {
    guard let d = dominance else { return .null }
    let pairs: ([(Int, Int)]) -> JSONValue = { list in .array(list.map { .array([.string(d.indicators[$0.0]), .string(d.indicators[$0.1])]) }) }
    return .object([
      ("statistic", .string(d.statistic.rawValue)),
      ("complete", pairs(d.complete)), ("conditional", pairs(d.conditionalDominance)), ("general", pairs(d.generalDominance)),
      ("values", .array(d.indicators.indices.map { j in
        .object([("indicator", .string(d.indicators[j])), ("general", .double(d.general[j])), ("conditional", .array(d.conditional[j].map { .double($0) }))])
      })),
      ("separatedSubmodels", .integer(d.separatedSubmodels)),
    ])
  }

  /// Rows the fit left out, by reason.
  func droppedDescription(_ language: DisplayLanguage) -> String {
    let missing = droppedRows - lagDroppedRows - zeroWeightRows
    if language == .zh {
      var parts = ["\(missing) 行因缺失值"]
      if lagDroppedRows > 0 { parts.append("\(lagDroppedRows) 行因滞后/前移") }
      if zeroWeightRows > 0 { parts.append("\(zeroWeightRows) 行权重为 0") }
      return lagDroppedRows + zeroWeightRows > 0 ? "剔除 \(droppedRows) 行（\(parts.joined(separator: "，"))）" : "\(droppedRows) 行因缺失值被剔除"
    }
    var parts = ["\(missing) for missing values"]
    if lagDroppedRows > 0 { parts.append("\(lagDroppedRows) for lags/leads") }
    if zeroWeightRows > 0 { parts.append("\(zeroWeightRows) with weight 0") }
    return lagDroppedRows + zeroWeightRows > 0 ? "\(droppedRows) dropped (\(parts.joined(separator: ", ")))" : "\(droppedRows) dropped for missing values"
  }

  /// The indicator sets' joint LMG, as table rows.
  var setRows: [[String]] {
    sets.map { [$0.name, $0.members.joined(separator: ", "), Format4.fixed($0.rSquared), String(format: "%.1f%%", 100 * $0.share)] }
  }

  /// `{type, columns, clusters, df}`; `iid` when the fit used the classical covariance.
  func covarianceJSON(_ covariance: CoefficientCovariance?) -> JSONValue {
    guard let covariance else { return .object([("type", .string("iid")), ("columns", .array([])), ("clusters", .array([]))]) }
    return .object([
      ("type", .string(covariance.type.name)), ("columns", .array(covariance.type.clusterings.map { .string($0.name) })),
      ("clusters", .array(covariance.clusterCounts.map { .integer($0) })), ("eigenvalueFixed", .bool(covariance.eigenvalueFixed)),
      ("df", .array(covariance.degreesOfFreedom.map { .double($0) })),
    ])
  }

  /// `Standard errors · 标准误: clustered by team (CR1, …)` for a linear fit.
  func covarianceLine(_ language: DisplayLanguage) -> String {
    let text: Message
    switch model {
    case .linear(let fit): text = fit.covariance?.summary() ?? Message(en: "iid (classical)", zh: "经典（同方差、独立）")
    case .logistic(let fit): text = fit.covariance?.summary(zTests: true) ?? Message(en: "inverse information matrix (z tests)", zh: "信息矩阵之逆（z 检验）")
    }
    return language.label("Standard errors", "标准误") + language.text(text)
  }

  func modelLine(_ language: DisplayLanguage) -> String {
    let (intercept, k, n) = isLogistic ? logisticShape : linearShape
    if language == .zh {
      return "模型：\(isLogistic ? "逻辑回归（结果 0/1），" : "")\(intercept ? "截距 + " : "无截距，")\(k) 个指标，\(n) 个观测"
    }
    return "Model: \(isLogistic ? "logistic regression (outcome 0/1), " : "")\(intercept ? "intercept + " : "no intercept, ")\(k) indicators, \(n) observations"
  }

  /// Whether the model has an intercept, its indicator count and its observations.
  private var linearShape: (Bool, Int, Int) {
    guard case .linear(let fit) = model else { return (false, 0, 0) }
    return (fit.hasIntercept, fit.indicators.count, fit.observationCount)
  }
  private var logisticShape: (Bool, Int, Int) {
    guard case .logistic(let fit) = model else { return (false, 0, 0) }
    return (fit.hasIntercept, fit.indicators.count, fit.observationCount)
  }

  /// The headline: `OLS fit · 回归拟合: churn_pct (客户流失率 Customer churn), lower is better`.
  func headline(_ language: DisplayLanguage, title: String, code: (String) -> String) -> String {
    if language == .zh {
      let name: String = chineseLabel(outcome)
      let named: String = name.isEmpty ? "" : "（\(name)）"
      return title + "：" + code(outcome) + named + "，" + directionWord(outcomeDirection, .zh)
    }
    let name: String = language == .en ? englishLabel(outcome) : label(outcome)
    let named: String = name.isEmpty ? "" : " (\(name))"
    return title + ": " + code(outcome) + named + ", \(outcomeDirection.rawValue) is better"
  }

  /// `Data: file (UTF-8); 1440 rows read, 1432 used, 8 dropped for missing values`.
  func dataLine(_ language: DisplayLanguage, code: (String) -> String) -> String {
    language == .zh
      ? "数据：\(code(dataFile))（\(encoding)）；读取 \(rowsRead) 行，使用 \(observationCount) 行，\(droppedDescription(language))"
      : "Data: \(code(dataFile)) (\(encoding)); \(rowsRead) rows read, \(observationCount) used, \(droppedDescription(language))"
  }

  /// The label column beside each term: Chinese labels (`指标`) except under English, where the
  /// English label (`label`) is shown.
  func labelColumn(_ language: DisplayLanguage) -> (header: String, value: (String) -> String) {
    language == .en ? ("label", { self.englishLabel($0) }) : ("指标", { self.chineseLabel($0) })
  }

  func englishLabel(_ id: String) -> String {
    guard let label = catalog[id]?.englishLabel, label != id else { return "" }
    return label
  }

  /// A term as the coefficient table shows it: `(intercept)`, `（截距）` under Chinese.
  func termName(_ term: String, _ language: DisplayLanguage) -> String { language == .zh && term == "(intercept)" ? "（截距）" : term }

  /// The coefficient table's headers in `language`.
  func coefficientHeaders(_ language: DisplayLanguage) -> [String] {
    let s = statisticName
    let names = language == .zh ? ["变量", labelColumn(language).header, "估计值", "标准误"] : ["term", labelColumn(language).header, "estimate", "std. error"]
    return names + [s, "P>|\(s)|", "[0.025", "0.975]"] + (isLogistic ? [] : ["VIF"])
  }

  func weightsIntro(_ language: DisplayLanguage) -> String {
    "\(methodLabel(language))\(language.pick(": ", "：") + language.text(method.summary))"
  }

  func marginalHeaders(_ language: DisplayLanguage) -> [String] {
    language == .zh
      ? ["指标", labelColumn(language).header, "dP/dx（百分点）", "标准误", "P>|z|", "每单位"]
      : ["indicator", labelColumn(language).header, "dP/dx (pp)", "std. error", "P>|z|", language == .en ? "per unit" : "per unit · 每单位"]
  }

  func setHeaders(_ language: DisplayLanguage) -> [String] {
    language == .zh ? ["指标组", "指标", "R² 份额", "占解释部分"] : ["set", "indicators", "R² share", "% of explained"]
  }

  public func renderTable(color: Bool, language: DisplayLanguage = .both) -> String {
    let bold: (String) -> String = color ? { "\u{1B}[1m\($0)\u{1B}[0m" } : { $0 }
    let yellow: (String) -> String = color ? { "\u{1B}[33m\($0)\u{1B}[0m" } : { $0 }
    let t = language.pick
    var out = headline(language, title: bold(title(language)), code: { $0 }) + "\n"
    out += dataLine(language, code: { $0 }) + "\n"
    for line in ColumnNotes.lines(columnSummary, language: language) { out += line + "\n" }
    out += modelLine(language) + "\n"
    for line in specificationLines(language) { out += line + "\n" }
    out += covarianceLine(language) + "\n"
    out += "\n"
    let statistic = t("Statistic", "统计量"), value = t("Value", "数值")
    var summary = TextTable(headers: [statistic, value, statistic, value], alignments: [.left, .right, .left, .right])
    for line in summaryLines(language) { summary.append([line.0, line.1, line.2, line.3]) }
    out += summary.render(styleHeader: bold) + "\n"

    let labels = labelColumn(language).value
    var alignments: [TextTable.Alignment] = [.left, .left, .right, .right, .right, .right, .right, .right]
    if !isLogistic { alignments.append(.right) }
    var coefficientTable = TextTable(headers: coefficientHeaders(language), alignments: alignments)
    for (c, cells) in zip(coefficients, coefficientCells) { coefficientTable.append([termName(c.term, language), labels(c.term)] + cells) }
    out += bold(language.heading("Coefficients", "系数")) + "\n" + coefficientTable.render(styleHeader: bold) + "\n"
    out += bold(language.heading("Weights", "权重")) + t(" (\(weightsIntro(language)))", "（\(weightsIntro(language))）") + "\n"
    if let description = bootstrapDescription(language) { out += description + "\n" }
    out += weightsTable.renderTable(styleHeader: bold, language: language)
    if let dominanceLines = dominanceLines(language) {
      out += "\n" + bold(language.heading("Dominance", "优势分析")) + (language == .zh ? "" : " ") + dominanceLines.joined(separator: "\n") + "\n"
    }
    if let marginal = marginalEffectRows(language) {
      var table = TextTable(headers: marginalHeaders(language), alignments: [.left, .left, .right, .right, .right, .left])
      for row in marginal { table.append(row) }
      out += "\n" + bold(language.heading("Marginal effects", "边际效应")) + t(" (average over the rows; delta-method standard errors)", "（各行平均；delta 方法标准误）") + "\n"
        + table.render(styleHeader: bold)
    }
    if !sets.isEmpty {
      var table = TextTable(headers: setHeaders(language), alignments: [.left, .left, .right, .right])
      for row in setRows { table.append(row) }
      out += "\n" + bold(language.heading("Indicator sets", "指标组")) + t(" (LMG with each set one player, exact)", "（每组作为一个整体的 LMG，精确计算）") + "\n" + table.render(styleHeader: bold)
    }
    if let backtestLine = backtestLine(language) { out += "\n" + bold(language.heading("Backtest", "回测")) + t(": ", "：") + backtestLine + "\n" }
    if !warnings.isEmpty {
      out += "\n" + bold(language.heading("Warnings", "提示")) + "\n"
      for warning in warnings { out += yellow("  • " + language.text(warning)) + "\n" }
    }
    return out
  }

  // MARK: Markdown

  public func renderMarkdown(language: DisplayLanguage = .both) -> String {
    let t = language.pick, period = t(".", "。")
    var out = "# \(title(language))\(t(": ", "："))`\(outcome)`\n\n"
    out += dataLine(language, code: { "`\($0)`" }) + period + "\n\n"
    for line in ColumnNotes.lines(columnSummary, language: language) { out += line + "\n\n" }
    out += modelLine(language) + period + "\n\n"
    for line in specificationLines(language) { out += line + "\n\n" }
    out += covarianceLine(language) + "\n\n"
    let statistic = t("statistic", "统计量"), value = t("value", "数值")
    out += "| \(statistic) | \(value) | \(statistic) | \(value) |\n|---|---:|---|---:|\n"
    for line in summaryLines(language) { out += "| \(line.0) | \(line.1) | \(line.2) | \(line.3) |\n" }
    let labels = labelColumn(language).value
    out += "\n## \(language.heading("Coefficients", "系数"))\n\n| " + coefficientHeaders(language).map(markdownCell).joined(separator: " | ") + " |\n"
    out += "|---|---|---:|---:|---:|---:|---:|---:|\(isLogistic ? "" : "---:|")\n"
    for (c, cells) in zip(coefficients, coefficientCells) { out += "| \(termName(c.term, language)) | \(labels(c.term)) | " + cells.joined(separator: " | ") + " |\n" }
    out += "\n## \(language.heading("Weights", "权重"))\n\n`\(Setting.method) \(method.rawValue)`\(methodReason.map { t(" (", "（") + language.text($0) + t(")", "）") } ?? "")\(t(": ", "："))\(language.text(method.summary))\(period)\n"
    if let description = bootstrapDescription(language) { out += description + period + "\n" }
    out += "\n" + weightsTable.renderMarkdown(language: language)
    if let dominanceLines = dominanceLines(language) { out += "\n## \(language.heading("Dominance", "优势分析"))\n\n```\n" + dominanceLines.joined(separator: "\n") + "\n```\n" }
    if let marginal = marginalEffectRows(language) {
      out += "\n## \(language.heading("Marginal effects", "边际效应"))\n\n" + t("Average over the rows; delta-method standard errors.", "各行平均；delta 方法标准误。") + "\n\n| "
        + marginalHeaders(language).map(markdownCell).joined(separator: " | ") + " |\n|---|---|---:|---:|---:|---|\n"
      for row in marginal { out += "| " + row.joined(separator: " | ") + " |\n" }
    }
    if !sets.isEmpty {
      out += "\n## \(language.heading("Indicator sets", "指标组"))\n\n" + t("LMG with each set one player (exact).", "每组作为一个整体的 LMG（精确计算）。") + "\n\n| "
        + setHeaders(language).joined(separator: " | ") + " |\n|---|---|---:|---:|\n"
      for row in setRows { out += "| " + row.joined(separator: " | ") + " |\n" }
    }
    if let backtestLine = backtestLine(language) { out += "\n**\(language.heading("Backtest", "回测"))**\(t(": ", "："))" + backtestLine + "\n" }
    if !warnings.isEmpty {
      out += "\n## \(language.heading("Warnings", "提示"))\n\n" + warnings.map { "- \(language.text($0))\n" }.joined()
    }
    return out
  }
}

/// A table header as a Markdown cell (`|` escaped).
func markdownCell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }

extension RollingOriginBacktest {
  /// `out of sample by rolling origin over 18 month origins (…): mean ρ = 0.87, worst 0.79 (2025-06)`,
  /// or `nil` without origins.
  func summary(periodColumn: String?, language: DisplayLanguage) -> String? {
    guard let worst else { return nil }
    if language == .zh {
      var line = "滚动起点样本外检验，共 \(origins.count) 个 \(periodColumn ?? "期间") 起点（每次只用更早的期间拟合）：平均 ρ = \(String(format: "%.3f", mean))，最差 \(String(format: "%.3f", worst.spearman))（\(worst.period)）"
      if failed > 0 { line += "，\(failed) 个起点无法拟合" }
      return line
    }
    var line = "out of sample by rolling origin over \(origins.count) \(periodColumn ?? "period") origins (each fitted on the earlier periods only): mean ρ = \(String(format: "%.3f", mean)), worst \(String(format: "%.3f", worst.spearman)) (\(worst.period))"
    if failed > 0 { line += ", \(failed) origin\(failed == 1 ? "" : "s") could not be fitted" }
    return line
  }

  /// `{periodColumn, mean, worst, worstPeriod, failed, origins: [{period, trainingRows, scoredRows, spearman}]}`.
  func json(periodColumn: String?) -> JSONValue {
    .object([
      ("periodColumn", periodColumn.map { .string($0) } ?? .null), ("mean", .double(mean)),
      ("worst", worst.map { .double($0.spearman) } ?? .null), ("worstPeriod", worst.map { .string($0.period) } ?? .null),
      ("failed", .integer(failed)),
      ("origins", .array(origins.map { .object([("period", .string($0.period)), ("trainingRows", .integer($0.trainingRows)), ("scoredRows", .integer($0.scoredRows)), ("spearman", .double($0.spearman))]) })),
    ])
  }
}
