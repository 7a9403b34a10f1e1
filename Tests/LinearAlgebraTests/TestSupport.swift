import Foundation
import LinearAlgebra
import TestSupport

/// This suite's fixtures (its own bundle), read by ``FixtureLoader``.
struct Fixture {
  static func load(_ name: String) throws -> [String: Any] { try FixtureLoader.json(name, in: .module) }
  static func matrix(_ value: Any?) -> Matrix { FixtureLoader.matrix(value) }
  static func vector(_ value: Any?) -> [Double] { FixtureLoader.vector(value) }
}
