import Foundation
import Testing
import TestSupport

@testable import LinearAlgebra

/// TSQR (`dtpqrt` on the running triangle) against one `dgeqrf` of the whole matrix.
@Suite("TSQR: blocks and merges give the QR factor of the whole")
struct TallSkinnyQRTests {
  /// `R` of the whole matrix by one `dgeqrf`, with a non-negative diagonal.
  static func wholeFactor(_ a: Matrix) throws -> Matrix {
    var storage = a.storage
    _ = try LAPACK.dgeqrf(m: a.rows, n: a.columns, a: &storage)
    let n = a.columns
    var r = Matrix(rows: n, columns: n)
    for j in 0..<n { for i in 0...j { r[i, j] = storage[i + j * a.rows] } }
    for i in 0..<n where r[i, i] < 0 { for j in i..<n { r[i, j] = -r[i, j] } }
    return r
  }

  static func add(_ qr: inout TallSkinnyQR, _ a: Matrix, rows range: Range<Int>) throws {
    let block = range.flatMap { i in (0..<a.columns).map { a[i, $0] } }
    try block.withUnsafeBufferPointer { try qr.add(rowMajor: $0, rows: range.count) }
  }

  @Test("blocks of 1, 3 (fewer rows than columns), 64 and 1000 rows, and merges of 1–4 parts: R to 1e-13 of its norm", arguments: [1, 3, 64, 1000])
  func blocks(size: Int) throws {
    var random = SeededGenerator(seed: UInt64(size))
    let (m, n) = (1000, 6)
    var a = random.matrix(m, n)
    for i in 0..<m { a[i, 2] = 1e3 + a[i, 2] }  // a column far from its spread
    let whole = try Self.wholeFactor(a)
    let scale = whole.storage.map(abs).max()!
    for parts in 1...4 {
      var factors: [TallSkinnyQR] = []
      for p in 0..<parts {
        var qr = TallSkinnyQR(columns: n)
        var start = p * m / parts
        let stop = (p + 1) * m / parts
        while start < stop {
          try Self.add(&qr, a, rows: start..<min(stop, start + size))
          start += size
        }
        factors.append(qr)
      }
      var total = factors[0]
      for other in factors.dropFirst() { try total.merge(other) }
      #expect(total.rows == m)
      let r = total.triangle
      for i in 0..<n {
        for j in 0..<n {
          #expect(abs(r[i, j] - whole[i, j]) <= 1e-13 * scale, "parts \(parts) R[\(i), \(j)]: \(r[i, j]) vs \(whole[i, j])")
          if i > j { #expect(r[i, j] == 0) }
        }
      }
    }
  }

  @Test("an empty factor merges as nothing; a triangle round-trips")
  func edges() throws {
    var random = SeededGenerator(seed: 9)
    let a = random.matrix(50, 4)
    var qr = TallSkinnyQR(columns: 4)
    try Self.add(&qr, a, rows: 0..<50)
    let before = qr.triangle
    try qr.merge(TallSkinnyQR(columns: 4))
    #expect(qr.triangle == before && qr.rows == 50)
    let copy = try TallSkinnyQR(triangle: before, rows: 50)
    #expect(copy.triangle == before)
  }
}
