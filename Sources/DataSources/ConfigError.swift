import Foundation
import WeightAnalysis
import Yams

/// A problem in a configuration file (catalog, AHP matrix, …), located by key path, line and
/// (for YAML/JSON) column: `file:line:column: error: key: message`.
public struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
  public let file: String
  public let line: Int?
  /// 1-based, in Unicode scalars (as libyaml counts); `nil` when only the line is known.
  public let column: Int?
  public let keyPath: String
  public let message: String

  public init(file: String, line: Int?, column: Int? = nil, keyPath: String, message: String) {
    self.file = file
    self.line = line
    self.column = line == nil ? nil : column
    self.keyPath = keyPath
    self.message = message
  }

  public var description: String {
    let at = line.map { "\(file):\($0)" + (column.map { ":\($0)" } ?? "") } ?? file
    return keyPath.isEmpty ? "\(at): error: \(message)" : "\(at): error: \(keyPath): \(message)"
  }
}
