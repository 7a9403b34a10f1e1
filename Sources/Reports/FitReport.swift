import Foundation
import WeightAnalysis

/// Everything `kpi-weights fit` shows, ready to render in any format.
public struct FitReport: Sendable {
  public let dataFile: String
  public let encoding: String
  public let rowsRead: Int
  public let droppedRows: Int
  public let fit: RegressionFit
  public let weights: [IndicatorWeight]
  public let warnings: [String]
  public let catalog: IndicatorCatalog
  public let outcomeDirection: Direction

  public init(
    dataFile: String, encoding: String, rowsRead: Int, droppedRows: Int, fit: RegressionFit, weights: [IndicatorWeight],
    warnings: [String], catalog: IndicatorCatalog, outcomeDirection: Direction
  ) {
    self.dataFile = dataFile
    self.encoding = encoding
    self.rowsRead = rowsRead
    self.droppedRows = droppedRows
    self.fit = fit
    self.weights = weights
    self.warnings = warnings
    self.catalog = catalog
    self.outcomeDirection = outcomeDirection
  }

  /// Output formats of `fit`.
  public enum Format: String, Sendable, CaseIterable {
    case table, json, csv, markdown
  }

  public func render(_ format: Format, color: Bool = false) -> String {
    switch format {
    case .table: return renderTable(color: color)
    case .json: return renderJSON()
    case .csv: return renderCSV()
    case .markdown: return renderMarkdown()
    }
  }

  func label(_ id: String) -> String {
    guard let info = catalog[id] else { return "" }
    return [info.chineseLabel, info.englishLabel].filter { !$0.isEmpty && $0 != id }.joined(separator: " ")
  }

  func chineseLabel(_ id: String) -> String { catalog[id]?.chineseLabel ?? "" }

  // MARK: JSON (stable contract, see README)

  public func jsonValue() -> JSONValue {
    let coefficients: [JSONValue] = fit.coefficients.map { c in
      .object([
        ("term", .string(c.term)), ("estimate", .double(c.estimate)), ("stdError", .double(c.standardError)),
        ("t", .double(c.tStatistic)), ("p", .double(c.pValue)), ("ciLow", .double(c.confidenceLow)),
        ("ciHigh", .double(c.confidenceHigh)), ("vif", .double(c.varianceInflation)),
      ])
    }
    let weightValues: [JSONValue] = weights.map { w in
      .object([
        ("indicator", .string(w.indicator)), ("weight", .double(w.weight)),
        ("standardizedCoefficient", .double(w.standardizedCoefficient)), ("direction", .string(w.direction.rawValue)),
        ("directionInferred", .bool(w.directionInferred)),
      ])
    }
    return .object([
      ("n", .integer(fit.observationCount)),
      ("outcome", .string(fit.outcome)),
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
      ("droppedRows", .integer(droppedRows)),
      ("warnings", .array(warnings.map { .string($0) })),
      ("coefficients", .array(coefficients)),
      ("weights", .array(weightValues)),
    ])
  }

  public func renderJSON() -> String { jsonValue().serialized() }

  // MARK: CSV

  /// One row per term: the coefficient table joined with the weights.
  public func renderCSV() -> String {
    var out = "term,label,estimate,stdError,t,p,ciLow,ciHigh,vif,standardizedCoefficient,weight\n"
    for c in fit.coefficients {
      let w = weights.first { $0.indicator == c.term }
      let cells = [
        csvField(c.term), csvField(chineseLabel(c.term)), number(c.estimate), number(c.standardError), number(c.tStatistic),
        number(c.pValue), number(c.confidenceLow), number(c.confidenceHigh), number(c.varianceInflation),
        number(w?.standardizedCoefficient), number(w?.weight),
      ]
      out += cells.joined(separator: ",") + "\n"
    }
    return out
  }

  func number(_ value: Double?) -> String {
    guard let value, value.isFinite else { return "" }
    return "\(value)"
  }

  func csvField(_ text: String) -> String {
    if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
      return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return text
  }

  // MARK: Table

  func summaryLines() -> [(String, String, String, String)] {
    let df = "F(\(fit.modelDegreesOfFreedom), \(fit.residualDegreesOfFreedom))"
    return [
      ("R²", Format4.fixed(fit.rSquared), "Adj. R²", Format4.fixed(fit.adjustedRSquared)),
      (df, Format4.general(fit.fStatistic), "Prob (F)", Format4.pValue(fit.fPValue)),
      ("Residual std. error", Format4.general(fit.residualStandardError), "Log-likelihood", Format4.general(fit.logLikelihood)),
      ("AIC", Format4.general(fit.aic), "BIC", Format4.general(fit.bic)),
      ("Condition number", Format4.general(fit.conditionNumber), "standardised", Format4.general(fit.standardizedConditionNumber)),
    ]
  }

  public func renderTable(color: Bool) -> String {
    let bold: (String) -> String = color ? { "\u{1B}[1m\($0)\u{1B}[0m" } : { $0 }
    let yellow: (String) -> String = color ? { "\u{1B}[33m\($0)\u{1B}[0m" } : { $0 }
    var out = ""
    let outcomeLabel = label(fit.outcome)
    out += bold("OLS fit · 回归拟合") + ": \(fit.outcome)\(outcomeLabel.isEmpty ? "" : " (\(outcomeLabel))"), \(outcomeDirection.rawValue) is better\n"
    out += "Data: \(dataFile) (\(encoding)); \(rowsRead) rows read, \(fit.observationCount) used, \(droppedRows) dropped for missing values\n"
    out += "Model: \(fit.hasIntercept ? "intercept + " : "no intercept, ")\(fit.indicators.count) indicators, \(fit.observationCount) observations\n\n"
    var summary = TextTable(headers: ["Statistic", "Value", "Statistic", "Value"], alignments: [.left, .right, .left, .right])
    for line in summaryLines() { summary.append([line.0, line.1, line.2, line.3]) }
    out += summary.render(styleHeader: bold) + "\n"

    var coefficients = TextTable(
      headers: ["term", "指标", "estimate", "std. error", "t", "P>|t|", "[0.025", "0.975]", "VIF"],
      alignments: [.left, .left, .right, .right, .right, .right, .right, .right, .right])
    for c in fit.coefficients {
      coefficients.append([
        c.term, chineseLabel(c.term), Format4.general(c.estimate), Format4.general(c.standardError), Format4.fixed(c.tStatistic, digits: 3),
        Format4.pValue(c.pValue), Format4.general(c.confidenceLow), Format4.general(c.confidenceHigh),
        c.varianceInflation.map { Format4.fixed($0, digits: 2) } ?? "",
      ])
    }
    out += bold("Coefficients · 系数") + "\n" + coefficients.render(styleHeader: bold) + "\n"

    var weightTable = TextTable(
      headers: ["indicator", "指标", "better", "std. coef", "weight", ""], alignments: [.left, .left, .left, .right, .right, .left])
    let ordered = weights.enumerated().sorted { ($0.element.weight, -$0.offset) > ($1.element.weight, -$1.offset) }.map(\.element)
    for w in ordered {
      let bar = String(repeating: "█", count: Int((w.weight * 40).rounded()))
      weightTable.append([
        w.indicator, chineseLabel(w.indicator), w.direction.rawValue + (w.directionInferred ? "?" : ""),
        Format4.fixed(w.standardizedCoefficient, digits: 4), String(format: "%.1f%%", w.weight * 100), bar,
      ])
    }
    out += bold("Weights · 权重") + " (share of importance: |standardised coefficient| of indicators whose effect has the expected sign)\n"
    out += weightTable.render(styleHeader: bold)
    if !warnings.isEmpty {
      out += "\n" + bold("Warnings · 提示") + "\n"
      for warning in warnings { out += yellow("  • " + warning) + "\n" }
    }
    return out
  }

  // MARK: Markdown

  public func renderMarkdown() -> String {
    var out = "# OLS fit · 回归拟合: `\(fit.outcome)`\n\n"
    out += "Data: `\(dataFile)` (\(encoding)); \(rowsRead) rows read, \(fit.observationCount) used, \(droppedRows) dropped for missing values.\n\n"
    out += "| statistic | value | statistic | value |\n|---|---:|---|---:|\n"
    for line in summaryLines() { out += "| \(line.0) | \(line.1) | \(line.2) | \(line.3) |\n" }
    out += "\n## Coefficients · 系数\n\n| term | 指标 | estimate | std. error | t | P>\\|t\\| | [0.025 | 0.975] | VIF |\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n"
    for c in fit.coefficients {
      out += "| \(c.term) | \(chineseLabel(c.term)) | \(Format4.general(c.estimate)) | \(Format4.general(c.standardError)) | \(Format4.fixed(c.tStatistic, digits: 3)) | \(Format4.pValue(c.pValue)) | \(Format4.general(c.confidenceLow)) | \(Format4.general(c.confidenceHigh)) | \(c.varianceInflation.map { Format4.fixed($0, digits: 2) } ?? "") |\n"
    }
    out += "\n## Weights · 权重\n\n| indicator | 指标 | better | std. coef | weight |\n|---|---|---|---:|---:|\n"
    for w in weights {
      out += "| \(w.indicator) | \(chineseLabel(w.indicator)) | \(w.direction.rawValue)\(w.directionInferred ? " (inferred)" : "") | \(Format4.fixed(w.standardizedCoefficient, digits: 4)) | \(String(format: "%.1f%%", w.weight * 100)) |\n"
    }
    if !warnings.isEmpty {
      out += "\n## Warnings · 提示\n\n" + warnings.map { "- \($0)\n" }.joined()
    }
    return out
  }
}

/// Number formatting for people (machine formats use shortest round-trip instead).
enum Format4 {
  static func general(_ value: Double) -> String {
    guard value.isFinite else { return value.isNaN ? "—" : (value > 0 ? "inf" : "-inf") }
    let magnitude = abs(value)
    if magnitude != 0 && (magnitude < 1e-3 || magnitude >= 1e7) { return compactExponent(String(format: "%.4e", value)) }
    return String(format: "%.6g", value)
  }

  static func fixed(_ value: Double, digits: Int = 4) -> String {
    guard value.isFinite else { return value.isNaN ? "—" : (value > 0 ? "inf" : "-inf") }
    if abs(value) >= 1e7 { return general(value) }
    return String(format: "%.\(digits)f", value)
  }

  static func pValue(_ p: Double) -> String {
    guard p.isFinite else { return "—" }
    if p < 1e-300 { return "<1e-300" }
    if p < 1e-4 { return compactExponent(String(format: "%.2e", p)) }
    return String(format: "%.4f", p)
  }

  static func compactExponent(_ text: String) -> String {
    text.replacingOccurrences(of: "e-0", with: "e-").replacingOccurrences(of: "e+0", with: "e+")
  }
}
