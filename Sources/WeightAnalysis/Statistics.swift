/// Small descriptive statistics shared by every workflow (each rule lives here once).
public enum Statistics {
  /// Quantile of sorted values with linear interpolation between order statistics
  /// (`h = (n − 1) q`, numpy's default "linear" method, Hyndman & Fan type 7).
  ///
  /// ```
  /// Q(q) = x₍⌊h⌋₎ + (h − ⌊h⌋)·(x₍⌊h⌋+1₎ − x₍⌊h⌋₎),   h = (n − 1)·q
  /// ```
  /// - Returns: NaN for an empty sample.
  public static func quantile(sorted: [Double], _ q: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    let h = Double(sorted.count - 1) * q
    let lower = Int(h.rounded(.down))
    let upper = min(lower + 1, sorted.count - 1)
    return sorted[lower] + (h - Double(lower)) * (sorted[upper] - sorted[lower])
  }

  /// What a box plot draws: the extremes, p10/p90 whiskers, the quartiles and the median
  /// (``quantile(sorted:_:)`` for each).
  public struct BoxSummary: Sendable, Equatable {
    public let minimum, p10, q1, median, q3, p90, maximum: Double
  }

  /// The box-plot summary of a sample (NaN everywhere for an empty one).
  public static func boxSummary(_ sample: [Double]) -> BoxSummary {
    let sorted = sample.sorted()
    return BoxSummary(
      minimum: sorted.first ?? .nan, p10: quantile(sorted: sorted, 0.1), q1: quantile(sorted: sorted, 0.25), median: quantile(sorted: sorted, 0.5),
      q3: quantile(sorted: sorted, 0.75), p90: quantile(sorted: sorted, 0.9), maximum: sorted.last ?? .nan)
  }

  /// The least-squares line of `y` on `x`: `slope = Sxy/Sxx`, `intercept = ȳ − slope·x̄`.
  /// - Returns: `nil` when `x` does not vary (or is empty).
  public static func simpleRegression(_ x: [Double], _ y: [Double]) -> (intercept: Double, slope: Double)? {
    precondition(x.count == y.count, "simpleRegression needs equal lengths, got \(x.count) and \(y.count)")
    guard !x.isEmpty else { return nil }
    let n = Double(x.count)
    let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
    var sxy = 0.0, sxx = 0.0
    for i in x.indices {
      sxy += (x[i] - mx) * (y[i] - my)
      sxx += (x[i] - mx) * (x[i] - mx)
    }
    guard sxx > 0 else { return nil }
    let slope = sxy / sxx
    return (my - slope * mx, slope)
  }

  /// Dense codes `0, 1, 2, …` for labels, numbered in order of first appearance.
  /// - Returns: the code of every label and the distinct labels in code order.
  /// - Complexity: O(n) expected.
  public static func denseCodes(_ labels: [String]) -> (codes: [Int], levels: [String]) {
    var numbers: [String: Int] = [:]
    var levels: [String] = []
    let codes = labels.map { label -> Int in
      if let number = numbers[label] { return number }
      numbers[label] = levels.count
      levels.append(label)
      return levels.count - 1
    }
    return (codes, levels)
  }
}
