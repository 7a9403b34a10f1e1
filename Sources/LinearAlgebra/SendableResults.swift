import Foundation

/// Results of concurrent work (`DispatchQueue.concurrentPerform`), one slot per iteration,
/// behind a lock. Used wherever the library splits work over the two cores.
public final class SendableResults<Value>: @unchecked Sendable {
  private var results: [Result<Value, Error>?]
  private let lock = NSLock()

  public init(count: Int) { results = Array(repeating: nil, count: count) }

  public func set(_ k: Int, _ result: Result<Value, Error>) { lock.withLock { results[k] = result } }

  /// The result of iteration `k`; it must have been set.
  public func get(_ k: Int) -> Result<Value, Error> { lock.withLock { results[k]! } }

  /// Every value, in iteration order (all slots must hold successes).
  public func values() throws -> [Value] { try lock.withLock { try results.map { try $0!.get() } } }
}
