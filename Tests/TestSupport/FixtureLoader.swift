import Foundation
import LinearAlgebra

/// Reads fixtures (JSON written by the committed scripts under `scripts/`) from a test bundle.
public enum FixtureLoader {
  public struct Missing: Error, CustomStringConvertible {
    public let name: String
    public var description: String { "fixture \(name) is not in the test bundle's Fixtures folder" }
  }

  /// The URL of `Fixtures/name.ext` in `bundle`.
  public static func url(_ name: String, _ ext: String, in bundle: Bundle) throws -> URL {
    guard let url = bundle.url(forResource: name, withExtension: ext, subdirectory: "Fixtures") else { throw Missing(name: "\(name).\(ext)") }
    return url
  }

  /// A JSON object fixture.
  public static func json(_ name: String, in bundle: Bundle) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url(name, "json", in: bundle)))
    guard let dictionary = object as? [String: Any] else { throw Missing(name: "\(name).json (an object)") }
    return dictionary
  }

  public static func matrix(_ value: Any?) -> Matrix { Matrix(rowMajor: ((value as? [[NSNumber]]) ?? []).map { $0.map(\.doubleValue) }) }
  public static func vector(_ value: Any?) -> [Double] { ((value as? [NSNumber]) ?? []).map(\.doubleValue) }
}
