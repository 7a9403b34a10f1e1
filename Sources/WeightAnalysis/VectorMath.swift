import Foundation

/// Elementwise kernels on eight doubles at a time, for the hot loops of the logistic submodel fits.
package enum VectorMath {
  /// `eˣ` of eight values (x clamped to [−708, 709]), to about 1 ulp (2.2e-16 relative, tested
  /// against libm): `x = k ln 2 + r` with `k = round(x / ln 2)` (the 1.5·2⁵² shifter), `ln 2` in two
  /// parts (Cody–Waite), `eʳ` by its Taylor polynomial of degree 13 on |r| ≤ ln 2 / 2 (remainder
  /// below 4e-18), and `2ᵏ` built in the exponent bits.
  @inline(__always)
  package static func exp(_ y: SIMD8<Double>) -> SIMD8<Double> {
    let x = y.clamped(lowerBound: SIMD8(repeating: -708), upperBound: SIMD8(repeating: 709))
    let shifter = SIMD8<Double>(repeating: 6_755_399_441_055_744.0)
    let t = x * 1.442_695_040_888_963_4 + shifter
    let k = t - shifter
    let r = x - k * 6.931_471_803_691_238_164_90e-01 - k * 1.908_214_929_270_587_700_02e-10
    var p = SIMD8<Double>(repeating: 1.0 / 6_227_020_800.0)
    p = p * r + 1.0 / 479_001_600.0
    p = p * r + 1.0 / 39_916_800.0
    p = p * r + 1.0 / 3_628_800.0
    p = p * r + 1.0 / 362_880.0
    p = p * r + 1.0 / 40_320.0
    p = p * r + 1.0 / 5_040.0
    p = p * r + 1.0 / 720.0
    p = p * r + 1.0 / 120.0
    p = p * r + 1.0 / 24.0
    p = p * r + 1.0 / 6.0
    p = p * r + 0.5
    p = p * r + 1.0
    p = p * r + 1.0
    // The low bits of t hold k (two's complement): shifted into the exponent field.
    let bits = (unsafeBitCast(t, to: SIMD8<Int64>.self) &+ 1023) &<< 52
    return p * unsafeBitCast(bits, to: SIMD8<Double>.self)
  }

  /// `eˣ` of every element of `x` into `out`.
  package static func exp(_ x: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
    let n = x.count
    let source = UnsafeRawPointer(x.baseAddress!), target = UnsafeMutableRawPointer(out.baseAddress!)
    var i = 0
    while i + 8 <= n {
      target.storeBytes(of: exp(source.loadUnaligned(fromByteOffset: i * 8, as: SIMD8<Double>.self)), toByteOffset: i * 8, as: SIMD8<Double>.self)
      i += 8
    }
    while i < n {
      out[i] = Foundation.exp(x[i])
      i += 1
    }
  }
}
