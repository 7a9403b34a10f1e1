import Foundation
import LinearAlgebra

/// SplitMix64 (Steele, Lea & Flood 2014): small, fast, and a fixed sequence for a seed.
public struct SplitMix64: Sendable {
  var state: UInt64
  public init(seed: UInt64) { state = seed }

  /// Stream number `index` of a seed. Seeding replicate `b` with `seed + b·γ` would make stream
  /// `b + 1` the stream `b` shifted by one draw (SplitMix64 advances its state by γ), i.e. almost
  /// the same resample; hashing `(seed, index)` through the SplitMix64 finaliser (a bijection)
  /// gives unrelated starting points.
  public static func stream(seed: UInt64, index: Int) -> SplitMix64 {
    SplitMix64(seed: mix(seed ^ mix(UInt64(truncatingIfNeeded: index) &+ 0x632B_E59B_D9B4_E019)))
  }

  static func mix(_ value: UInt64) -> UInt64 {
    var z = value
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  /// Uniform integer in `0..<bound` without modulo bias (Lemire's multiply-shift with rejection).
  public mutating func below(_ bound: Int) -> Int {
    let range = UInt64(bound)
    while true {
      let product = next().multipliedFullWidth(by: range)
      if product.low >= (0 &- range) % range { return Int(product.high) }
    }
  }

  /// Uniform in (0, 1): 53 random bits, offset by half a step.
  public mutating func openUniform() -> Double { (Double(next() >> 11) + 0.5) / Double(1 << 53) }

  /// Standard normal (Box–Muller; one of the pair).
  public mutating func normal() -> Double {
    let u = openUniform(), v = openUniform()
    return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
  }
}
