import DataSources
import Foundation
import WeightAnalysis

/// `kpi-weights score`: apply a weight config to monthly indicator data.
public struct ScoreJob: Sendable {
  /// The config and where it came from (for messages).
  public var config: WeightConfig
  public var configPath: String
  public var entityColumn: String?
  public var periodColumn: String?
  public var salaryColumn: String?
  /// A separate salaries table (loaded once by the caller).
  public var salaries: DataTable?
  public var onlyPeriod: String?

  public init(config: WeightConfig, configPath: String) {
    self.config = config
    self.configPath = configPath
  }

  /// Scores every row of the input's table; the report lists the columns the config does not use.
  public func run(on input: AnalysisInput) throws -> ScoreReport {
    var report = try run(on: input.table)
    let used = Set(config.indicators.map(\.id) + [report.entityColumn] + [report.periodColumn, salaryColumn].compactMap { $0 })
    report.notes = input.percentNotes + report.notes
    report.columns = input.columnSummary(ignored: ColumnRoles.unlisted(table: input.table, catalog: input.catalog, used: used, reason: Message(en: "not in the config", zh: "不在权重配置中")))
    return report
  }

  /// A salary cell in integer cents.
  /// - Throws: ``DataError/badAmount(_:column:value:)`` or ``DataError/amountTooLarge(_:column:value:)``.
  static func amount(_ text: String, at location: @autoclosure () -> SourceLocation, column: String) throws -> Cents {
    switch Cents.read(text) {
    case .success(let cents): return cents
    case .failure(.malformed): throw DataError.badAmount(location(), column: column, value: text)
    case .failure(.tooLarge): throw DataError.amountTooLarge(location(), column: column, value: text)
    }
  }

  /// Scores every row of `table`.
  /// - Complexity: O(rows · indicators) plus sorting the periods; a row's line is looked up in O(1).
  public func run(on table: DataTable) throws -> ScoreReport {
    let problems = config.problems()
    if !problems.isEmpty {
      throw ConfigError(file: configPath, line: nil, keyPath: "", message: problems.joined(separator: "; ") + " (run kpi-weights validate for details)")
    }
    let ids = config.indicators.map(\.id)
    let missing = ids.filter { table.columnIndex(named: $0) == nil }
    if !missing.isEmpty {
      let hints = missing.map { name in table.closestHeader(to: name).map { "\(name) (did you mean '\($0)'?)" } ?? name }
      throw DataError.configColumns(file: table.file, names: hints, config: configPath)
    }
    // Validates the indicator columns (text cells, non-finite values are errors with locations).
    _ = try table.numericColumns(ids, roles: Array(repeating: "an indicator of the config", count: ids.count), strict: false)
    let periodName = periodColumn ?? table.periodColumn().map { table.headers[$0] }
    let entityName = entityColumn ?? table.entityColumn().map { table.headers[$0] }
    guard let entityName else {
      throw DataError.unknownColumn(file: table.file, name: "entity", suggestion: nil, role: "\(Setting.entity): no id column (team, employee, *_id) found; name it")
    }
    let entityIndex = try table.requireColumn(entityName, role: "\(Setting.entity)")
    let entities = table.texts(column: entityIndex)
    let periods: [String]
    if let periodName {
      let periodIndex = try table.requireColumn(periodName, role: "\(Setting.period)")
      periods = table.texts(column: periodIndex)
      let duplicates = table.duplicateRows(entity: entityIndex, period: periodIndex)
      if let first = duplicates.first {
        throw DataError.duplicateRows(
          file: table.file, entity: table.fileHeader(entityIndex), period: table.fileHeader(periodIndex), value: "\(entities[first.first]) \(periods[first.first])",
          firstLine: table.line(ofRow: first.first), repeatLine: table.line(ofRow: first.repeat), count: duplicates.count)
      }
    } else {
      periods = Array(repeating: "all", count: table.rowCount)
    }
    var salaryOfRow = [Cents?](repeating: nil, count: table.rowCount)
    if let salaryColumn {
      let index = try table.requireColumn(salaryColumn, role: "\(Setting.salary)")
      let texts = table.texts(column: index)
      for row in 0..<table.rowCount {
        let text = texts[row]
        if text.isEmpty { continue }
        salaryOfRow[row] = try Self.amount(text, at: table.location(row: row, column: index), column: salaryColumn)
      }
    } else if let salaryTable = salaries {
      let keyIndex = try salaryTable.columnIndex(named: entityName).map { $0 } ?? salaryTable.requireColumn("entity", role: "the entity key (named '\(entityName)' or 'entity')")
      let amountIndex = try salaryTable.requireColumn("salary", role: "the salary column")
      // Per entity, or per entity × period when the salaries carry the data's period column
      // (or one named 'period'); a key given twice is an error naming both lines.
      let periodKey = periodName.flatMap { salaryTable.columnIndex(named: $0) } ?? salaryTable.columnIndex(named: "period")
      var byKey: [String: (amount: Cents, row: Int)] = [:]
      for row in 0..<salaryTable.rowCount {
        let text = salaryTable.text(row: row, column: amountIndex)
        if text.isEmpty { continue }
        let cents = try Self.amount(text, at: salaryTable.location(row: row, column: amountIndex), column: "salary")
        let key = salaryTable.text(row: row, column: keyIndex) + (periodKey.map { "\u{1F}" + salaryTable.text(row: row, column: $0) } ?? "")
        if let first = byKey[key] {
          throw DataError.duplicateRows(
            file: salaryTable.file, entity: salaryTable.fileHeader(keyIndex), period: periodKey.map { salaryTable.fileHeader($0) } ?? "(no period column)",
            value: key.replacingOccurrences(of: "\u{1F}", with: " "), firstLine: salaryTable.line(ofRow: first.row), repeatLine: salaryTable.line(ofRow: row), count: 1)
        }
        byKey[key] = (cents, row)
      }
      for row in 0..<table.rowCount { salaryOfRow[row] = byKey[entities[row] + (periodKey == nil ? "" : "\u{1F}" + periods[row])]?.amount }
    }
    // Rows that get no pay because their salary is missing (listed, never silently blank).
    var missingSalaries: [String] = []
    if salaryColumn != nil || salaries != nil {
      for row in 0..<table.rowCount where salaryOfRow[row] == nil && (onlyPeriod == nil || periods[row] == onlyPeriod) {
        missingSalaries.append("\(entities[row]) \(periods[row]) (line \(table.line(ofRow: row)))")
      }
    }
    let columns = ids.compactMap { id in table.columnIndex(named: id).map { table.columns[$0].values } }
    var inputs: [ScoreInput] = []
    inputs.reserveCapacity(table.rowCount)
    for row in 0..<table.rowCount {
      if let onlyPeriod, periods[row] != onlyPeriod { continue }
      let values = columns.map { column -> Double? in
        let v = column[row]
        return v.isNaN ? nil : v
      }
      inputs.append(ScoreInput(entity: entities[row], period: periods[row], values: values, salary: salaryOfRow[row], line: table.line(ofRow: row)))
    }
    if let onlyPeriod, inputs.isEmpty {
      throw DataError.unknownColumn(file: table.file, name: onlyPeriod, suggestion: nil, role: "\(Setting.onlyPeriod): no rows have this \(periodName ?? "period")")
    }
    let result = Scoring.run(config: config, inputs: inputs)
    if let overflow = result.summary.first(where: \.payOverflow) { throw DataError.paySumTooLarge(file: table.file, period: overflow.period) }
    let points = config.indicators.indices.map { j in result.rows.map { $0.points[j] } }
    let notes = Scoring.flatRuleWarnings(indicators: ids, rules: config.indicators.map(\.scoring), points: points)
    var report = ScoreReport(config: config, result: result, dataFile: table.file, entityColumn: entityName, periodColumn: periodName, hasSalary: salaryColumn != nil || salaries != nil)
    report.missingSalaries = missingSalaries
    report.notes = notes
    return report
  }
}

