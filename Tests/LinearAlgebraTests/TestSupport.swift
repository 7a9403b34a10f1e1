import Foundation
import LinearAlgebra

/// SplitMix64: a small, explicit-seed generator so every random test is reproducible.
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  /// Standard normal by Box–Muller.
  mutating func normal() -> Double {
    let u = Double.random(in: Double.ulpOfOne..<1, using: &self)
    let v = Double.random(in: 0..<1, using: &self)
    return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
  }
  mutating func matrix(_ m: Int, _ n: Int) -> Matrix {
    Matrix(rows: m, columns: n, columnMajor: (0..<(m * n)).map { _ in normal() })
  }
}

func maxAbsDifference(_ a: [Double], _ b: [Double]) -> Double {
  zip(a, b).map { abs($0 - $1) }.max() ?? 0
}

struct Fixture {
  static func load(_ name: String) throws -> [String: Any] {
    guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures") else {
      throw CocoaError(.fileNoSuchFile)
    }
    return try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
  }

  static func matrix(_ value: Any?) -> Matrix {
    Matrix(rowMajor: (value as! [[NSNumber]]).map { $0.map(\.doubleValue) })
  }

  static func vector(_ value: Any?) -> [Double] {
    (value as! [NSNumber]).map(\.doubleValue)
  }
}
