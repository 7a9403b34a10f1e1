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
