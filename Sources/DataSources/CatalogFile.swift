import Foundation
import WeightAnalysis
import Yams

/// Reads indicator catalogs from YAML or JSON (JSON is YAML too).
///
/// ```yaml
/// indicators:
///   - id: first_response_minutes   # the dataset's column name
///     zh: 首次响应时间
///     en: First response time
///     unit: min
///     direction: lower              # higher | lower: which way is better
///     range: [0, 1440]              # optional plausible range (values outside are reported)
///     optional: true                # optional: the dataset may lack this column
/// outcomes:
///   - id: churned
///     zh: 是否流失
///     en: Churned (0/1)
///     direction: lower
/// ```
/// Entries add to or replace the built-in ones by id.
public enum CatalogFile {
  public static func load(path: String) throws -> [IndicatorInfo] {
    try parse(configText(path), file: path)
  }

  public static func parse(_ text: String, file: String) throws -> [IndicatorInfo] {
    let root = try YAMLDocument.compose(text, file: file)
    guard let mapping = root.node.mapping else {
      throw root.error(root.node, "", "expected a mapping with 'indicators' and/or 'outcomes' lists")
    }
    var result: [IndicatorInfo] = []
    var seen: [String: String] = [:]
    for (key, value) in mapping {
      guard let name = key.string else { throw root.error(key, "", "keys must be text") }
      guard name == "indicators" || name == "outcomes" else {
        throw root.error(key, name, "unknown key; expected 'indicators' or 'outcomes'")
      }
      guard let list = value.sequence else { throw root.error(value, name, "expected a list of entries") }
      for (index, entry) in list.enumerated() {
        let path = "\(name)[\(index)]"
        let info = try entryInfo(entry, path: path, isOutcome: name == "outcomes", document: root)
        if let previous = seen[info.id] {
          throw root.error(entry, path + ".id", "'\(info.id)' is already defined at \(previous)")
        }
        seen[info.id] = path
        result.append(info)
      }
    }
    return result
  }

  static let entryKeys: Set<String> = ["id", "zh", "en", "unit", "direction", "range", "optional", "aliases"]

  static func entryInfo(_ node: Node, path: String, isOutcome: Bool, document: YAMLDocument) throws -> IndicatorInfo {
    guard let mapping = node.mapping else { throw document.error(node, path, "expected a mapping with id, zh, en, unit, direction") }
    var fields: [String: Node] = [:]
    for (key, value) in mapping {
      guard let name = key.string, entryKeys.contains(name) else {
        let known = entryKeys.sorted().joined(separator: ", ")
        throw document.error(key, path + "." + (key.string ?? "?"), "unknown key; expected one of \(known)")
      }
      fields[name] = value
    }
    func text(_ key: String, required: Bool) throws -> String? {
      guard let node = fields[key] else {
        if required { throw document.error(node, path, "missing '\(key)'") }
        return nil
      }
      guard let value = node.scalar?.string else { throw document.error(node, "\(path).\(key)", "expected text") }
      return value
    }
    let id = try text("id", required: true)!.trimmingCharacters(in: .whitespaces)
    guard !id.isEmpty else { throw document.error(fields["id"]!, path + ".id", "the id is empty") }
    let directionText = try text("direction", required: true)!
    guard let direction = Direction(rawValue: directionText.lowercased()) else {
      throw document.error(fields["direction"]!, path + ".direction", "expected 'higher' or 'lower' (which way is better), got '\(directionText)'")
    }
    var range: ClosedRange<Double>? = nil
    if let node = fields["range"] {
      guard let items = node.sequence, items.count == 2,
        let low = items[0].scalar.flatMap({ ConfigNumber.decimal($0.string) }), let high = items[1].scalar.flatMap({ ConfigNumber.decimal($0.string) }),
        low.isFinite, high.isFinite
      else {
        throw document.error(node, path + ".range", "expected [low, high] with two finite numbers")
      }
      guard low <= high else { throw document.error(node, path + ".range", "low \(low) is above high \(high)") }
      range = low...high
    }
    var optional = false
    if let node = fields["optional"] {
      guard let value = node.scalar.flatMap({ Bool.construct(from: $0) }) else {
        throw document.error(node, path + ".optional", "expected true or false")
      }
      optional = value
    }
    var aliases: [String] = []
    if let node = fields["aliases"] {
      guard let items = node.sequence else { throw document.error(node, path + ".aliases", "expected a list of names, e.g. [满意度, CSAT]") }
      for (k, item) in items.enumerated() {
        guard let name = item.scalar?.string, !name.trimmingCharacters(in: .whitespaces).isEmpty else {
          throw document.error(item, "\(path).aliases[\(k)]", "expected a non-empty name")
        }
        aliases.append(name)
      }
    }
    return IndicatorInfo(
      id: id, chineseLabel: try text("zh", required: false) ?? "", englishLabel: try text("en", required: false) ?? id,
      unit: try text("unit", required: false) ?? "", direction: direction, isOutcome: isOutcome, plausibleRange: range,
      source: document.file, isOptional: optional, aliases: aliases)
  }
}

/// The UTF-8 text of a configuration file, or a ``ConfigError`` saying why not.
func configText(_ path: String) throws -> String {
  try ConfigText.decode(ConfigText.read(path), file: path)
}

