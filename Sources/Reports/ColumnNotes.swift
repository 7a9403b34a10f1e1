import DataSources
import WeightAnalysis
import Workflows

/// How every output reports the columns: which were matched to catalog ids by name, and which
/// were left out and why.
enum ColumnNotes {
  /// Up to two lines for the table and Markdown views (none when there is nothing to say).
  static func lines(matches: [ColumnMatch], ignored: [IgnoredColumn]) -> [String] {
    var lines: [String] = []
    if !matches.isEmpty {
      lines.append("Columns matched · 列名匹配: " + matches.map { "\($0.header) → \($0.id)" }.joined(separator: ", "))
    }
    if !ignored.isEmpty {
      lines.append("Ignored columns · 未使用的列: " + ignored.map { "\($0.column) (\($0.reason))" }.joined(separator: ", "))
    }
    return lines
  }

  /// `columnMatches` and `ignoredColumns` for the JSON views.
  static func json(matches: [ColumnMatch], ignored: [IgnoredColumn]) -> [(String, JSONValue)] {
    [
      ("columnMatches", .array(matches.map { .object([("column", .string($0.header)), ("id", .string($0.id))]) })),
      ("ignoredColumns", .array(ignored.map { .object([("column", .string($0.column)), ("reason", .string($0.reason))]) })),
    ]
  }
}
