import LinearAlgebra

extension DataTable {
  /// The words read as 1 and 0 in a yes/no column (compared case-insensitively, spaces trimmed).
  public static let yesWords: Set<String> = ["是", "有", "y", "yes", "true", "1", "对", "√"]
  public static let noWords: Set<String> = ["否", "无", "n", "no", "false", "0", "错", "×"]

  /// The value of a yes/no cell: 1, 0, or `nil` when the text is not such a word.
  public static func yesNoValue(_ text: String) -> Double? {
    let word = text.lowercased()
    if yesWords.contains(word) { return 1 }
    if noWords.contains(word) { return 0 }
    return nil
  }

  /// The table with every column that holds only yes/no words (是/否, 有/无, Y/N, yes/no,
  /// true/false, 1/0 — at least one of them a word, not a digit) read as 1/0; empty cells stay
  /// missing.
  /// - Returns: the table and the names of the converted columns, in column order.
  /// - Complexity: O(cells of the columns that hold text), with one string per distinct text.
  public func readingYesNoColumns() -> (table: DataTable, converted: [String]) {
    var table = self
    var converted: [String] = []
    // The first text cell decides cheaply for most columns (ids, timestamps, names); the rest
    // are coded on both cores.
    let candidates = columns.indices.filter { index in
      let column = columns[index]
      guard column.textCount > 0 else { return false }
      if let row = column.firstProblem?.row, Self.yesNoValue(text(row: row, column: index)) == nil { return false }
      return true
    }
    let original = self
    let allCoded = (try? Parallel.map(candidates.count) { original.codes(column: candidates[$0]) }) ?? candidates.map { codes(column: $0) }
    for (k, index) in candidates.enumerated() {
      let column = columns[index]
      // Each distinct text is judged once; the rows take their text's value.
      let coded = allCoded[k]
      var levelValues = [Double](repeating: .nan, count: coded.levels.count)
      var isYesNo = true
      for (level, text) in coded.levels.enumerated() {
        if let value = Self.yesNoValue(text) {
          levelValues[level] = value
        } else if !NumberParsing.isMissingMarker(text) {
          // Missing markers (NA, -, …) stay missing; anything else means this is a text column.
          isYesNo = false
          break
        }
      }
      guard isYesNo else { continue }
      var values = [Double](repeating: .nan, count: rowCount)
      var count = 0
      for (row, code) in coded.codes.enumerated() where code >= 0 {
        let value = levelValues[Int(code)]
        if !value.isNaN { values[row] = value; count += 1 }
      }
      guard isYesNo, count > 0 else { continue }
      var replacement = DataColumn(name: column.name, values: values)
      replacement.numericCount = count
      replacement.missingCount = rowCount - count
      replacement.firstMissingRow = values.firstIndex { $0.isNaN }
      table.columns[index] = replacement
      converted.append(column.name)
    }
    return (table, converted)
  }
}
