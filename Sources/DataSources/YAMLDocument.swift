import Foundation
import WeightAnalysis
import Yams

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
      throw syntaxError(error, file: file)
    }
  }

  /// A YAML/JSON syntax error at its line and column: `file:3:7: error: not valid YAML/JSON:
  /// could not find expected ':' (while scanning a simple key)`.
  static func syntaxError(_ error: YamlError, file: String) -> ConfigError {
    func located(_ problem: String, _ context: YamlError.Context?, _ mark: Mark) -> ConfigError {
      let during = context.map { " (\($0.text))" } ?? ""
      return ConfigError(file: file, line: mark.line, column: mark.column, keyPath: "", message: "not valid YAML/JSON: \(problem)\(during)")
    }
    switch error {
    case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _), .composer(let context, let problem, let mark, _):
      return located(problem, context, mark)
    case .duplicatedKeysInMapping(let duplicates, let context):
      return ConfigError(
        file: file, line: context.mark.line, column: context.mark.column, keyPath: "",
        message: "not valid YAML/JSON: the key\(duplicates.count == 1 ? "" : "s") \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) appear\(duplicates.count == 1 ? "s" : "") twice in one mapping")
    case .reader(let problem, let offset, _, _):
      return ConfigError(file: file, line: nil, keyPath: "", message: "not valid YAML/JSON text: \(problem)\(offset.map { " at byte \($0)" } ?? "")")
    default:
      return ConfigError(file: file, line: nil, keyPath: "", message: "not valid YAML/JSON: \(error)")
    }
  }

  func error(_ node: Node, _ keyPath: String, _ message: String) -> ConfigError {
    ConfigError(file: file, line: node.mark.map { $0.line }, column: node.mark.map { $0.column }, keyPath: keyPath, message: message)
  }
}
