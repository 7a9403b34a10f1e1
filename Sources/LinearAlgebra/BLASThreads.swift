#if canImport(Glibc)
  import Glibc
#endif

/// Threading of the BLAS library behind `libblas.so.3`.
///
/// Debian's OpenBLAS (`libopenblas0-pthread`) starts one worker thread per core when it is
/// loaded; a worker waits for work by spinning on `sched_yield` for about 2²⁸ cycles before it
/// sleeps, and again after every threaded call. kpi-weights' own work is laid out for one BLAS
/// thread: the tall-skinny QR factors cache-sized blocks (measured: 1,000,000 × 20 in 0.17 s
/// with one OpenBLAS thread, 0.20 s with two), while the CSV reader parses on both cores, where
/// a spinning BLAS worker takes a third of the machine (measured: 60–100 ms of a 450 ms run).
///
/// The library asks for one thread before its first two-thread reduction; the CLI also calls
/// ``useOneThread(stopWorkers:)`` at start to stop the spinning workers.
/// ``useOneThread(stopWorkers:)`` asks OpenBLAS for one thread and stops its idle workers, through
/// OpenBLAS's exported functions looked up at run time. With the reference BLAS, or any library
/// without them, it does nothing: the same binary works with either Debian alternative.
public enum BLASThreads {
  /// What ``useOneThread()`` found.
  public enum Outcome: Sendable, Equatable {
    /// OpenBLAS was told to use one thread and its workers were stopped.
    case openBLASSingleThreaded
    /// No OpenBLAS threading functions were found (e.g. the reference BLAS); nothing to do.
    case notOpenBLAS
  }

  /// Requested once before the library runs BLAS on two threads of its own: OpenBLAS threading
  /// inside concurrent calls makes them wait for each other (measured: the 1,000,000 × 20
  /// solve took 0.54 s instead of 0.17 s).
  static let oneThreadForParallelWork: Void = { useOneThread(stopWorkers: false) }()

  /// Makes OpenBLAS single-threaded and, with `stopWorkers`, joins its idle worker threads.
  ///
  /// Stopping the workers is only safe while no other thread is inside BLAS: call it once, at
  /// the start of the program (the CLI does). Requesting one thread is safe at any time.
  @discardableResult
  public static func useOneThread(stopWorkers: Bool = true) -> Outcome {
    #if canImport(Glibc)
      guard let handle = dlopen(nil, RTLD_NOW) else { return .notOpenBLAS }
      defer { dlclose(handle) }
      guard let setSymbol = dlsym(handle, "openblas_set_num_threads"),
        let getSymbol = dlsym(handle, "openblas_get_num_threads")
      else { return .notOpenBLAS }
      typealias SetThreads = @convention(c) (Int32) -> Void
      typealias GetThreads = @convention(c) () -> Int32
      // Setting the count restarts stopped workers (OpenBLAS re-initialises its pool lazily),
      // so it is only set when it is not 1 already.
      if unsafeBitCast(getSymbol, to: GetThreads.self)() != 1 {
        unsafeBitCast(setSymbol, to: SetThreads.self)(1)
      }
      // Joins the workers; with one thread requested OpenBLAS never restarts them.
      if stopWorkers, let shutdownSymbol = dlsym(handle, "blas_thread_shutdown_") {
        typealias Shutdown = @convention(c) () -> Int32
        _ = unsafeBitCast(shutdownSymbol, to: Shutdown.self)()
      }
      return .openBLASSingleThreaded
    #else
      return .notOpenBLAS
    #endif
  }
}
