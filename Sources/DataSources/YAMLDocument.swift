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
      throw ConfigError(file: file, line: nil, keyPath: "", message: "not valid YAML/JSON: \(error)")
    }
  }

  func error(_ node: Node, _ keyPath: String, _ message: String) -> ConfigError {
    ConfigError(file: file, line: node.mark.map { $0.line }, keyPath: keyPath, message: message)
  }
}
