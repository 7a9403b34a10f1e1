import Foundation
import LinearAlgebra
import WeightAnalysis

/// The test suites' one explicit-seed generator, so every random test is reproducible: the
/// library's own ``SplitMix64`` behind the standard `RandomNumberGenerator` protocol.
public struct SeededGenerator: RandomNumberGenerator {
  var source: SplitMix64
  public init(seed: UInt64) { source = SplitMix64(seed: seed) }

  public mutating func next() -> UInt64 { source.next() }

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
