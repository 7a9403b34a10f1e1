import DataSources
import Foundation
import LinearAlgebra
import WeightAnalysis

/// `kpi-weights prepare`: one row per ticket in, one row per entity × period (or per customer)
/// out, as a ``PrepareSpec`` says.
///
/// Rules, in one place:
/// - a row whose period timestamp (or `per` value) is empty or unreadable is dropped;
/// - a row with an unreadable timestamp in a `hours` column, or whose end is before its start, is
///   dropped (with ``strict``, it is an error naming the cell); an empty end is a missing value
///   of that measure only (an unanswered ticket);
/// - conditions compare numbers as numbers, yes/no columns as 1/0 (`是否重开 = 否` matches 否, N,
///   no, false, 0), anything else as trimmed text;
/// - `mean`/`median`/`p90` are over the group's non-missing values (``Statistics/quantile(sorted:_:)``
///   for the quantiles); a group with none gets an empty cell;
/// - output rows are sorted by entity (natural order) and period.
public struct PrepareJob: Sendable {
  public var spec: PrepareSpec
  /// The spec's name and SHA-256 (for provenance).
  public var specName: String
  public var specSHA256: String
  /// Format of every timestamp column; `nil` detects it per column.
  public var dateFormat: TimestampFormat?
  public var strict = false
  /// How the input's `_pct` columns are written (`nil`: a warning when they look like fractions).
  public var percentScale: PercentScale?

  public init(spec: PrepareSpec, specName: String, specSHA256: String) {
    self.spec = spec
    self.specName = specName
    self.specSHA256 = specSHA256
  }

  public func run(on fileTable: DataTable, inputSHA256: String) throws -> PreparedTable {
    // Every column the spec names is indexed in one pass over the rows (then read from bytes).
    let named = [spec.entity, spec.period?.column, spec.per].compactMap { $0 } + spec.measures.flatMap(\.measure.columns)
    // (Numeric columns are read from their parsed values; only columns with text, and the ones
    // coded as texts, are indexed.)
    let coded: [String?] = [spec.entity, spec.per] + spec.measures.flatMap { item -> [String?] in
      switch item.measure {
      case .percentOf(_, let among): return [among]
      case .percentOfDistinct(let name, _): return [name]
      default: return []
      }
    }
    let textColumns = named.compactMap { fileTable.columnIndex(named: $0) }.filter { fileTable.columns[$0].textCount > 0 }
      + coded.compactMap { $0.flatMap { fileTable.columnIndex(named: $0) } }
    // Fraction-looking percent columns the spec reads: a warning, or scaled as stated.
    let (scaledTable, percentNotes, _) = PercentScale.apply(percentScale, to: fileTable, catalog: .builtIn, only: Set(named))
    let table = scaledTable.indexingFields(columns: textColumns).readingYesNoColumns().table
    func column(_ name: String, _ role: String) throws -> Int { try table.requireColumn(name, role: role) }
    var dropped: [PreparedTable.Drop] = []
    var keep = [Bool](repeating: true, count: table.rowCount)
    func drop(_ rows: [Int], reason: String, column index: Int) throws {
      let rows = rows.filter { keep[$0] }
      guard let first = rows.first else { return }
      if strict {
        throw DataError.unusableRow(table.location(row: first, column: index), column: table.fileHeader(index), value: table.text(row: first, column: index), reason: reason)
      }
      for row in rows { keep[row] = false }
      dropped.append(.init(reason: reason, rows: rows.count, first: table.location(row: first, column: index)))
    }

    // The text codes and timestamps the measures need, read on both cores (timestamp columns in
    // the order they are used, so the first unreadable column is the one reported).
    var codeColumns: [Int] = [], timeColumns: [Int] = []
    func need(_ name: String?, _ role: String, time: Bool) throws {
      guard let name else { return }
      let index = try column(name, role)
      if time { if !timeColumns.contains(index) { timeColumns.append(index) } } else if !codeColumns.contains(index) { codeColumns.append(index) }
    }
    try need(spec.per ?? spec.entity ?? "", spec.per != nil ? "the \(Setting.spec)'s 'per'" : "the \(Setting.spec)'s 'entity'", time: false)
    if spec.per == nil { try need(spec.period?.column, "the \(Setting.spec)'s period column", time: true) }
    for (name, measure) in spec.measures {
      let role = "the \(Setting.spec)'s measures.\(name)"
      switch measure {
      case .hours(let start, let end, _):
        try need(start, role, time: true)
        try need(end, role, time: true)
      case .percentOf(_, let among): try need(among, role, time: false)
      case .percentOfDistinct(let name, _): try need(name, role, time: false)
      default: break
      }
    }
    let format = dateFormat
    let read = try Parallel.map(codeColumns.count + timeColumns.count) { [codeColumns, timeColumns] k -> Read in
      k < codeColumns.count ? .codes(table.codes(column: codeColumns[k])) : .times(try table.timestamps(column: timeColumns[k - codeColumns.count], format: format))
    }
    var codesOf: [Int: TextCodes] = [:], timesOf: [Int: TimestampColumn] = [:]
    for (k, result) in read.enumerated() {
      switch result {
      case .codes(let codes): codesOf[codeColumns[k]] = codes
      case .times(let times): timesOf[timeColumns[k - codeColumns.count]] = times
      }
    }

    // Group keys: the entity's (or `per` column's) text codes, and the period number.
    var labels: TextCodes
    var periodKeys: [Int]? = nil
    var keyColumn: String
    if let per = spec.per {
      let index = try column(per, "the \(Setting.spec)'s 'per'")
      labels = codesOf[index] ?? table.codes(column: index)
      keyColumn = table.fileHeader(index)
      try drop(labels.codes.indices.filter { labels.codes[$0] < 0 }, reason: "no \(table.fileHeader(index))", column: index)
    } else {
      let entityIndex = try column(spec.entity ?? "", "the \(Setting.spec)'s 'entity'")
      keyColumn = table.fileHeader(entityIndex)
      labels = codesOf[entityIndex] ?? table.codes(column: entityIndex)
      try drop(labels.codes.indices.filter { labels.codes[$0] < 0 }, reason: "no \(table.fileHeader(entityIndex))", column: entityIndex)
      if let period = spec.period {
        let index = try column(period.column, "the \(Setting.spec)'s period column")
        let times = try timesOf[index] ?? table.timestamps(column: index, format: dateFormat)
        try drop(times.unreadableRows, reason: "unreadable timestamp in \(table.fileHeader(index))", column: index)
        let unreadable = Set(times.unreadableRows)
        try drop(times.values.indices.filter { times.values[$0].isNaN && !unreadable.contains($0) }, reason: "no \(table.fileHeader(index))", column: index)
        periodKeys = times.values.map { $0.isNaN ? 0 : Self.periodKey($0, every: period.every) }
      }
    }

    // Durations.
    func timestamps(_ index: Int) throws -> TimestampColumn { try timesOf[index] ?? table.timestamps(column: index, format: dateFormat) }
    var durations: [String: [Double]] = [:]
    for (name, measure) in spec.measures {
      guard case .hours(let start, let end, _) = measure else { continue }
      let a = try column(start, "the \(Setting.spec)'s measures.\(name)"), b = try column(end, "the \(Setting.spec)'s measures.\(name)")
      let startTimes = try timestamps(a), endTimes = try timestamps(b)
      try drop(startTimes.unreadableRows, reason: "unreadable timestamp in \(table.fileHeader(a))", column: a)
      try drop(endTimes.unreadableRows, reason: "unreadable timestamp in \(table.fileHeader(b))", column: b)
      let hours = zip(startTimes.values, endTimes.values).map { ($1 - $0) / 3600 }
      try drop(hours.indices.filter { hours[$0] < 0 }, reason: "\(table.fileHeader(b)) before \(table.fileHeader(a))", column: b)
      durations[name] = hours
    }

    // Groups, in sorted key order: a row's key is its label code and period number.
    var groupOfKey: [GroupKey: Int] = [:]
    var keys: [GroupKey] = []
    var groupOfRow = [Int](repeating: -1, count: table.rowCount)
    for row in 0..<table.rowCount where keep[row] {
      let key = GroupKey(label: labels.codes[row], period: periodKeys?[row] ?? 0)
      if let group = groupOfKey[key] {
        groupOfRow[row] = group
      } else {
        groupOfKey[key] = keys.count
        groupOfRow[row] = keys.count
        keys.append(key)
      }
    }
    let labelRank = Scoring.periodRanks(Set(keys.map { labels.levels[Int($0.label)] }))
    let order = keys.indices.sorted { a, b in
      let (x, y) = (labels.levels[Int(keys[a].label)], labels.levels[Int(keys[b].label)])
      let (rx, ry) = (labelRank[x, default: 0], labelRank[y, default: 0])
      return rx != ry ? rx < ry : (x != y ? x < y : keys[a].period < keys[b].period)
    }
    var position = [Int](repeating: 0, count: keys.count)
    for (k, group) in order.enumerated() { position[group] = k }
    let groupCount = keys.count
    // The rows of every group in one flat array (group g: rowOrder[groupStart[g]..<groupStart[g + 1]]).
    var groupStart = [Int](repeating: 0, count: groupCount + 1)
    for row in 0..<table.rowCount where groupOfRow[row] >= 0 { groupStart[position[groupOfRow[row]] + 1] += 1 }
    for g in 0..<groupCount { groupStart[g + 1] += groupStart[g] }
    var rowOrder = [Int](repeating: 0, count: groupStart[groupCount])
    var fill = groupStart
    for row in 0..<table.rowCount where groupOfRow[row] >= 0 {
      let g = position[groupOfRow[row]]
      rowOrder[fill[g]] = row
      fill[g] += 1
    }
    let rowsOfGroup = (0..<groupCount).lazy.map { rowOrder[groupStart[$0]..<groupStart[$0 + 1]] }

    // Measures.
    var columns: [[Double]] = []
    for (name, measure) in spec.measures {
      let role = "the \(Setting.spec)'s measures.\(name)"
      var values = [Double](repeating: .nan, count: groupCount)
      switch measure {
      case .hours(_, _, let stat):
        let hours = durations[name] ?? []
        for (g, rows) in rowsOfGroup.enumerated() { values[g] = Self.summary(rows.map { hours[$0] }.filter { !$0.isNaN }, stat) }
      case .summary(let columnName, let stat):
        let index = try column(columnName, role)
        let data = try table.numericColumns([table.headers[index]], roles: [role], strict: false)
        var full = [Double](repeating: .nan, count: table.rowCount)
        for (k, row) in data.keptRows.enumerated() { full[row] = data.columns[0][k] }
        for (g, rows) in rowsOfGroup.enumerated() { values[g] = Self.summary(rows.map { full[$0] }.filter { !$0.isNaN }, stat) }
      case .count:
        for (g, rows) in rowsOfGroup.enumerated() { values[g] = Double(rows.count) }
      case .percentOf(let condition, let among):
        let meets = try Self.evaluate(condition, table: table, role: role)
        let amongIndex = try among.map { try column($0, role) }
        let amongCodes = amongIndex.map { (codesOf[$0] ?? table.codes(column: $0)).codes }
        for (g, rows) in rowsOfGroup.enumerated() {
          let base = amongCodes.map { codes in rows.filter { codes[$0] >= 0 } } ?? rows
          values[g] = base.isEmpty ? .nan : 100 * Double(base.filter { meets[$0] }.count) / Double(base.count)
        }
      case .percentOfDistinct(let columnName, let condition):
        let index = try column(columnName, role)
        let meets = try Self.evaluate(condition, table: table, role: role)
        let codes = (codesOf[index] ?? table.codes(column: index)).codes
        for (g, rows) in rowsOfGroup.enumerated() {
          let present = rows.filter { codes[$0] >= 0 }
          let all = Set(present.map { codes[$0] })
          let hit = Set(present.filter { meets[$0] }.map { codes[$0] })
          values[g] = all.isEmpty ? .nan : 100 * Double(hit.count) / Double(all.count)
        }
      case .any(let condition):
        let meets = try Self.evaluate(condition, table: table, role: role)
        for (g, rows) in rowsOfGroup.enumerated() { values[g] = rows.contains { meets[$0] } ? 1 : 0 }
      }
      columns.append(values)
    }
    let sortedKeys = order.map { keys[$0] }
    let keyHeaders = spec.per != nil ? [keyColumn] : [keyColumn, spec.period?.every.rawValue ?? "period"]
    let keyCells: [[String]] = sortedKeys.map { key in
      let label = labels.levels[Int(key.label)]
      return spec.per != nil ? [label] : [label, Self.periodLabel(key.period, every: spec.period?.every ?? .month)]
    }
    var prepared = PreparedTable(
      keyHeaders: keyHeaders, keys: keyCells, measureNames: spec.measures.map(\.name), columns: columns, rowsIn: table.rowCount, dropped: dropped,
      provenance: .init(spec: specName, specSHA256: specSHA256, input: table.file, inputSHA256: inputSHA256))
    prepared.notes = percentNotes
    return prepared
  }

  /// A column read ahead: its text codes or its timestamps.
  enum Read: Sendable {
    case codes(TextCodes)
    case times(TimestampColumn)
  }

  struct GroupKey: Hashable {
    /// The label's index in the key column's ``TextCodes/levels``.
    let label: Int32
    let period: Int
  }

  /// A sortable period number: year·12 + month − 1, ISO year·53 + week, or year·4 + quarter − 1.
  static func periodKey(_ seconds: Double, every: PrepareSpec.Every) -> Int {
    let (year, month, day, weekday) = Timestamp.civil(seconds)
    switch every {
    case .month: return year * 12 + month - 1
    case .quarter: return year * 4 + (month - 1) / 3
    case .week:
      // ISO 8601: the week with the year's first Thursday is week 1.
      let days = Timestamp.daysFromCivil(year: year, month: month, day: day)
      let thursday = days - weekday + 4
      let isoYear = Timestamp.civilFromDays(thursday).year
      let week = (thursday - Timestamp.daysFromCivil(year: isoYear, month: 1, day: 1)) / 7 + 1
      return isoYear * 53 + week - 1
    }
  }

  /// `2025-01`, `2025-W03`, `2025-Q1`.
  static func periodLabel(_ key: Int, every: PrepareSpec.Every) -> String {
    func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    switch every {
    case .month: return "\(key / 12)-\(two(key % 12 + 1))"
    case .quarter: return "\(key / 4)-Q\(key % 4 + 1)"
    case .week: return "\(key / 53)-W\(two(key % 53 + 1))"
    }
  }

  /// Mean, median or p90 of non-missing values; NaN for none.
  static func summary(_ values: [Double], _ stat: PrepareSpec.Stat) -> Double {
    guard !values.isEmpty else { return .nan }
    switch stat {
    case .mean: return values.reduce(0, +) / Double(values.count)
    case .median: return Statistics.quantile(sorted: values.sorted(), 0.5)
    case .p90: return Statistics.quantile(sorted: values.sorted(), 0.9)
    }
  }

  /// Whether each row meets `condition`.
  static func evaluate(_ condition: PrepareSpec.Condition, table: DataTable, role: String) throws -> [Bool] {
    let index = try table.requireColumn(condition.column, role: role)
    let column = table.columns[index]
    let target = Double(condition.value) ?? DataTable.yesNoValue(condition.value)
    if column.isNumeric, let target {
      return column.values.map { value in
        guard !value.isNaN else { return false }
        switch condition.op {
        case .equal: return value == target
        case .notEqual: return value != target
        case .less: return value < target
        case .lessOrEqual: return value <= target
        case .greater: return value > target
        case .greaterOrEqual: return value >= target
        }
      }
    }
    // Text: each distinct text is compared once.
    let coded = table.codes(column: index)
    let levelMeets = coded.levels.map { text -> Bool in
      switch condition.op {
      case .equal: return text == condition.value
      case .notEqual: return text != condition.value
      case .less: return text < condition.value
      case .lessOrEqual: return text <= condition.value
      case .greater: return text > condition.value
      case .greaterOrEqual: return text >= condition.value
      }
    }
    return coded.codes.map { $0 >= 0 && levelMeets[Int($0)] }
  }
}

/// What `prepare` made: one row per group, the measures, and what was dropped.
public struct PreparedTable: Sendable {
  public struct Drop: Sendable, Equatable {
    public let reason: String
    public let rows: Int
    public let first: SourceLocation
  }

  public struct Provenance: Sendable, Equatable {
    public let spec: String
    public let specSHA256: String
    public let input: String
    public let inputSHA256: String
  }

  public let keyHeaders: [String]
  /// Each group's key cells (entity and period, or the `per` value), in output order.
  public let keys: [[String]]
  public let measureNames: [String]
  /// One array per measure, one value per group (NaN: no value).
  public let columns: [[Double]]
  public let rowsIn: Int
  public let dropped: [Drop]
  public let provenance: Provenance
  /// Warnings about the input (fraction-looking percent columns).
  public internal(set) var notes: [Message] = []

  public var groupsOut: Int { keys.count }
}
