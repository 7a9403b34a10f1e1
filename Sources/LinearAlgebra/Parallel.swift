import Dispatch
import Synchronization

/// The package's one helper for work split over the two cores.
///
/// Everything that runs concurrently goes through here: ``map(_:_:)`` collects per-iteration
/// results behind a `Synchronization.Mutex`; ``Shared`` is the single audited place where a
/// non-`Sendable` value (a buffer pointer) crosses into concurrent iterations; ``DisjointRows``
/// hands out the sub-ranges of one output buffer that different iterations write, and checks
/// that they do not overlap. `package` access: none of it is public API.
package enum Parallel {
  /// `body(k)` for `k in 0..<count`, run by `DispatchQueue.concurrentPerform`; the results in
  /// order of `k`.
  /// - Throws: the error of the lowest `k` that failed (after every iteration has finished).
  package static func map<T: Sendable>(_ count: Int, _ body: (Int) throws -> T) throws -> [T] {
    let slots = Mutex<[Result<T, any Error>?]>(Array(repeating: nil, count: count))
    withoutActuallyEscaping(body) { body in
      let shared = Shared(body)
      DispatchQueue.concurrentPerform(iterations: count) { k in
        let result = Result { try shared.value(k) }
        slots.withLock { $0[k] = result }
      }
    }
    return try slots.withLock { results in try results.map { try $0!.get() } }
  }

  /// A counter shared between iterations (progress reporting).
  package final class Counter: Sendable {
    private let count = Mutex(0)
    package init() {}
    /// Adds one and returns the new count.
    package func increment() -> Int { count.withLock { $0 += 1; return $0 } }
  }

  /// The first value recorded by any iteration (e.g. the first failure met).
  package final class FirstValue<Value: Sendable>: Sendable {
    private let stored = Mutex<Value?>(nil)
    package init() {}
    package func record(_ value: Value) { stored.withLock { if $0 == nil { $0 = value } } }
    package var value: Value? { stored.withLock { $0 } }
  }

  /// A value handed to concurrent iterations that the caller guarantees is only read while they
  /// run (buffer pointers into arrays that outlive the call, closures over such pointers).
  package struct Shared<Value>: @unchecked Sendable {
    package let value: Value
    package init(_ value: Value) { self.value = value }
  }

  /// Sub-ranges of one output buffer written by different iterations. ``claim(_:)`` returns the
  /// range's pointer only when it overlaps no range claimed before, so two writers can never
  /// share an element.
  package final class DisjointRows<Element>: @unchecked Sendable {
    private let base: UnsafeMutableBufferPointer<Element>
    private let claimed = Mutex<[Range<Int>]>([])

    package init(_ base: UnsafeMutableBufferPointer<Element>) { self.base = base }

    /// The elements `range` of the buffer for one writer.
    /// - Returns: `nil` when `range` is out of bounds or overlaps a range already claimed.
    package func claim(_ range: Range<Int>) -> UnsafeMutableBufferPointer<Element>? {
      guard range.lowerBound >= 0, range.upperBound <= base.count else { return nil }
      let ok = claimed.withLock { ranges -> Bool in
        guard !ranges.contains(where: { $0.overlaps(range) }) else { return false }
        ranges.append(range)
        return true
      }
      guard ok else { return nil }
      return UnsafeMutableBufferPointer(rebasing: base[range])
    }
  }
}
