/// Numeric columns chosen for an analysis, with rows that have a missing value dropped.
public struct NumericSelection: Sendable {
  public let names: [String]
  /// One array per name, over the kept rows only.
  public let columns: [[Double]]
  /// Indices (into the table's rows) of the kept rows.
  public let keptRows: [Int]
  /// Rows dropped because a used column was empty there.
  public let droppedRows: Int
  /// For each name, how many of its cells were missing.
  public let missingByColumn: [String: Int]
}

extension DataTable {
  /// Column names treated as identifiers or periods: never default indicators.
  public static let identifierNames: Set<String> = [
    "team", "team_id", "month", "period", "date", "year", "quarter", "week", "id", "employee", "employee_id",
    "staff", "staff_id", "agent", "agent_id", "region", "store", "customer", "customer_id", "ticket", "ticket_id",
    "团队", "所属团队", "团队名称", "组别", "小组", "部门", "客服", "坐席", "员工", "员工姓名", "姓名", "工号", "客户", "客户编号", "工单编号",
    "月份", "日期", "期间", "年月", "月度", "统计月份", "季度", "年度", "周",
  ]

  /// Whether `name` is an id/period column by name (see ``identifierNames``, or ending in `_id`).
  /// Names that mark a period column (lower-cased), never an entity.
  public static let periodNames: Set<String> = [
    "month", "period", "date", "year", "quarter", "week", "year_month", "yearmonth", "月份", "日期", "期间", "年月", "月度", "统计月份", "季度", "年度", "周",
  ]

  public static func isIdentifierName(_ name: String) -> Bool {
    let lower = name.lowercased()
    return identifierNames.contains(lower) || lower.hasSuffix("_id") || lower.hasSuffix("编号") || (lower.hasSuffix("id") && name.hasSuffix("ID"))
  }

  /// Index of a column, or ``DataError/unknownColumn(file:name:suggestion:role:)`` with the
  /// closest header as a suggestion.
  public func requireColumn(_ name: String, role: String) throws -> Int {
    if let index = columnIndex(named: name) { return index }
    throw DataError.unknownColumn(file: file, name: name, suggestion: closestHeader(to: name), role: role)
  }

  /// The header closest to `name` by edit distance (case-insensitive), when close enough to be a
  /// plausible typo: distance ≤ max(2, ⌈len/3⌉), or one name contains the other.
  public func closestHeader(to name: String) -> String? {
    let target = Array(name.lowercased())
    var best: (name: String, distance: Int)? = nil
    for header in headers {
      let candidate = Array(header.lowercased())
      var distance = editDistance(target, candidate)
      if header.lowercased().contains(name.lowercased()) || name.lowercased().contains(header.lowercased()) {
        distance = min(distance, max(1, abs(candidate.count - target.count) / 4))
      }
      if distance < (best?.distance ?? Int.max) { best = (header, distance) }
    }
    guard let best else { return nil }
    let limit = max(2, (target.count + 2) / 3)
    return best.distance <= limit ? best.name : nil
  }

  /// Default indicators: every numeric column except `excluded` and id/period columns, in file order.
  public func defaultIndicators(excluding excluded: [String]) -> [String] {
    columns.filter { column in
      column.isNumeric && !excluded.contains(column.name) && !DataTable.isIdentifierName(column.name)
    }.map(\.name)
  }

  /// Validates and extracts numeric columns, dropping rows with a missing value in any of them
  /// (or failing on the first missing cell when `strict`).
  ///
  /// - Parameter roles: for messages, what each name is for (e.g. "outcome", "indicator").
  /// - Throws: ``DataError`` naming the file, line and column of the first bad cell.
  public func numericColumns(_ names: [String], roles: [String], strict: Bool) throws -> NumericSelection {
    precondition(names.count == roles.count, "one role per name")
    var indices: [Int] = []
    for (name, role) in zip(names, roles) {
      let index = try requireColumn(name, role: role)
      let column = columns[index]
      if column.isText {
        let row = column.firstProblem?.row ?? 0
        throw DataError.textColumn(file: file, column: fileHeader(index), example: text(row: row, column: index))
      }
      if let problem = column.firstProblem {
        let at = location(row: problem.row, column: index)
        let value = text(row: problem.row, column: index)
        switch problem.kind {
        case .text: throw DataError.nonNumeric(at, column: fileHeader(index), value: value)
        case .nonFinite: throw DataError.nonFiniteValue(at, column: fileHeader(index), value: value)
        case .ambiguous: throw DataError.ambiguousNumber(at, column: fileHeader(index), value: value)
        }
      }
      if column.numericCount == 0 { throw DataError.emptyColumn(file: file, column: fileHeader(index)) }
      if strict, let row = column.firstMissingRow {
        throw DataError.missingValue(location(row: row, column: index), column: fileHeader(index))
      }
      indices.append(index)
    }
    let used = indices.map { columns[$0].values }
    // After the checks above, a NaN in a used column can only be a missing cell.
    if indices.allSatisfy({ columns[$0].missingCount == 0 }) {
      var missing: [String: Int] = [:]
      for name in names { missing[name] = 0 }
      return NumericSelection(names: names, columns: used, keptRows: Array(0..<rowCount), droppedRows: 0, missingByColumn: missing)
    }
    var kept: [Int] = []
    kept.reserveCapacity(rowCount)
    for row in 0..<rowCount {
      var complete = true
      for values in used where values[row].isNaN { complete = false; break }
      if complete { kept.append(row) }
    }
    let extracted: [[Double]]
    if kept.count == rowCount {
      extracted = used
    } else {
      extracted = used.map { values in kept.map { values[$0] } }
    }
    var missing: [String: Int] = [:]
    for (name, index) in zip(names, indices) { missing[name] = columns[index].missingCount }
    return NumericSelection(names: names, columns: extracted, keptRows: kept, droppedRows: rowCount - kept.count, missingByColumn: missing)
  }
}

/// Levenshtein distance.
func editDistance(_ a: [Character], _ b: [Character]) -> Int {
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var previous = Array(0...b.count)
  var current = [Int](repeating: 0, count: b.count + 1)
  for i in 1...a.count {
    current[0] = i
    for j in 1...b.count {
      current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
    }
    swap(&previous, &current)
  }
  return previous[b.count]
}
