import Foundation
import LinearAlgebra

/// Settings of a bootstrap of the weights.
public struct BootstrapOptions: Sendable {
  public var replicates: Int
  public var seed: UInt64
  /// Group (e.g. team) index of every row; whole groups are resampled when given, so the months
  /// of one team stay together. `nil` resamples rows.
  public var groups: [Int]?
  /// Coverage of the percentile interval.
  public var confidence: Double = 0.95

  public init(replicates: Int, seed: UInt64, groups: [Int]? = nil) {
    self.replicates = replicates
    self.seed = seed
    self.groups = groups
  }
}

/// Percentile intervals of the weights.
public struct BootstrapResult: Sendable, Equatable {
  public let low: [Double]
  public let high: [Double]
  /// Replicates whose weights could be computed, and those that could not (e.g. a resample in
  /// which an indicator is constant).
  public let completed: Int
  public let failed: Int
  /// Units resampled (rows or groups).
  public let units: Int
  public let resamplesGroups: Bool
  /// Percentile interval of every pairwise difference `w_a − w_b` (a < b), over the same replicates.
  public var differences: [PairDifference] = []
  /// Percentile interval of each indicator's rank (1 = largest weight; ties share the mean rank).
  public var rankLow: [Double] = []
  public var rankHigh: [Double] = []

  public init(low: [Double], high: [Double], completed: Int, failed: Int, units: Int, resamplesGroups: Bool) {
    self.low = low
    self.high = high
    self.completed = completed
    self.failed = failed
    self.units = units
    self.resamplesGroups = resamplesGroups
  }

  /// The interval of one difference of weights.
  public struct PairDifference: Sendable, Equatable {
    public let a: Int
    public let b: Int
    public let low: Double
    public let high: Double
    /// Whether the interval excludes 0: the data order a and b.
    public var separates: Bool { low > 0 || high < 0 }
  }

  /// The interval of `w_a − w_b` (either order).
  public func difference(_ a: Int, _ b: Int) -> (low: Double, high: Double)? {
    if let d = differences.first(where: { $0.a == a && $0.b == b }) { return (d.low, d.high) }
    if let d = differences.first(where: { $0.a == b && $0.b == a }) { return (-d.high, -d.low) }
    return nil
  }
}

/// Nonparametric bootstrap of importance weights.
///
/// Replicate `b` draws `G` units with replacement (rows, or whole groups), using its own random
/// stream (``SplitMix64/stream(seed:index:)``: the starting state is a bijective hash of `seed`
/// and `b`, so replicates are not shifted copies of one sequence), so the result is a function of the seed alone:
/// the same on one thread or two, and whatever else runs. A replicate is summarised by row
/// multiplicities — its correlations come from a weighted cross-product, never a copied table —
/// and the method's full rule (directions fixed from the original fit, expected signs
/// re-evaluated, shares renormalised) is applied to it. The interval is the percentile interval
/// (`(1 − c)/2` and `(1 + c)/2` quantiles with linear interpolation, numpy's default).
public enum Bootstrap {
  /// Intervals for weights from correlations (lmg, relative-weights, standardized, nnls).
  public static func weightIntervals(
    response: [Double], columns: [[Double]], indicators: [String], method: ImportanceMethod, directions: [Direction],
    outcomeDirection: Direction, options: BootstrapOptions, rowWeights: [Double]? = nil, progress: (@Sendable (Int) -> Void)? = nil
  ) throws -> BootstrapResult {
    try run(rows: response.count, width: indicators.count, options: options, progress: progress) { multiplicity in
      try ImportanceWeights.weights(
        response: response, columns: columns, indicators: indicators, multiplicities: multiplicity, method: method, directions: directions,
        outcomeDirection: outcomeDirection, rowWeights: rowWeights)
    }
  }

  /// A random-noise reference (as rwa does): a standard normal column, seeded from `options.seed`,
  /// is added to the indicators, and each replicate (the same resamples as the weights') records
  /// every indicator's raw score minus the noise's (R² shares for lmg, relative weights, |β*| for
  /// standardized). Returns the percentile intervals of those differences; an indicator whose
  /// lower end is not above 0 is not distinguishable from noise.
  public static func noiseReference(
    response: [Double], columns: [[Double]], indicators: [String], method: ImportanceMethod, options: BootstrapOptions, rowWeights: [Double]? = nil
  ) throws -> BootstrapResult {
    var random = SplitMix64.stream(seed: options.seed, index: -1)
    let noise = response.map { _ in random.normal() }
    let p = columns.count
    let names = indicators + ["(noise)"]
    return try run(rows: response.count, width: p, options: options, progress: nil) { multiplicity in
      let structure = try CorrelationStructure(response: response, columns: columns + [noise], indicators: names, multiplicities: multiplicity, rowWeights: rowWeights)
      let scores: [Double]
      switch method {
      case .relativeWeights: scores = try RelativeImportance.relativeWeights(structure)
      case .standardized: scores = try RelativeImportance.standardizedCoefficients(structure).map(abs)
      default: scores = try RelativeImportance.lmg(structure)
      }
      return (0..<p).map { scores[$0] - scores[p] }
    }
  }

  /// The resampling engine: `replicate` turns row multiplicities into `width` weights (or
  /// throws, which counts the replicate as failed).
  ///
  /// - Parameter unitsAreGroups: the `n` units are groups already (a cluster bootstrap of
  ///   sufficient statistics, one multiplicity per cluster); `nil`: whether `options.groups` is set.
  public static func run(
    rows n: Int, width p: Int, options: BootstrapOptions, unitsAreGroups: Bool? = nil, progress: (@Sendable (Int) -> Void)?,
    replicate: @escaping @Sendable ([Int]) throws -> [Double]
  ) throws -> BootstrapResult {
    let resamplesGroups = unitsAreGroups ?? (options.groups != nil)
    guard options.replicates > 1 else { throw AnalysisError.unusableSetting(.bootstrap, reason: "the number of replicates must be at least 2") }
    let groupOf: [Int] = options.groups ?? Array(0..<n)
    precondition(groupOf.count == n, "one group per row")
    let groupCount = (groupOf.max() ?? -1) + 1
    guard groupCount >= 2 else {
      throw AnalysisError.unusableSetting(.bootstrap, reason: "there is only one \(resamplesGroups ? "group" : "row") to resample")
    }
    // Rows of each group, for turning group draws into row multiplicities.
    var rowsOfGroup = [[Int]](repeating: [], count: groupCount)
    for (row, g) in groupOf.enumerated() { rowsOfGroup[g].append(row) }
    let counter = Parallel.Counter()
    let threads = 2
    let frozenRows = rowsOfGroup
    // Thread k computes replicates k, k + 2, …; each replicate's draws depend on (seed, b) only.
    let perThread = try Parallel.map(threads) { k -> [[Double]?] in
      var multiplicity = [Int](repeating: 0, count: n)
      var values: [[Double]?] = []
      for b in stride(from: k, to: options.replicates, by: threads) {
        var random = SplitMix64.stream(seed: options.seed, index: b)
        for i in 0..<n { multiplicity[i] = 0 }
        for _ in 0..<groupCount {
          let g = random.below(groupCount)
          for row in frozenRows[g] { multiplicity[row] += 1 }
        }
        values.append(try? replicate(multiplicity))
        if let progress { progress(counter.increment()) }
      }
      return values
    }
    // Back to replicate order: replicate b is entry b / threads of thread b % threads.
    let samples = (0..<options.replicates).compactMap { b in perThread[b % threads][b / threads] }
    guard samples.count >= 2 else {
      throw AnalysisError.unusableSetting(
        .bootstrap,
        reason: "only \(samples.count) of \(options.replicates) replicates could be computed (resamples make an indicator constant or collinear); use more data or fewer indicators")
    }
    let lowerQ = (1 - options.confidence) / 2, upperQ = (1 + options.confidence) / 2
    var low = [Double](repeating: 0, count: p), high = low
    for j in 0..<p {
      let sorted = samples.map { $0[j] }.sorted()
      low[j] = Statistics.quantile(sorted: sorted, lowerQ)
      high[j] = Statistics.quantile(sorted: sorted, upperQ)
    }
    var result = BootstrapResult(
      low: low, high: high, completed: samples.count, failed: options.replicates - samples.count, units: groupCount,
      resamplesGroups: resamplesGroups)
    // Differences and ranks over the same replicates (relaimpo's intervals of differences and ranks).
    for a in 0..<p {
      for b in (a + 1)..<max(a + 1, p) {
        let sorted = samples.map { $0[a] - $0[b] }.sorted()
        result.differences.append(.init(a: a, b: b, low: Statistics.quantile(sorted: sorted, lowerQ), high: Statistics.quantile(sorted: sorted, upperQ)))
      }
    }
    let ranks = samples.map { sample in Backtest.ranks(sample.map { -$0 }) }
    result.rankLow = (0..<p).map { j in Statistics.quantile(sorted: ranks.map { $0[j] }.sorted(), lowerQ) }
    result.rankHigh = (0..<p).map { j in Statistics.quantile(sorted: ranks.map { $0[j] }.sorted(), upperQ) }
    return result
  }

}

