import Foundation
import WeightAnalysis
import Yams

/// Reads `prepare` specs (YAML/JSON, see ``PrepareSpec``); errors say `file:line: error: key.path: …`.
public enum PrepareSpecFile {
  static let topKeys: Set<String> = ["entity", "period", "per", "measures"]

  public static func parse(_ text: String, file: String) throws -> PrepareSpec {
    let document = try YAMLDocument.compose(text, file: file)
    guard let mapping = document.node.mapping else { throw document.error(document.node, "", "expected a mapping with entity, period and measures") }
    var fields: [String: Node] = [:]
    for (key, value) in mapping {
      guard let name = key.string, topKeys.contains(name) else {
        throw document.error(key, key.string ?? "?", "unknown key; expected one of \(topKeys.sorted().joined(separator: ", "))")
      }
      fields[name] = value
    }
    func columnName(_ node: Node, _ path: String) throws -> String {
      guard let value = node.scalar?.string, !value.trimmingCharacters(in: .whitespaces).isEmpty else { throw document.error(node, path, "expected a column name") }
      return value
    }
    let entity = try fields["entity"].map { try columnName($0, "entity") }
    let per = try fields["per"].map { try columnName($0, "per") }
    var period: (String, PrepareSpec.Every)? = nil
    if let node = fields["period"] {
      guard let map = node.mapping else { throw document.error(node, "period", "expected {column: COLUMN, every: month|week|quarter}") }
      var column: String? = nil, every = PrepareSpec.Every.month
      for (key, value) in map {
        switch key.string {
        case "column": column = try columnName(value, "period.column")
        case "every":
          guard let word = value.scalar?.string, let parsed = PrepareSpec.Every(rawValue: word) else {
            throw document.error(value, "period.every", "expected month, week or quarter")
          }
          every = parsed
        default: throw document.error(key, "period.\(key.string ?? "?")", "unknown key; expected column, every")
        }
      }
      guard let column else { throw document.error(node, "period", "missing 'column' (the timestamp column periods are cut from)") }
      period = (column, every)
    }
    if per == nil && entity == nil { throw document.error(document.node, "", "give 'entity' (one row per entity and period) or 'per' (one row per value, e.g. per customer)") }
    if per != nil && entity != nil { throw document.error(fields["per"]!, "per", "give 'entity' or 'per', not both") }
    if entity != nil && period == nil { throw document.error(fields["entity"]!, "period", "missing: with 'entity', give period: {column: TIMESTAMP, every: month}") }
    guard let measuresNode = fields["measures"], let measureMap = measuresNode.mapping, !measureMap.isEmpty else {
      throw document.error(fields["measures"] ?? document.node, "measures", "expected a mapping of output columns to measures")
    }
    var measures: [(String, PrepareSpec.Measure)] = []
    for (key, value) in measureMap {
      guard let name = key.string, !name.isEmpty else { throw document.error(key, "measures", "expected an output column name") }
      measures.append((name, try measure(value, path: "measures.\(name)", document: document)))
    }
    return PrepareSpec(entity: entity, period: period, per: per, measures: measures)
  }

  static func measure(_ node: Node, path: String, document: YAMLDocument) throws -> PrepareSpec.Measure {
    let kinds = "hours, percentOf, mean, median, p90, count, percentOfDistinct or any"
    guard let map = node.mapping else { throw document.error(node, path, "expected a mapping such as {mean: COLUMN}; kinds: \(kinds)") }
    var fields: [String: Node] = [:]
    for (key, value) in map { fields[key.string ?? "?"] = value }
    func scalar(_ key: String) throws -> String {
      guard let node = fields[key], let value = node.scalar?.string, !value.isEmpty else { throw document.error(fields[key] ?? node, "\(path).\(key)", "expected text") }
      return value
    }
    func condition(_ key: String) throws -> PrepareSpec.Condition {
      let text = try scalar(key)
      guard let parsed = PrepareSpec.Condition.parse(text) else {
        throw document.error(fields[key]!, "\(path).\(key)", "expected COLUMN OP VALUE with OP one of = != < <= > >=, got '\(text)'")
      }
      return parsed
    }
    func only(_ allowed: Set<String>) throws {
      for key in fields.keys where !allowed.contains(key) {
        throw document.error(node, "\(path).\(key)", "unknown key; expected one of \(allowed.sorted().joined(separator: ", "))")
      }
    }
    var stat = PrepareSpec.Stat.mean
    if let node = fields["stat"] {
      guard let word = node.scalar?.string, let parsed = PrepareSpec.Stat(rawValue: word) else { throw document.error(node, "\(path).stat", "expected mean, median or p90") }
      stat = parsed
    }
    if let pair = fields["hours"] {
      try only(["hours", "stat"])
      guard let items = pair.sequence, items.count == 2, let start = items[0].scalar?.string, let end = items[1].scalar?.string else {
        throw document.error(pair, "\(path).hours", "expected [START, END]: two timestamp columns")
      }
      return .hours(start: start, end: end, stat: stat)
    }
    if fields["percentOf"] != nil {
      try only(["percentOf", "among"])
      return .percentOf(try condition("percentOf"), among: fields["among"] == nil ? nil : try scalar("among"))
    }
    for kind in PrepareSpec.Stat.allCases where fields[kind.rawValue] != nil {
      try only([kind.rawValue])
      return .summary(column: try scalar(kind.rawValue), stat: kind)
    }
    if fields["count"] != nil {
      try only(["count"])
      guard try scalar("count") == "rows" else { throw document.error(fields["count"]!, "\(path).count", "expected 'rows'") }
      return .count
    }
    if fields["percentOfDistinct"] != nil {
      try only(["percentOfDistinct", "where"])
      return .percentOfDistinct(column: try scalar("percentOfDistinct"), where: try condition("where"))
    }
    if fields["any"] != nil {
      try only(["any"])
      return .any(try condition("any"))
    }
    throw document.error(node, path, "unknown measure; expected one of \(kinds)")
  }
}
