import Foundation
import LinearAlgebra
import WeightAnalysis
import Yams

/// Reads AHP pairwise comparison matrices.
///
/// CSV (`.csv`): the header row and the first column name the same indicators in the same order
/// (the top-left cell is ignored); cells are numbers or fractions such as `1/3`:
/// ```
/// ,satisfaction_pct,response_hours,first_fix_pct
/// satisfaction_pct,1,3,5
/// response_hours,1/3,1,2
/// first_fix_pct,1/5,1/2,1
/// ```
/// YAML or JSON (any other extension):
/// ```yaml
/// indicators: [satisfaction_pct, response_hours, first_fix_pct]
/// matrix:
///   - [1, 3, 5]
///   - [1/3, 1, 2]
///   - [1/5, 1/2, 1]
/// ```
/// In both, the diagonal and the lower triangle may be left empty (`~` or `null` in YAML): they
/// are filled with 1 and the reciprocals of the upper triangle.
public enum PairwiseMatrixFile {
  public static func load(path: String) throws -> PairwiseComparisons {
    try parse(configText(path), file: path)
  }

  /// A matrix from its text: CSV when `file` ends in `.csv`, else YAML/JSON.
  public static func parse(_ text: String, file: String) throws -> PairwiseComparisons {
    file.lowercased().hasSuffix(".csv") ? try parseCSV(text, file: file) : try parseYAML(text, file: file)
  }

  /// `3`, `0.333`, `1/3`; `nil` for an empty cell.
  static func value(_ text: String) -> Double?? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if trimmed.isEmpty || trimmed == "~" || trimmed.lowercased() == "null" { return .some(nil) }
    let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
    if parts.count == 2, let a = ConfigNumber.decimal(parts[0].trimmingCharacters(in: .whitespaces)),
      let b = ConfigNumber.decimal(parts[1].trimmingCharacters(in: .whitespaces)), b != 0
    {
      return .some(a / b)
    }
    if parts.count == 1, let x = ConfigNumber.decimal(trimmed) { return .some(x) }
    return nil
  }

  /// Saaty's scale: a judgement says how many times more important one indicator is than
  /// another, from 1/9 to 9. Decimals are read with 2% slack (`0.11` for 1/9), the tolerance of
  /// the reciprocity check.
  public static let scale: ClosedRange<Double> = (1 / 9 / 1.02)...(9 * 1.02)

  /// Why `value` (written `text`) is not a judgement, or `nil` when it is one.
  static func scaleProblem(_ value: Double, _ text: String) -> String? {
    if value <= 0 { return "'\(clipped(text))' is not positive; a judgement is a number from 1/9 to 9 (1 = equally important)" }
    if !scale.contains(value) {
      return "'\(clipped(text))' is outside Saaty's scale 1/9 to 9 (1 = equally important, 9 = extremely more important); write the judgement on that scale"
    }
    return nil
  }

  /// A cell as messages quote it: at most 40 characters.
  static func clipped(_ text: String) -> String { text.count <= 40 ? text : String(text.prefix(40)) + "…" }

  public static func parseCSV(_ text: String, file: String) throws -> PairwiseComparisons {
    let bytes = Array(text.utf8)
    return try bytes.withUnsafeBufferPointer { buffer -> PairwiseComparisons in
      var cursor = CSVReader.Cursor(buffer: buffer, delimiter: 0x2C, file: file)
      var rows: [(line: Int, cells: [String])] = []
      cursor.skipBlankLines()
      while !cursor.atEnd {
        let line = cursor.line
        let fields = try cursor.record()
        rows.append((line, fields.map { CSVReader.fieldText(buffer, $0) }))
        cursor.skipBlankLines()
      }
      guard let header = rows.first else { throw ConfigError(file: file, line: nil, keyPath: "", message: "the file is empty") }
      let names = Array(header.cells.dropFirst())
      let n = names.count
      guard n >= 2 else { throw ConfigError(file: file, line: header.line, keyPath: "", message: "the header must name at least 2 indicators after the top-left cell") }
      guard rows.count - 1 == n else {
        throw ConfigError(file: file, line: header.line, keyPath: "", message: "the header names \(n) indicators but there are \(rows.count - 1) rows; the matrix must be square")
      }
      var grid = [[Double?]](repeating: Array(repeating: nil, count: n), count: n)
      for (i, row) in rows.dropFirst().enumerated() {
        guard row.cells.count == n + 1 else {
          throw ConfigError(file: file, line: row.line, keyPath: "", message: "row has \(row.cells.count) cells, expected \(n + 1) (the indicator and \(n) comparisons)")
        }
        guard row.cells[0] == names[i] else {
          throw ConfigError(file: file, line: row.line, keyPath: "", message: "row \(i + 1) is '\(row.cells[0])' but column \(i + 1) is '\(names[i])'; rows and columns must list the indicators in the same order")
        }
        for j in 0..<n {
          guard let parsed = value(row.cells[j + 1]) else {
            throw ConfigError(file: file, line: row.line, keyPath: "\(names[i]) vs \(names[j])", message: "'\(clipped(row.cells[j + 1]))' is not a number or fraction like 1/3")
          }
          if let parsed, let problem = scaleProblem(parsed, row.cells[j + 1]) {
            throw ConfigError(file: file, line: row.line, keyPath: "\(names[i]) vs \(names[j])", message: problem)
          }
          grid[i][j] = parsed
        }
      }
      return try complete(grid, names: names, file: file, line: header.line)
    }
  }

  public static func parseYAML(_ text: String, file: String) throws -> PairwiseComparisons {
    let document = try YAMLDocument.compose(text, file: file)
    guard let mapping = document.node.mapping else { throw document.error(document.node, "", "expected a mapping with 'indicators' and 'matrix'") }
    guard let namesNode = mapping["indicators"], let nameList = namesNode.sequence else {
      throw document.error(document.node, "indicators", "missing list of indicator ids")
    }
    let names = try nameList.enumerated().map { index, node -> String in
      guard let name = node.scalar?.string, !name.isEmpty else { throw document.error(node, "indicators[\(index)]", "expected an indicator id") }
      return name
    }
    guard let matrixNode = mapping["matrix"], let rows = matrixNode.sequence else {
      throw document.error(document.node, "matrix", "missing list of rows")
    }
    let n = names.count
    guard rows.count == n else { throw document.error(matrixNode, "matrix", "has \(rows.count) rows for \(n) indicators; the matrix must be square") }
    var grid = [[Double?]](repeating: Array(repeating: nil, count: n), count: n)
    for (i, rowNode) in rows.enumerated() {
      guard let cells = rowNode.sequence, cells.count == n else {
        throw document.error(rowNode, "matrix[\(i)]", "expected a list of \(n) comparisons")
      }
      for (j, cell) in cells.enumerated() {
        let text = cell.scalar?.string ?? ""
        guard let parsed = value(text) else {
          throw document.error(cell, "matrix[\(i)][\(j)]", "'\(clipped(text))' is not a number or fraction like 1/3")
        }
        if let parsed, let problem = scaleProblem(parsed, text) { throw document.error(cell, "matrix[\(i)][\(j)]", problem) }
        grid[i][j] = parsed
      }
    }
    return try complete(grid, names: names, file: file, line: nil)
  }

  /// Fills the diagonal with 1 and empty cells with the reciprocal of their mirror.
  static func complete(_ grid: [[Double?]], names: [String], file: String, line: Int?) throws -> PairwiseComparisons {
    let n = names.count
    var matrix = Matrix(rows: n, columns: n)
    for i in 0..<n {
      for j in 0..<n {
        if i == j {
          matrix[i, j] = grid[i][j] ?? 1
        } else if let value = grid[i][j] {
          matrix[i, j] = value
        } else if let mirror = grid[j][i], mirror != 0 {
          matrix[i, j] = 1 / mirror
        } else {
          throw ConfigError(file: file, line: line, keyPath: "\(names[i]) vs \(names[j])", message: "both this comparison and its mirror are empty; give one of them")
        }
      }
    }
    return PairwiseComparisons(indicators: names, values: matrix)
  }
}
