import Foundation
import LinearAlgebra

/// SplitMix64 (Steele, Lea & Flood 2014): the one explicit-seed generator of the test suites, so
/// every random test is reproducible.
public struct SeededGenerator: RandomNumberGenerator {
  public var state: UInt64
  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Uniform on (0, 1): `(⌊z/2¹¹⌋ + ½)/2⁵³`, never 0 or 1.
  public mutating func openUniform() -> Double { (Double(next() >> 11) + 0.5) / Double(1 << 53) }

  /// Standard normal by Box–Muller on ``openUniform()``.
  public mutating func gaussian() -> Double { (-2 * log(openUniform())).squareRoot() * cos(2 * .pi * openUniform()) }

  /// Standard normal by Box–Muller on the standard library's `Double.random(in:using:)`.
  public mutating func normal() -> Double {
    let u = Double.random(in: Double.ulpOfOne..<1, using: &self)
    let v = Double.random(in: 0..<1, using: &self)
    return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
  }

  /// An `m × n` matrix of standard normal entries.
  public mutating func matrix(_ m: Int, _ n: Int) -> Matrix {
    Matrix(rows: m, columns: n, columnMajor: (0..<(m * n)).map { _ in normal() })
  }
}

/// Seeded standard normal numbers (``SeededGenerator/gaussian()``) for test data.
public struct SeededNormal {
  var generator: SeededGenerator
  public init(seed: UInt64) { generator = SeededGenerator(seed: seed) }
  public mutating func next() -> Double { generator.gaussian() }
}
