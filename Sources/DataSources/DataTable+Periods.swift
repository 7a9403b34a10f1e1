extension DataTable {
  /// Whether a value is a `YYYYMM` period number (190001 … 299912, month 1–12).
  static func isYearMonthNumber(_ value: Double) -> Bool {
    guard value == value.rounded(), value >= 190_001, value <= 299_912 else { return false }
    let month = Int(value) % 100
    return (1...12).contains(month)
  }

  /// Whether a text is a period label: `2025-01`, `2025/1`, `2025-Q1`, `2025-W03`, `2025年1月`.
  public static func isPeriodLabel(_ text: String) -> Bool {
    let scalars = Array(text.unicodeScalars)
    guard scalars.count >= 6, scalars.prefix(4).allSatisfy({ ("0"..."9").contains($0) }) else { return false }
    let rest = String(String.UnicodeScalarView(scalars.dropFirst(4)))
    func digits(_ s: Substring, _ range: ClosedRange<Int>) -> Int? {
      guard range.contains(s.count), s.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
      return Int(s)
    }
    if rest.hasPrefix("-Q") || rest.hasPrefix("Q") { return digits(rest.drop { !$0.isNumber }, 1...1).map { (1...4).contains($0) } ?? false }
    if rest.hasPrefix("-W") { return digits(rest.dropFirst(2), 2...2).map { (1...53).contains($0) } ?? false }
    if rest.hasPrefix("-") || rest.hasPrefix("/") { return digits(rest.dropFirst(), 1...2).map { (1...12).contains($0) } ?? false }
    if rest.hasPrefix("年"), rest.hasSuffix("月") { return digits(rest.dropFirst().dropLast(), 1...2).map { (1...12).contains($0) } ?? false }
    return false
  }

  /// Whether column `index` is a period: named like one, or every value a `YYYYMM` number or a
  /// period label (`2025-01`, `2025-Q1`, `2025年1月`).
  public func isPeriodColumn(_ index: Int) -> Bool {
    if Self.periodNames.contains(headers[index].lowercased()) || Self.periodNames.contains(fileHeader(index).lowercased()) { return true }
    let column = columns[index]
    if column.isNumeric && column.textCount == 0 {
      return column.values.allSatisfy { $0.isNaN || Self.isYearMonthNumber($0) }
    }
    guard column.isText else { return false }
    var seen = 0
    for row in 0..<rowCount where seen < 50 {
      let text = self.text(row: row, column: index)
      if text.isEmpty { continue }
      guard Self.isPeriodLabel(text) else { return false }
      seen += 1
    }
    return seen > 0
  }

  /// The period column: `named`, else the first column that is one (``isPeriodColumn(_:)``).
  public func periodColumn(named: String? = nil) -> Int? {
    if let named { return columnIndex(named: named) }
    return headers.indices.first { isPeriodColumn($0) }
  }

  /// The entity column: `named`, else the first id column that is not a period.
  public func entityColumn(named: String? = nil) -> Int? {
    if let named { return columnIndex(named: named) }
    return headers.indices.first { Self.isIdentifierName(headers[$0]) && !isPeriodColumn($0) }
  }

  /// Rows that repeat an earlier row's entity and period: `(first, repeat)` row pairs, in order.
  /// Cells compare as their texts (byte-hashed codes, so a row costs no string).
  public func duplicateRows(entity: Int, period: Int) -> [(first: Int, repeat: Int)] {
    let entities = codes(column: entity), periods = codes(column: period)
    // A pair's key: entity level × (period levels + 1) + period level (+1 keeps −1, empty, apart).
    let width = Int64(periods.levels.count + 1)
    var seen: [Int64: Int] = [:]
    seen.reserveCapacity(rowCount)
    var pairs: [(Int, Int)] = []
    for row in 0..<rowCount {
      let key = (Int64(entities.codes[row]) + 1) * width + Int64(periods.codes[row]) + 1
      if let first = seen[key] { pairs.append((first, row)) } else { seen[key] = row }
    }
    return pairs
  }
}
