import Foundation

/// The calendar of a history's periods, for lags and leads: each period label's step on a line
/// on which consecutive periods are one apart, so a missing month is a gap and not a neighbour.
///
/// The step is, when every label reads so: the integer itself (`2023`, `7`); `year·12 + month`
/// for months (`2023-01`, `2023/1`, `2023-01-01`, `2023年1月`); `year·4 + quarter` for quarters
/// (`2023-Q1`, `2023Q1`). Any other labels are ranked in natural order
/// (``Scoring/periodOrder(_:_:)``), so only the periods present count as consecutive.
public struct PeriodCalendar: Sendable, Equatable {
  public enum Unit: String, Sendable {
    case month, quarter, number, rank
  }

  public let unit: Unit
  /// Step of each distinct label.
  public let steps: [String: Int]

  public init(labels: some Sequence<String>) {
    let distinct = Array(Set(labels))
    if let steps = Self.read(distinct, Self.integer) {
      (unit, self.steps) = (.number, steps)
    } else if let steps = Self.read(distinct, Self.month) {
      (unit, self.steps) = (.month, steps)
    } else if let steps = Self.read(distinct, Self.quarter) {
      (unit, self.steps) = (.quarter, steps)
    } else {
      (unit, steps) = (.rank, Scoring.naturalRanks(Set(distinct)))
    }
  }

  static func read(_ labels: [String], _ parse: (String) -> Int?) -> [String: Int]? {
    var steps: [String: Int] = [:]
    for label in labels {
      guard let step = parse(label) else { return nil }
      steps[label] = step
    }
    return steps
  }

  /// Digit runs of a label (at most `limit`), `nil` if it has other characters than digits and
  /// the separators given.
  static func numbers(_ label: String, separators: Set<Character>, limit: Int) -> [Int]? {
    var numbers: [Int] = []
    var current = ""
    for character in label.trimmingCharacters(in: .whitespaces) {
      if character.isASCII && character.isNumber {
        current.append(character)
        guard current.count <= 9 else { return nil }
      } else if separators.contains(character) {
        if !current.isEmpty { numbers.append(Int(current)!) }
        current = ""
      } else {
        return nil
      }
    }
    if !current.isEmpty { numbers.append(Int(current)!) }
    return numbers.count <= limit ? numbers : nil
  }

  static func integer(_ label: String) -> Int? {
    let trimmed = label.trimmingCharacters(in: .whitespaces)
    guard !trimmed.isEmpty, trimmed.count <= 9, trimmed.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
    return Int(trimmed)
  }

  /// `2025-01`, `2025/1`, `2025年1月`, `2025-01-01` (the first of a month), or month first:
  /// `1/2025`, `01-2025` (two parts, the year of four digits last).
  static func month(_ label: String) -> Int? {
    guard let parts = numbers(label, separators: ["-", "/", ".", "年", "月", "日"], limit: 3), parts.count >= 2 else { return nil }
    if parts.count == 2 && (1...12).contains(parts[0]) && (1000...9999).contains(parts[1]) { return parts[1] * 12 + parts[0] - 1 }
    guard (1000...9999).contains(parts[0]), (1...12).contains(parts[1]) else { return nil }
    // A full date counts as its month only on the first (one date per month).
    if parts.count == 3 && parts[2] != 1 { return nil }
    return parts[0] * 12 + parts[1] - 1
  }

  static func quarter(_ label: String) -> Int? {
    let upper = label.uppercased().replacingOccurrences(of: " ", with: "")
    guard let q = upper.firstIndex(of: "Q") else { return nil }
    let yearText = upper[..<q].trimmingCharacters(in: CharacterSet(charactersIn: "-/"))
    let quarterText = upper[upper.index(after: q)...]
    guard let year = Int(yearText), (1000...9999).contains(year), let quarter = Int(quarterText), (1...4).contains(quarter) else { return nil }
    return year * 4 + quarter - 1
  }
}

/// Lags and leads of a column within each entity, by the periods' calendar.
public enum PanelShift {
  /// `values` shifted by `offset` steps within each entity: row `i` gets the value of the row of
  /// the same entity whose period is `offset` steps earlier (a lag, `offset > 0`) or `−offset`
  /// steps later (a lead, `offset < 0`); NaN when that row does not exist (the first periods, or
  /// a gap). Never a shift across a gap.
  /// - Throws: ``AnalysisError/duplicatePanelRow(entity:period:locations:)`` when two rows share
  ///   an entity and a period (which one would be "last month" is then undefined).
  public static func shift(values: [Double], entities: [String], periods: [String], calendar: PeriodCalendar, by offset: Int) throws -> [Double] {
    let index = try rowIndex(entities: entities, periods: periods, calendar: calendar)
    return shift(values: values, entities: entities, periods: periods, calendar: calendar, by: offset, index: index)
  }

  /// Entity and step of every row, keyed for look-up.
  public struct RowIndex: Sendable {
    let rowOf: [Key: Int]
    let keys: [Key]
  }

  struct Key: Hashable, Sendable {
    let entity: Int
    let step: Int
  }

  public static func rowIndex(entities: [String], periods: [String], calendar: PeriodCalendar) throws -> RowIndex {
    var entityCode: [String: Int] = [:]
    var rowOf: [Key: Int] = [:]
    var keys: [Key] = []
    keys.reserveCapacity(entities.count)
    for (row, (entity, period)) in zip(entities, periods).enumerated() {
      let code = entityCode[entity] ?? entityCode.count
      entityCode[entity] = code
      let key = Key(entity: code, step: calendar.steps[period]!)
      if let first = rowOf[key] { throw AnalysisError.duplicatePanelRow(entity: entity, period: period, locations: ["row \(first + 1)", "row \(row + 1)"]) }
      rowOf[key] = row
      keys.append(key)
    }
    return RowIndex(rowOf: rowOf, keys: keys)
  }

  public static func shift(values: [Double], entities: [String], periods: [String], calendar: PeriodCalendar, by offset: Int, index: RowIndex) -> [Double] {
    index.keys.map { key in
      let (step, overflow) = key.step.subtractingReportingOverflow(offset)
      guard !overflow, let row = index.rowOf[Key(entity: key.entity, step: step)] else { return .nan }
      return values[row]
    }
  }
}
