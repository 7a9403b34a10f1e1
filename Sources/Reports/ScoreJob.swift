import DataSources
import Foundation
import WeightAnalysis

/// `kpi-weights score`: apply an exported weight config to monthly indicator data.
public struct ScoreJob: Sendable {
  public var configPath: String
  public var dataPath: String
  public var entityColumn: String?
  public var periodColumn: String?
  public var salaryColumn: String?
  public var salariesPath: String?
  public var onlyPeriod: String?

  public init(configPath: String, dataPath: String) {
    self.configPath = configPath
    self.dataPath = dataPath
  }

  static let periodNames = ["month", "period", "date", "quarter", "week", "year", "月份", "日期", "期间"]

  public func run() throws -> ScoreReport {
    let config = try WeightConfigFile.load(path: configPath)
    let problems = config.problems()
    if !problems.isEmpty {
      throw ConfigError(file: configPath, line: nil, keyPath: "", message: problems.joined(separator: "; ") + " (run kpi-weights validate for details)")
    }
    let table = try CSVReader.read(path: dataPath)
    let ids = config.indicators.map(\.id)
    let missing = ids.filter { table.columnIndex(named: $0) == nil }
    if !missing.isEmpty {
      let hints = missing.map { name in table.closestHeader(to: name).map { "\(name) (did you mean '\($0)'?)" } ?? name }
      throw DataError.configColumns(file: table.file, names: hints, config: configPath)
    }
    // Validates the indicator columns (text cells, non-finite values are errors with locations).
    _ = try table.numericColumns(ids, roles: Array(repeating: "an indicator of the config", count: ids.count), strict: false)
    let periodName = periodColumn ?? table.headers.first { Self.periodNames.contains($0.lowercased()) }
    let entityName = entityColumn ?? table.headers.first { DataTable.isIdentifierName($0) && !Self.periodNames.contains($0.lowercased()) }
    guard let entityName else {
      throw DataError.unknownColumn(file: table.file, name: "entity", suggestion: nil, role: "--entity: no id column (team, employee, *_id) found; name it")
    }
    let entityIndex = try table.requireColumn(entityName, role: "--entity")
    let entities = table.texts(column: entityIndex)
    let periods: [String]
    if let periodName {
      periods = table.texts(column: try table.requireColumn(periodName, role: "--period"))
    } else {
      periods = Array(repeating: "all", count: table.rowCount)
    }
    var salaries = [Cents?](repeating: nil, count: table.rowCount)
    if let salaryColumn {
      let index = try table.requireColumn(salaryColumn, role: "--salary")
      for row in 0..<table.rowCount {
        let text = table.text(row: row, column: index)
        if text.isEmpty { continue }
        guard let cents = Cents.parse(text) else { throw DataError.badAmount(table.location(row: row, column: index), column: salaryColumn, value: text) }
        salaries[row] = cents
      }
    } else if let salariesPath {
      let salaryTable = try CSVReader.read(path: salariesPath)
      let keyIndex = try salaryTable.columnIndex(named: entityName).map { $0 } ?? salaryTable.requireColumn("entity", role: "the entity key (named '\(entityName)' or 'entity')")
      let amountIndex = try salaryTable.requireColumn("salary", role: "the salary column")
      var byEntity: [String: Cents] = [:]
      for row in 0..<salaryTable.rowCount {
        let text = salaryTable.text(row: row, column: amountIndex)
        guard let cents = Cents.parse(text) else { throw DataError.badAmount(salaryTable.location(row: row, column: amountIndex), column: "salary", value: text) }
        byEntity[salaryTable.text(row: row, column: keyIndex)] = cents
      }
      for row in 0..<table.rowCount { salaries[row] = byEntity[entities[row]] }
    }
    let columnIndices = ids.map { table.columnIndex(named: $0)! }
    var inputs: [ScoreInput] = []
    for row in 0..<table.rowCount {
      if let onlyPeriod, periods[row] != onlyPeriod { continue }
      let values = columnIndices.map { index -> Double? in
        let v = table.columns[index].values[row]
        return v.isNaN ? nil : v
      }
      inputs.append(ScoreInput(entity: entities[row], period: periods[row], values: values, salary: salaries[row], line: table.location(row: row, column: 0).line))
    }
    if let onlyPeriod, inputs.isEmpty {
      throw DataError.unknownColumn(file: table.file, name: onlyPeriod, suggestion: nil, role: "--only-period: no rows have this \(periodName ?? "period")")
    }
    let result = Scoring.run(config: config, inputs: inputs)
    return ScoreReport(config: config, result: result, dataFile: table.file, entityColumn: entityName, periodColumn: periodName, hasSalary: salaryColumn != nil || salariesPath != nil)
  }
}

/// What `score` prints.
public struct ScoreReport: Sendable, RenderedReport {
  public let config: WeightConfig
  public let result: ScoringResult
  public let dataFile: String
  public let entityColumn: String
  public let periodColumn: String?
  public let hasSalary: Bool


  func money(_ cents: Cents?) -> JSONValue { cents.map { .number($0.amount) } ?? .null }

  public func jsonValue() -> JSONValue {
    let ids = config.indicators.map(\.id)
    let rows: [JSONValue] = result.rows.map { r in
      var fields: [(String, JSONValue)] = [
        ("entity", .string(r.entity)), ("period", .string(r.period)), ("score", .number(r.score)),
        ("points", .object(zip(ids, r.points).map { ($0, .number($1)) })),
      ]
      if hasSalary {
        fields += [("basePay", money(r.basePay)), ("performancePay", money(r.performancePay)), ("totalPay", money(r.totalPay))]
      }
      return .object(fields)
    }
    let summary: [JSONValue] = result.summary.map { s in
      .object([
        ("period", .string(s.period)), ("scored", .integer(s.scored)), ("skipped", .integer(s.skipped)), ("mean", .double(s.mean)),
        ("min", .double(s.minimum)), ("p10", .double(s.p10)), ("median", .double(s.median)), ("p90", .double(s.p90)), ("max", .double(s.maximum)),
        ("belowThreshold", .integer(s.belowThreshold)), ("totalPerformancePay", money(s.totalPerformancePay)),
      ])
    }
    return .object([
      ("config", .string(config.provenance.preset)), ("entity", .string(entityColumn)), ("period", periodColumn.map { .string($0) } ?? .null),
      ("payPolicy", .object([("baseShare", .number(config.payPolicy.baseShare)), ("performanceShare", .number(config.payPolicy.performanceShare))])),
      ("rows", .array(rows)),
      ("summary", .array(summary)),
      ("warnings", .array(result.warnings.map { .object([("entity", .string($0.entity)), ("periods", .array($0.periods.map { .string($0) })), ("reason", .string($0.reason))]) })),
      ("skipped", .array(result.skipped.map { .object([("entity", .string($0.entity)), ("period", .string($0.period)), ("reason", .string($0.reason))]) })),
    ])
  }

  public func renderCSV() -> String {
    let ids = config.indicators.map(\.id)
    var out = (["entity", "period", "score"] + ids.map { "points_\($0)" } + (hasSalary ? ["basePay", "performancePay", "totalPay"] : [])).joined(separator: ",") + "\n"
    for r in result.rows {
      var cells = [csvField(r.entity), csvField(r.period), String(format: "%.2f", r.score)] + r.points.map { plainNumber($0) }
      if hasSalary { cells += [r.basePay?.description ?? "", r.performancePay?.description ?? "", r.totalPay?.description ?? ""] }
      out += cells.joined(separator: ",") + "\n"
    }
    return out
  }

  var header: [String] {
    [entityColumn, periodColumn ?? "period", "score"] + config.indicators.map { String($0.id.prefix(12)) } + (hasSalary ? ["perf. pay", "total pay"] : [])
  }

  func cells(_ r: ScoredRow) -> [String] {
    [r.entity, r.period, String(format: "%.2f", r.score)] + r.points.map { String(format: "%.1f", $0) }
      + (hasSalary ? [r.performancePay?.description ?? "", r.totalPay?.description ?? ""] : [])
  }

  var intro: String {
    let weights = config.indicators.map { "\($0.id) \(Recommendation.percent($0.weight))" }.joined(separator: ", ")
    return "Config: preset \(config.provenance.preset), \(config.indicators.count) indicators (\(weights)); pay \(Recommendation.percent(config.payPolicy.baseShare)) base + \(Recommendation.percent(config.payPolicy.performanceShare)) × score/10."
  }

  public func renderTable(color: Bool) -> String {
    let bold: (String) -> String = color ? { "\u{1B}[1m\($0)\u{1B}[0m" } : { $0 }
    var out = bold("Scores · 绩效得分") + "\n" + intro + "\n\n"
    var table = TextTable(headers: header, alignments: [.left, .left] + Array(repeating: .right, count: header.count - 2))
    for r in result.rows { table.append(cells(r)) }
    out += table.render(styleHeader: bold)
    out += "\n" + bold("Summary by period · 按期汇总") + "\n"
    var summary = TextTable(
      headers: ["period", "scored", "skipped", "mean", "p10", "median", "p90", "< \(Int(config.payPolicy.warningThreshold))", "performance pay"],
      alignments: [.left] + Array(repeating: .right, count: 8))
    for s in result.summary {
      summary.append([s.period, "\(s.scored)", "\(s.skipped)", String(format: "%.2f", s.mean), String(format: "%.2f", s.p10), String(format: "%.2f", s.median), String(format: "%.2f", s.p90), "\(s.belowThreshold)", s.totalPerformancePay?.description ?? ""])
    }
    out += summary.render(styleHeader: bold)
    if !result.warnings.isEmpty {
      out += "\n" + bold("Warnings · 预警") + "\n" + result.warnings.map { "  • \($0.entity) (\($0.periods.joined(separator: ", "))): \($0.reason)\n" }.joined()
    }
    if !result.skipped.isEmpty {
      out += "\n" + bold("Skipped · 未评分") + "\n" + result.skipped.map { "  • \($0.entity) \($0.period): \($0.reason)\n" }.joined()
    }
    return out
  }

  public func renderMarkdown() -> String {
    var out = "# Scores · 绩效得分\n\n\(intro)\n\n| " + header.joined(separator: " | ") + " |\n|" + header.map { _ in "---|" }.joined() + "\n"
    for r in result.rows { out += "| " + cells(r).joined(separator: " | ") + " |\n" }
    out += "\n## Summary by period · 按期汇总\n\n| period | scored | skipped | mean | p10 | median | p90 | below threshold | performance pay |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    for s in result.summary {
      out += "| \(s.period) | \(s.scored) | \(s.skipped) | \(String(format: "%.2f", s.mean)) | \(String(format: "%.2f", s.p10)) | \(String(format: "%.2f", s.median)) | \(String(format: "%.2f", s.p90)) | \(s.belowThreshold) | \(s.totalPerformancePay?.description ?? "") |\n"
    }
    if !result.warnings.isEmpty {
      out += "\n## Warnings · 预警\n\n" + result.warnings.map { "- \($0.entity) (\($0.periods.joined(separator: ", "))): \($0.reason)\n" }.joined()
    }
    return out
  }
}
