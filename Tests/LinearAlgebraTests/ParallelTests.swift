import Testing
import TestSupport
@testable import LinearAlgebra

@Suite("Parallel: the one concurrency helper")
struct ParallelTests {
  struct Failure: Error, Equatable { let k: Int }

  @Test("map returns results in iteration order and rethrows the lowest failing iteration's error")
  func mapOrder() throws {
    #expect(try Parallel.map(100) { $0 * $0 } == (0..<100).map { $0 * $0 })
    #expect(throws: Failure(k: 3)) { _ = try Parallel.map(10) { k in if k == 3 || k == 7 { throw Failure(k: k) }; return k } }
  }

  @Test("disjoint claims succeed, overlapping and out-of-bounds claims are refused, and every element is written once")
  func disjointRows() throws {
    var storage = [Double](repeating: 0, count: 1000)
    storage.withUnsafeMutableBufferPointer { buffer in
      let rows = Parallel.DisjointRows(buffer)
      #expect(rows.claim(0..<400) != nil)
      #expect(rows.claim(399..<500) == nil, "overlaps the first claim")
      #expect(rows.claim(900..<1001) == nil, "out of bounds")
      #expect(rows.claim(400..<1000) != nil)
      #expect(rows.claim(500..<501) == nil)
    }
    // Two writers on their halves, through their claims.
    storage.withUnsafeMutableBufferPointer { buffer in
      let rows = Parallel.DisjointRows(buffer)
      _ = try? Parallel.map(2) { k in
        guard let own = rows.claim((k * 500)..<((k + 1) * 500)) else { return }
        for i in own.indices { own[i] += Double(k * 500 + i) + 1 }
      }
    }
    #expect(storage == (0..<1000).map { Double($0) + 1 })
  }

  @Test("the counter and the first recorded value are safe from many iterations")
  func counterAndFirst() throws {
    let counter = Parallel.Counter()
    let first = Parallel.FirstValue<Int>()
    _ = try Parallel.map(64) { k in
      _ = counter.increment()
      first.record(k)
    }
    #expect(counter.increment() == 65)
    #expect(first.value != nil)
  }
}
