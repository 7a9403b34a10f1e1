import Foundation

/// Elementwise kernels on eight doubles at a time, for the hot loops of the logistic submodel fits.
package enum VectorMath {
  /// `eˣ` of eight values (x clamped to [−708, 709]), to about 1 ulp (2.2e-16 relative, tested
  /// against libm): `x = k ln 2 + r` with `k = round(x / ln 2)` (the 1.5·2⁵² shifter), `ln 2` in two
  /// parts (Cody–Waite), `eʳ` by its Taylor polynomial of degree 13 on |r| ≤ ln 2 / 2 (remainder
  /// below 4e-18), and `2ᵏ` built in the exponent bits.
  @inline(__always)
  package static func exp(_ y: SIMD8<Double>) -> SIMD8<Double> {
    // Clamped by blends (`clamped(lowerBound:upperBound:)` is an out-of-line call); NaN stays NaN.
    let low = SIMD8<Double>(repeating: -708), high = SIMD8<Double>(repeating: 709)
    let x = y.replacing(with: low, where: y .< low).replacing(with: high, where: y .> high)
    let shifter = SIMD8<Double>(repeating: 6_755_399_441_055_744.0)
    let t = x * 1.442_695_040_888_963_4 + shifter
    let k = t - shifter
    let r = x - k * 6.931_471_803_691_238_164_90e-01 - k * 1.908_214_929_270_587_700_02e-10
    // eʳ = 1 + r(1 + r(½ + r(⅙ + r H(r)))), H(r) = Σⱼ rʲ/(j + 4)! (j = 0…9) by Estrin's scheme
    // (pairs, then r², r⁴, r⁸): eight dependent steps instead of Horner's thirteen, so
    // consecutive calls overlap in the pipeline, and the last steps, near 1, stay Horner's.
    func c(_ value: Double) -> SIMD8<Double> { SIMD8(repeating: value) }
    let r2 = r * r
    let r4 = r2 * r2, r8 = r4 * r4
    let p45 = fusedMultiplyAdd(r, c(1.0 / 120), c(1.0 / 24)), p67 = fusedMultiplyAdd(r, c(1.0 / 5_040), c(1.0 / 720))
    let p89 = fusedMultiplyAdd(r, c(1.0 / 362_880), c(1.0 / 40_320))
    let p1011 = fusedMultiplyAdd(r, c(1.0 / 39_916_800), c(1.0 / 3_628_800))
    let p1213 = fusedMultiplyAdd(r, c(1.0 / 6_227_020_800), c(1.0 / 479_001_600))
    let q0 = fusedMultiplyAdd(p67, r2, p45), q1 = fusedMultiplyAdd(p1011, r2, p89)
    let h = fusedMultiplyAdd(p1213, r8, fusedMultiplyAdd(q1, r4, q0))
    var p = fusedMultiplyAdd(h, r, c(1.0 / 6))
    p = fusedMultiplyAdd(p, r, c(0.5))
    p = fusedMultiplyAdd(p, r, c(1))
    p = fusedMultiplyAdd(p, r, c(1))
    // The low bits of t hold k (two's complement): shifted into the exponent field.
    let bits = (unsafeBitCast(t, to: SIMD8<Int64>.self) &+ 1023) &<< 52
    return p * unsafeBitCast(bits, to: SIMD8<Double>.self)
  }

  /// `a·b + c`, in one rounding where the build targets a CPU with FMA (the `FUSED_MULTIPLY_ADD`
  /// condition that Package.swift sets), else as a product and a sum.
  @inline(__always)
  package static func fusedMultiplyAdd(_ a: SIMD8<Double>, _ b: SIMD8<Double>, _ c: SIMD8<Double>) -> SIMD8<Double> {
    #if FUSED_MULTIPLY_ADD
      return c.addingProduct(a, b)
    #else
      return a * b + c
    #endif
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
