/// Relative error `|a − b| / max(|b|, floor)` (0 when equal), the comparison every numerical
/// test uses.
public func relativeError(_ a: Double, _ b: Double, floor: Double = 1e-300) -> Double {
  if a == b { return 0 }
  return abs(a - b) / max(abs(b), floor)
}

/// The largest absolute difference of two equally long vectors.
public func maxAbsDifference(_ a: [Double], _ b: [Double]) -> Double {
  zip(a, b).map { abs($0 - $1) }.max() ?? 0
}

/// The message of the error `body` throws, or "no error" (exact-message tests).
public func message(_ body: () throws -> Void) -> String {
  do {
    try body()
    return "no error"
  } catch {
    return "\(error)"
  }
}
