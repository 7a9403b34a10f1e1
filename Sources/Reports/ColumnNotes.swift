import DataSources
import WeightAnalysis
import Workflows

/// How every output reports the columns: which were matched to catalog ids by name, which
/// yes/no columns were read as 1/0, and which were left out and why.
enum ColumnNotes {
  /// Up to three lines for the table and Markdown views (none when there is nothing to say).
  static func lines(_ summary: ColumnSummary?, language: DisplayLanguage) -> [String] {
    guard let summary else { return [] }
    let separator = language.pick(", ", "，")
    var lines: [String] = []
    if !summary.matches.isEmpty {
      lines.append(language.label("Columns matched", "列名匹配") + summary.matches.map { "\($0.header) → \($0.id)" }.joined(separator: separator))
    }
    if !summary.yesNo.isEmpty {
      lines.append(language.label("Yes/no columns read as 1/0", "是/否列按 1/0 读取") + summary.yesNo.joined(separator: separator))
    }
    if !summary.ignored.isEmpty {
      let reasons = summary.ignored.map { language == .zh ? "\($0.column)（\($0.reason.chinese)）" : "\($0.column) (\($0.reason.english))" }
      lines.append(language.label("Ignored columns", "未使用的列") + reasons.joined(separator: separator))
    }
    return lines
  }

  /// `columnMatches`, `yesNoColumns` and `ignoredColumns` for the JSON views.
  static func json(_ summary: ColumnSummary?) -> [(String, JSONValue)] {
    guard let summary else { return [] }
    return [
      ("columnMatches", .array(summary.matches.map { .object([("column", .string($0.header)), ("id", .string($0.id))]) })),
      ("yesNoColumns", .array(summary.yesNo.map { .string($0) })),
      ("ignoredColumns", .array(summary.ignored.map { .object([("column", .string($0.column)), ("reason", .string($0.reason.english)), ("reason_zh", .string($0.reason.chinese))]) })),
    ]
  }
}
