import Foundation
import LinearAlgebra

/// Fixed effects absorbed by the within transformation (one or two dimensions: team, month).
///
/// The within estimator regresses `M_D y` on `M_D X`, with `M_D = I − D(DᵀWD)⁻¹DᵀW` the
/// (weighted) residual maker of the dummy matrix `D` of every level of every dimension. By
/// Frisch–Waugh–Lovell its slopes, residuals and residual sum of squares are those of the
/// regression with every dummy included (R's `lm(y ~ x + factor(team) + factor(month))`).
///
/// One dimension: `M_D x` subtracts each level's (weighted) mean. Two dimensions: alternating
/// projections (von Neumann–Halperin, as fixest and pyfixest demean): subtract the means of the
/// first dimension, then of the second, and repeat until a sweep moves no value by more than
/// `tolerance · (1 + max|x|)`. A balanced panel converges in one sweep.
///
/// Absorbed parameters: `L₁` for one dimension; `L₁ + L₂ − c` for two, `c` the connected
/// components of the bipartite graph whose edges are the observed (level₁, level₂) pairs (the
/// rank of `[D₁ D₂]`, exact for any pattern of missing cells).
public struct FixedEffects: Sendable {
  /// How the parameters absorbed by fixed effects count in the small-sample factor of clustered
  /// standard errors, `(n − 1)/(n − K)`.
  public enum ParameterCount: String, Sendable, CaseIterable {
    /// fixest's default (`fixef.K = "nested"`, pyfixest alike): a dimension nested in a cluster
    /// variable (every level inside one cluster) is left out of K.
    case nested
    /// Every absorbed parameter counts, as statsmodels and `sandwich::vcovCL` on the regression
    /// with dummies.
    case all
  }

  public let dimensions: [Clustering]
  public var parameterCount: ParameterCount = .nested
  /// Convergence of the alternating projections (two dimensions).
  public var tolerance = 1e-13
  public var maximumSweeps = 10_000

  public init(_ dimensions: [Clustering]) {
    precondition((1...2).contains(dimensions.count), "one or two fixed-effect dimensions")
    self.dimensions = dimensions
  }

  /// Parameters the dummies take: `L₁`, or `L₁ + L₂ − components` (see the type's notes).
  public var absorbedParameters: Int {
    let levels = dimensions.map(\.count).reduce(0, +)
    guard dimensions.count == 2 else { return levels }
    return levels - Self.components(dimensions[0], dimensions[1])
  }

  /// What the fixed effects add to K in the clustered small-sample factor under
  /// ``parameterCount``: with `.nested` (fixest), a dimension nested in a cluster variable
  /// counts nothing, but the constant it absorbed counts 1 when every dimension is nested; a
  /// second dimension left alone counts its levels. With `.all`, ``absorbedParameters``.
  public func smallSampleParameters(clusteredBy clusterings: [Clustering]) -> Int {
    guard parameterCount == .nested else { return absorbedParameters }
    let nested = dimensions.map { dimension in clusterings.contains { Self.isNested(dimension, in: $0) } }
    if !nested.contains(true) { return absorbedParameters }
    if nested.allSatisfy({ $0 }) { return 1 }
    return nested[0] ? dimensions[1].count : dimensions[0].count
  }

  /// The same effects on a subset of the rows (levels renumbered densely over them).
  public func restricted(to rows: [Int]) -> FixedEffects {
    var restricted = FixedEffects(dimensions.map { dimension in
      var dense: [Int: Int] = [:]
      let codes = rows.map { row -> Int in
        if let code = dense[dimension.codes[row]] { return code }
        dense[dimension.codes[row]] = dense.count
        return dense.count - 1
      }
      return Clustering(name: dimension.name, codes: codes, count: dense.count)
    })
    restricted.parameterCount = parameterCount
    restricted.tolerance = tolerance
    restricted.maximumSweeps = maximumSweeps
    return restricted
  }

  /// Whether every level of `dimension` lies inside one cluster.
  static func isNested(_ dimension: Clustering, in clustering: Clustering) -> Bool {
    var cluster = [Int](repeating: -1, count: dimension.count)
    for (level, g) in zip(dimension.codes, clustering.codes) {
      if cluster[level] == -1 { cluster[level] = g } else if cluster[level] != g { return false }
    }
    return true
  }

  /// Connected components of the bipartite graph of observed level pairs (union–find).
  static func components(_ a: Clustering, _ b: Clustering) -> Int {
    var parent = Array(0..<(a.count + b.count))
    func root(_ x: Int) -> Int {
      var x = x
      while parent[x] != x {
        parent[x] = parent[parent[x]]
        x = parent[x]
      }
      return x
    }
    var components = a.count + b.count
    for (u, v) in zip(a.codes, b.codes) {
      let ru = root(u), rv = root(a.count + v)
      if ru != rv {
        parent[ru] = rv
        components -= 1
      }
    }
    return components
  }

  /// `M_D` applied to each column (in parallel over columns), with the number of sweeps the
  /// slowest column took.
  /// - Throws: ``AnalysisError/noConvergence(method:iterations:detail:)`` when the projections
  ///   do not settle within ``maximumSweeps``.
  public func demean(_ columns: [[Double]], weights: [Double]?) throws -> (columns: [[Double]], sweeps: Int) {
    let groups = dimensions.map { Groups($0, weights: weights) }
    let results = try Parallel.map(columns.count) { j in try demean(columns[j], groups: groups, weights: weights) }
    return (results.map(\.0), results.map(\.1).max() ?? 0)
  }

  /// Level sizes (or weight totals) of one dimension.
  struct Groups {
    let codes: [Int]
    let inverseTotals: [Double]

    init(_ clustering: Clustering, weights: [Double]?) {
      var totals = [Double](repeating: 0, count: clustering.count)
      if let weights {
        for (g, w) in zip(clustering.codes, weights) { totals[g] += w }
      } else {
        for g in clustering.codes { totals[g] += 1 }
      }
      codes = clustering.codes
      inverseTotals = totals.map { $0 > 0 ? 1 / $0 : 0 }
    }

    /// Subtracts each level's (weighted) mean from `x`; returns the largest mean subtracted.
    func sweep(_ x: inout [Double], weights: [Double]?, sums: inout [Double]) -> Double {
      for g in sums.indices { sums[g] = 0 }
      codes.withUnsafeBufferPointer { codes in
        x.withUnsafeBufferPointer { x in
          sums.withUnsafeMutableBufferPointer { sums in
            if let weights {
              weights.withUnsafeBufferPointer { w in
                for i in 0..<x.count { sums[codes[i]] += w[i] * x[i] }
              }
            } else {
              for i in 0..<x.count { sums[codes[i]] += x[i] }
            }
          }
        }
      }
      var largest = 0.0
      for g in sums.indices {
        sums[g] *= inverseTotals[g]
        largest = max(largest, abs(sums[g]))
      }
      codes.withUnsafeBufferPointer { codes in
        sums.withUnsafeBufferPointer { means in
          x.withUnsafeMutableBufferPointer { x in
            for i in 0..<x.count { x[i] -= means[codes[i]] }
          }
        }
      }
      return largest
    }
  }

  func demean(_ column: [Double], groups: [Groups], weights: [Double]?) throws -> ([Double], Int) {
    var x = column
    var scratch = groups.map { [Double](repeating: 0, count: $0.inverseTotals.count) }
    let scale = 1 + (column.map(abs).max() ?? 0)
    if groups.count == 1 {
      _ = groups[0].sweep(&x, weights: weights, sums: &scratch[0])
      return (x, 1)
    }
    for sweep in 1...maximumSweeps {
      _ = groups[0].sweep(&x, weights: weights, sums: &scratch[0])
      let moved = groups[1].sweep(&x, weights: weights, sums: &scratch[1])
      // The first dimension's means after the second sweep: zero at the fixed point.
      if moved <= tolerance * scale {
        let residual = groups[0].sweep(&x, weights: weights, sums: &scratch[0])
        if residual <= tolerance * scale { return (x, sweep) }
      }
    }
    throw AnalysisError.noConvergence(
      method: "fixed effects (alternating projections)", iterations: maximumSweeps,
      detail: "the \(dimensions.map(\.name).joined(separator: " × ")) pattern is too sparse for the projections to settle; absorb one dimension and give the other as indicators")
  }
}
