/// A data column matched to a catalog id by name.
public struct ColumnMatch: Sendable, Equatable {
  /// The column's name in the file (客户满意度(%)).
  public let header: String
  /// The catalog id it stands for (satisfaction_pct).
  public let id: String

  public init(header: String, id: String) {
    self.header = header
    self.id = id
  }
}

extension IndicatorCatalog {
  /// A column name reduced to what identifies it: full-width characters made half-width
  /// (`（％）` → `(%)`), a trailing unit in brackets dropped (`满意度(%)`, `平均响应时长（小时）`,
  /// `cost [CNY]`), case folded, and spaces, `_`, `-` and `%` removed. `"客户满意度（%）"`,
  /// `"客户满意度"` and `"客户 满意度"` normalise alike, as do `"First-time fix"` and `"first_time_fix"`.
  public static func normalizedName(_ name: String) -> String {
    var scalars: [Unicode.Scalar] = []
    for scalar in name.unicodeScalars {
      switch scalar.value {
      case 0xFF01...0xFF5E: scalars.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
      case 0x3000: scalars.append(" ")
      case 0x3010: scalars.append("[")  // 【
      case 0x3011: scalars.append("]")  // 】
      default: scalars.append(scalar)
      }
    }
    var text = String(String.UnicodeScalarView(scalars)).trimmingSpaces()
    // A trailing bracketed unit: "(%)", "(小时)", "[h]".
    if let last = text.last, last == ")" || last == "]", let open = text.lastIndex(where: { $0 == "(" || $0 == "[" }), open != text.startIndex {
      text = String(text[..<open]).trimmingSpaces()
    }
    return String(text.lowercased().filter { $0 != " " && $0 != "_" && $0 != "-" && $0 != "%" && $0 != "\t" })
  }

  /// Every name an entry answers to, normalised: its id, labels and aliases.
  func names(of entry: IndicatorInfo) -> [String] {
    ([entry.id, entry.chineseLabel, entry.englishLabel] + entry.aliases).filter { !$0.isEmpty }.map(Self.normalizedName)
  }

  /// Matches column names to catalog ids. A name that is an id stays as it is; any other name
  /// whose normalised form is an entry's id, label or alias is matched to that entry.
  /// - Returns: the matches, in column order.
  /// - Throws: ``AnalysisError/ambiguousColumns(id:headers:)`` when two columns would stand for
  ///   one id (an exact id column counts).
  public func matchColumns(_ headers: [String]) throws -> [ColumnMatch] {
    var byName: [String: String] = [:]
    for entry in entries.values.sorted(by: { $0.id < $1.id }) {
      for name in names(of: entry) where byName[name] == nil { byName[name] = entry.id }
    }
    var matches: [ColumnMatch] = []
    var claimed: [String: String] = [:]
    for header in headers where entries[header] != nil { claimed[header] = header }
    for header in headers where entries[header] == nil {
      guard let id = byName[Self.normalizedName(header)] else { continue }
      if let other = claimed[id] { throw AnalysisError.ambiguousColumns(id: id, headers: [other, header]) }
      claimed[id] = header
      matches.append(ColumnMatch(header: header, id: id))
    }
    return matches
  }
}

extension String {
  /// Without surrounding spaces and tabs.
  func trimmingSpaces() -> String {
    var view = Substring(self)
    while let first = view.first, first == " " || first == "\t" { view.removeFirst() }
    while let last = view.last, last == " " || last == "\t" { view.removeLast() }
    return String(view)
  }
}
