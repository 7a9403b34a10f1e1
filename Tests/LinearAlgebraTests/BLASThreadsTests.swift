import Foundation
import Testing
import TestSupport

@testable import LinearAlgebra

@Suite("BLAS threads")
struct BLASThreadsTests {
  @Test("one OpenBLAS thread when OpenBLAS is the BLAS; solving still works")
  func oneThread() throws {
    // Other tests run BLAS concurrently, so the workers are not stopped here; the CLI tests run
    // the executable, which stops them at start.
    let outcome = BLASThreads.useOneThread(stopWorkers: false)
    guard let handle = dlopen(nil, RTLD_NOW) else { Issue.record("dlopen failed"); return }
    defer { dlclose(handle) }
    if let symbol = dlsym(handle, "openblas_get_num_threads") {
      typealias GetThreads = @convention(c) () -> Int32
      #expect(outcome == .openBLASSingleThreaded)
      #expect(unsafeBitCast(symbol, to: GetThreads.self)() == 1)
    } else {
      #expect(outcome == .notOpenBLAS)
    }
    // A problem large enough for OpenBLAS to thread its level-3 kernels if it still could.
    var rng = SeededGenerator(seed: 5)
    let a = rng.matrix(2_000, 300)
    let b = (0..<2_000).map { _ in rng.normal() }
    let solution = try LeastSquares.solve(a, b)
    #expect(a.transposeMultiplied(by: solution.residuals).map(abs).max()! < 1e-9)
  }
}
