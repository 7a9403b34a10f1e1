import Foundation
import WeightAnalysis
import Yams

/// Reads SWOT files.
///
/// ```yaml
/// strengths:
///   - text: 高效的服务流程 (efficient service process)
///     raise: [first_fix_pct, resolution_hours]
///     strength: 2            # 1 slight, 2 clear, 3 decisive (default 1)
/// threats:
///   - text: competitors win on satisfaction
///     raise: [satisfaction_pct]
/// weaknesses: []
/// opportunities: []
/// ```
/// Each item raises and/or lowers indicators (`raise`, `lower`); see ``SWOTAnalysis/adjust(_:)``.
public enum SWOTFile {
  public static func load(path: String) throws -> SWOTAnalysis {
    try parse(configText(path), file: path)
  }

  public static func parse(_ text: String, file: String) throws -> SWOTAnalysis {
    let document = try YAMLDocument.compose(text, file: file)
    guard let mapping = document.node.mapping else { throw document.error(document.node, "", "expected strengths, weaknesses, opportunities and/or threats") }
    var items: [SWOTAnalysis.Item] = []
    for (key, value) in mapping {
      guard let name = key.string, let kind = SWOTAnalysis.Kind(rawValue: name) else {
        throw document.error(key, key.string ?? "?", "unknown key; expected strengths, weaknesses, opportunities or threats")
      }
      guard let list = value.sequence else { throw document.error(value, name, "expected a list of items") }
      for (index, node) in list.enumerated() {
        let path = "\(name)[\(index)]"
        guard let item = node.mapping else { throw document.error(node, path, "expected {text, raise, lower, strength}") }
        var raise: [String] = [], lower: [String] = []
        var strength = 1
        var text = ""
        for (k, v) in item {
          switch k.string {
          case "text":
            guard let scalar = v.scalar?.string else { throw document.error(v, "\(path).text", "expected the item's text as one string, e.g. text: 服务流程高效") }
            text = scalar
          case "raise", "lower":
            guard let ids = v.sequence?.compactMap({ $0.string }), !ids.isEmpty else {
              throw document.error(v, "\(path).\(k.string!)", "expected a list of indicator ids, e.g. [satisfaction_pct]")
            }
            if k.string == "raise" { raise = ids } else { lower = ids }
          case "strength":
            guard let level = v.int, (1...3).contains(level) else {
              throw document.error(v, "\(path).strength", "expected 1 (slight), 2 (clear) or 3 (decisive)")
            }
            strength = level
          default:
            throw document.error(k, "\(path).\(k.string ?? "?")", "unknown key; expected text, raise, lower, strength")
          }
        }
        if raise.isEmpty && lower.isEmpty {
          throw document.error(node, path, "names no indicator; add raise: [...] or lower: [...]")
        }
        items.append(SWOTAnalysis.Item(kind: kind, text: text, raise: raise, lower: lower, strength: strength))
      }
    }
    return SWOTAnalysis(items: items)
  }
}
