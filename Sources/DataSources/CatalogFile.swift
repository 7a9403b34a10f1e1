import Foundation
import WeightAnalysis
import Yams

/// A problem in a configuration file (catalog, AHP matrix, …), located by key path and line.
public struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
  public let file: String
  public let line: Int?
  public let keyPath: String
  public let message: String

  public init(file: String, line: Int?, keyPath: String, message: String) {
    self.file = file
    self.line = line
    self.keyPath = keyPath
    self.message = message
  }

  public var description: String {
    let at = line.map { "\(file):\($0)" } ?? file
    return keyPath.isEmpty ? "\(at): error: \(message)" : "\(at): error: \(keyPath): \(message)"
  }
}

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

  static let entryKeys: Set<String> = ["id", "zh", "en", "unit", "direction", "range", "optional"]

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
        let low = items[0].scalar.flatMap({ Double($0.string) }), let high = items[1].scalar.flatMap({ Double($0.string) }),
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
    return IndicatorInfo(
      id: id, chineseLabel: try text("zh", required: false) ?? "", englishLabel: try text("en", required: false) ?? id,
      unit: try text("unit", required: false) ?? "", direction: direction, isOutcome: isOutcome, plausibleRange: range,
      source: document.file, isOptional: optional)
  }
}

/// The UTF-8 text of a configuration file, or a ``ConfigError`` saying why not.
func configText(_ path: String) throws -> String {
  try ConfigText.decode(ConfigText.read(path), file: path)
}

/// Reading configuration files (catalogs, presets, SWOT, AHP matrices, weight configs) as text.
public enum ConfigText {
  /// The bytes of a configuration file.
  /// - Throws: ``ConfigError`` "no such file" or "cannot read the file".
  public static func read(_ path: String) throws -> [UInt8] {
    do {
      return try CSVReader.readFile(path)
    } catch DataError.unreadable(_, let reason) {
      throw ConfigError(file: path, line: nil, keyPath: "", message: reason == "no such file" ? "no such file" : "cannot read the file")
    }
  }

  /// UTF-8 text of a configuration file's bytes (a BOM is dropped).
  /// - Throws: ``ConfigError`` when the bytes are not UTF-8.
  public static func decode(_ bytes: [UInt8], file: String) throws -> String {
    guard var text = String(validating: bytes, as: UTF8.self) else {
      throw ConfigError(file: file, line: nil, keyPath: "", message: "the file is not UTF-8 text")
    }
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    return text
  }
}

/// A composed YAML document that can locate its nodes in error messages.
struct YAMLDocument {
  let node: Node
  let file: String

  static func compose(_ text: String, file: String) throws -> YAMLDocument {
    do {
      guard let node = try Yams.compose(yaml: text) else {
        throw ConfigError(file: file, line: nil, keyPath: "", message: "the file is empty")
      }
      return YAMLDocument(node: node, file: file)
    } catch let error as YamlError {
      throw ConfigError(file: file, line: nil, keyPath: "", message: "not valid YAML/JSON: \(error)")
    }
  }

  func error(_ node: Node, _ keyPath: String, _ message: String) -> ConfigError {
    ConfigError(file: file, line: node.mark.map { $0.line }, keyPath: keyPath, message: message)
  }
}
