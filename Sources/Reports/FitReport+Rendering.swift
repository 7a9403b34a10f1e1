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
      }, scoreName: method.scoreName, catalog: catalog)
  }

  var bootstrapDescription: String? {
    guard let bootstrap else { return nil }
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
      ("methodReason", methodReason.map { .string($0) } ?? .null),
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

  func summaryLines() -> [(String, String, String, String)] {
    switch model {
    case .linear(let fit):
      // Under a robust covariance this is the Wald F, with the covariance's denominator df.
      let denominator = fit.covariance.map { $0.waldDenominatorDegreesOfFreedom } ?? Double(fit.residualDegreesOfFreedom)
      let df = "\(fit.covariance == nil ? "F" : "Wald F")(\(fit.modelDegreesOfFreedom), \(Int(denominator)))"
      var lines = [
        ("R²", Format4.fixed(fit.rSquared), "Adj. R²", Format4.fixed(fit.adjustedRSquared)),
        (df, Format4.general(fit.fStatistic), "Prob (F)", Format4.pValue(fit.fPValue)),
        ("Residual std. error", Format4.general(fit.residualStandardError), "Log-likelihood", Format4.general(fit.logLikelihood)),
        ("AIC", Format4.general(fit.aic), "BIC", Format4.general(fit.bic)),
        ("Condition number", Format4.general(fit.conditionNumber), "standardised", Format4.general(fit.standardizedConditionNumber)),
      ]
      if let effects = fit.fixedEffects { lines.insert(("Within R²", Format4.fixed(effects.withinRSquared), "Absorbed", "\(effects.absorbedParameters)"), at: 1) }
      return lines
    case .logistic(let fit):
      return [
        ("Pseudo R² (McFadden)", Format4.fixed(fit.pseudoRSquared), "Events (1s)", "\(fit.events) of \(fit.observationCount)"),
        ("Log-likelihood", Format4.general(fit.logLikelihood), "LL-null", Format4.general(fit.nullLogLikelihood)),
        ("Deviance", Format4.general(fit.deviance), "Null deviance", Format4.general(fit.nullDeviance)),
        ("LR χ²(\(fit.modelDegreesOfFreedom))", Format4.general(fit.likelihoodRatio), "Prob (LR)", Format4.pValue(fit.likelihoodRatioPValue)),
        ("AIC", Format4.general(fit.aic), "BIC", Format4.general(fit.bic)),
        ("IRLS iterations", "\(fit.iterations)", "", ""),
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

  var title: String { isLogistic ? "Logistic fit · 逻辑回归拟合" : "OLS fit · 回归拟合" }

  /// In-sample ρ and the rolling-origin summary, or `nil` (logistic fits).
  var backtestLine: String? {
    guard let inSample = inSampleSpearman else { return nil }
    var line = "in sample Spearman ρ(score, better outcome) = \(String(format: "%.3f", inSample))"
    if let rolling = rollingOrigin?.summary(periodColumn: periodColumn) { line += "; " + rolling }
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
  var specificationLines: [String] {
    var lines: [String] = []
    let unit = periodUnit.map { $0 == .month ? "month" : ($0 == .quarter ? "quarter" : "period") } ?? "period"
    if let k = leadOutcome {
      let (zh, en) = FitJob.shiftLabels(-k, unit: periodUnit ?? .rank)
      lines.append("Outcome · 结果: \(outcome) \(zh) \(en), within each entity: each row's indicators explain the outcome \(k == 1 ? "one \(unit)" : "\(k) \(unit)s") later")
    }
    if !lags.isEmpty {
      lines.append("Lags · 滞后: " + lags.map { "\($0.column) = \($0.indicator) \($0.periods == 1 ? "one \(unit)" : "\($0.periods) \(unit)s") earlier" }.joined(separator: "; ") + " (within each entity; a gap in the periods is missing, never bridged)")
    }
    if case .linear(let fit) = model {
      if let effects = fit.fixedEffects {
        let dims = effects.dimensions.map { "\($0.name) (\($0.levels) levels)" }.joined(separator: " + ")
        lines.append(
          "Fixed effects · 固定效应: \(dims), \(effects.absorbedParameters) parameters absorbed by the within transformation\(effects.sweeps > 1 ? " (\(effects.sweeps) sweeps of alternating projections)" : ""); within R² = \(Format4.fixed(effects.withinRSquared)), weights share out the within R² (the fixed effects in every submodel)")
      }
      if let weightsColumn {
        lines.append("Observation weights · 观测权重: \(weightsColumn) (weighted least squares\(fit.weightTotal.map { ", Σw = \(Format4.general($0))" } ?? ""))")
      }
    }
    return lines
  }

  /// Average marginal effects of a logistic fit as table rows, in percentage points, with the
  /// sentence a manager reads: `+1 小时平均响应时间 → 流失概率 +1.36 个百分点 (+1 h → P(churned) +1.36 pp)`.
  var marginalEffectRows: [[String]]? {
    guard case .logistic(let fit) = model, !fit.marginalEffects.isEmpty else { return nil }
    // "是否流失" → "流失概率"; the English names the outcome column: P(churned).
    let zhLabel = catalog[outcome]?.chineseLabel ?? ""
    let outcomeZh = zhLabel.isEmpty ? outcome : (zhLabel.hasPrefix("是否") ? String(zhLabel.dropFirst(2)) : zhLabel)
    return fit.marginalEffects.map { m in
      let unit = catalog[m.indicator]?.unit ?? ""
      let (zhUnit, enUnit): (String, String) = unit == "%" ? ("个百分点", "pp") : (unit == "h" ? ("小时", "h") : (unit == "CNY" ? ("元", "CNY") : (unit, unit)))
      let pp = String(format: "%+.2f", 100 * m.effect)
      let phrase = "+1 \(zhUnit)\(chineseLabel(m.indicator)) → \(outcomeZh)概率 \(pp) 个百分点 (+1 \(enUnit) → P(\(outcome)) \(pp) pp)"
      return [m.indicator, chineseLabel(m.indicator), String(format: "%.3f", 100 * m.effect), String(format: "%.3f", 100 * m.standardError), Format4.pValue(m.pValue), phrase]
    }
  }

  /// `--method dominance (the default for a 0/1 outcome: …)`.
  var methodLabel: String { "\(Setting.method) \(method.rawValue)" + (methodReason.map { ", \($0)" } ?? "") }

  /// The dominance designations as a matrix: row a against column b is `C` when a completely
  /// dominates b, `c` conditionally, `g` generally, `·` not (`—` the diagonal).
  var dominanceLines: [String]? {
    guard let d = dominance else { return nil }
    let p = d.indicators.count
    var lines = ["(\(d.statistic.label) over all \(d.subsetValues.count - 1) submodels; row dominates column: C complete, c conditional, g general, · not)"]
    var table = TextTable(headers: ["", "indicator"] + (1...max(1, p)).map(String.init), alignments: [.right, .left] + Array(repeating: .right, count: p))
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
    if d.separatedSubmodels > 0 { lines.append("\(d.separatedSubmodels) submodels separated the outcome (see the warnings).") }
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
  var droppedDescription: String {
    let missing = droppedRows - lagDroppedRows - zeroWeightRows
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
  var covarianceLine: String {
    switch model {
    case .linear(let fit): return "Standard errors · 标准误: " + (fit.covariance?.summary() ?? "iid (classical)")
    case .logistic(let fit): return "Standard errors · 标准误: " + (fit.covariance?.summary(zTests: true) ?? "inverse information matrix (z tests)")
    }
  }

  var modelLine: String {
    switch model {
    case .linear(let fit):
      return "Model: \(fit.hasIntercept ? "intercept + " : "no intercept, ")\(fit.indicators.count) indicators, \(fit.observationCount) observations"
    case .logistic(let fit):
      return "Model: logistic regression (outcome 0/1), \(fit.hasIntercept ? "intercept + " : "no intercept, ")\(fit.indicators.count) indicators, \(fit.observationCount) observations"
    }
  }

  public func renderTable(color: Bool, language: DisplayLanguage = .both) -> String {
    let bold: (String) -> String = color ? { "\u{1B}[1m\($0)\u{1B}[0m" } : { $0 }
    let yellow: (String) -> String = color ? { "\u{1B}[33m\($0)\u{1B}[0m" } : { $0 }
    var out = ""
    let outcomeLabel = label(outcome)
    out += bold(title) + ": \(outcome)\(outcomeLabel.isEmpty ? "" : " (\(outcomeLabel))"), \(outcomeDirection.rawValue) is better\n"
    out += "Data: \(dataFile) (\(encoding)); \(rowsRead) rows read, \(observationCount) used, \(droppedDescription)\n"
    for line in ColumnNotes.lines(columnSummary) { out += line + "\n" }
    out += modelLine + "\n"
    for line in specificationLines { out += line + "\n" }
    out += covarianceLine + "\n"
    out += "\n"
    var summary = TextTable(headers: ["Statistic", "Value", "Statistic", "Value"], alignments: [.left, .right, .left, .right])
    for line in summaryLines() { summary.append([line.0, line.1, line.2, line.3]) }
    out += summary.render(styleHeader: bold) + "\n"

    var headers = ["term", "指标", "estimate", "std. error", statisticName, "P>|\(statisticName)|", "[0.025", "0.975]"]
    var alignments: [TextTable.Alignment] = [.left, .left, .right, .right, .right, .right, .right, .right]
    if !isLogistic {
      headers.append("VIF")
      alignments.append(.right)
    }
    var coefficientTable = TextTable(headers: headers, alignments: alignments)
    for (c, cells) in zip(coefficients, coefficientCells) { coefficientTable.append([c.term, chineseLabel(c.term)] + cells) }
    out += bold(language.heading("Coefficients", "系数")) + "\n" + coefficientTable.render(styleHeader: bold) + "\n"
    out += bold(language.heading("Weights", "权重")) + " (\(methodLabel): \(method.summary))\n"
    if let description = bootstrapDescription { out += description + "\n" }
    out += weightsTable.renderTable(styleHeader: bold)
    if let dominanceLines { out += "\n" + bold(language.heading("Dominance", "优势分析")) + " " + dominanceLines.joined(separator: "\n") + "\n" }
    if let marginal = marginalEffectRows {
      var table = TextTable(headers: ["indicator", "指标", "dP/dx (pp)", "std. error", "P>|z|", "per unit · 每单位"], alignments: [.left, .left, .right, .right, .right, .left])
      for row in marginal { table.append(row) }
      out += "\n" + bold(language.heading("Marginal effects", "边际效应")) + " (average over the rows; delta-method standard errors)\n" + table.render(styleHeader: bold)
    }
    if !sets.isEmpty {
      var table = TextTable(headers: ["set", "indicators", "R² share", "% of explained"], alignments: [.left, .left, .right, .right])
      for row in setRows { table.append(row) }
      out += "\n" + bold(language.heading("Indicator sets", "指标组")) + " (LMG with each set one player, exact)\n" + table.render(styleHeader: bold)
    }
    if let backtestLine { out += "\n" + bold(language.heading("Backtest", "回测")) + ": " + backtestLine + "\n" }
    if !warnings.isEmpty {
      out += "\n" + bold(language.heading("Warnings", "提示")) + "\n"
      for warning in warnings { out += yellow("  • " + language.text(warning)) + "\n" }
    }
    return out
  }

  // MARK: Markdown

  public func renderMarkdown(language: DisplayLanguage = .both) -> String {
    var out = "# \(title): `\(outcome)`\n\n"
    out += "Data: `\(dataFile)` (\(encoding)); \(rowsRead) rows read, \(observationCount) used, \(droppedDescription).\n\n"
    for line in ColumnNotes.lines(columnSummary) { out += line + "\n\n" }
    out += modelLine + ".\n\n"
    for line in specificationLines { out += line + "\n\n" }
    out += covarianceLine + "\n\n"
    out += "| statistic | value | statistic | value |\n|---|---:|---|---:|\n"
    for line in summaryLines() { out += "| \(line.0) | \(line.1) | \(line.2) | \(line.3) |\n" }
    let s = statisticName
    out += "\n## \(language.heading("Coefficients", "系数"))\n\n| term | 指标 | estimate | std. error | \(s) | P>\\|\(s)\\| | [0.025 | 0.975] |\(isLogistic ? "" : " VIF |")\n"
    out += "|---|---|---:|---:|---:|---:|---:|---:|\(isLogistic ? "" : "---:|")\n"
    for (c, cells) in zip(coefficients, coefficientCells) { out += "| \(c.term) | \(chineseLabel(c.term)) | " + cells.joined(separator: " | ") + " |\n" }
    out += "\n## \(language.heading("Weights", "权重"))\n\n`\(Setting.method) \(method.rawValue)`\(methodReason.map { " (\($0))" } ?? ""): \(method.summary).\n"
    if let description = bootstrapDescription { out += description + ".\n" }
    out += "\n" + weightsTable.renderMarkdown()
    if let dominanceLines { out += "\n## \(language.heading("Dominance", "优势分析"))\n\n```\n" + dominanceLines.joined(separator: "\n") + "\n```\n" }
    if let marginal = marginalEffectRows {
      out += "\n## \(language.heading("Marginal effects", "边际效应"))\n\nAverage over the rows; delta-method standard errors.\n\n| indicator | 指标 | dP/dx (pp) | std. error | P>\\|z\\| | per unit · 每单位 |\n|---|---|---:|---:|---:|---|\n"
      for row in marginal { out += "| " + row.joined(separator: " | ") + " |\n" }
    }
    if !sets.isEmpty {
      out += "\n## \(language.heading("Indicator sets", "指标组"))\n\nLMG with each set one player (exact).\n\n| set | indicators | R² share | % of explained |\n|---|---|---:|---:|\n"
      for row in setRows { out += "| " + row.joined(separator: " | ") + " |\n" }
    }
    if let backtestLine { out += "\n**Backtest · 回测**: " + backtestLine + "\n" }
    if !warnings.isEmpty {
      out += "\n## \(language.heading("Warnings", "提示"))\n\n" + warnings.map { "- \(language.text($0))\n" }.joined()
    }
    return out
  }
}

extension RollingOriginBacktest {
  /// `out of sample by rolling origin over 18 month origins (…): mean ρ = 0.87, worst 0.79 (2025-06)`,
  /// or `nil` without origins.
  func summary(periodColumn: String?) -> String? {
    guard let worst else { return nil }
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
