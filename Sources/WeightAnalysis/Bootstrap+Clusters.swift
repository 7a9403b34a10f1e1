import Foundation
import LinearAlgebra

extension Bootstrap {
  /// The cluster bootstrap of sufficient statistics: resampling whole clusters resamples their
  /// Gram matrices, so no row is needed.
  ///
  /// Replicate `b` draws `G` clusters with replacement exactly as the in-memory group bootstrap
  /// does (the same ``SplitMix64`` stream per replicate, cluster `g` being the `g`-th of
  /// ``ClusterGrams/labels``), giving multiplicities `m_g`. Each cluster is summarised once by
  /// its count `n_g`, its means `μ_g` and its centred cross products
  /// `C_g = Σ_{i∈g} (zᵢ − μ_g)(zᵢ − μ_g)ᵀ` (from its Gram matrix; the columns are shifted, so the
  /// subtraction is at the data's spread). A replicate's centred cross products are then the
  /// pooled ones (Chan, Golub and LeVeque's parallel-axis rule), a sum of positive semidefinite
  /// terms with no cancellation across clusters:
  ///
  /// `N = Σ m_g n_g`, `μ = Σ m_g n_g μ_g / N`, `C = Σ m_g (C_g + n_g (μ_g − μ)(μ_g − μ)ᵀ)`,
  ///
  /// and the method's full rule is applied to its correlations, as for rows. A replicate in which
  /// a column is constant (its centred sum of squares at rounding level, below `64ε` of its raw
  /// one) fails, as a constant column does in memory.
  ///
  /// With the clusters in the order the in-memory fit numbers its groups (first appearance;
  /// sufficient statistics list them by label, which is the same for a file sorted by the
  /// cluster column), the replicates are the in-memory ones and so are the intervals.
  public static func clusterIntervals(
    statistics: SufficientStatistics, method: ImportanceMethod, directions: [Direction], outcomeDirection: Direction, options: BootstrapOptions,
    progress: (@Sendable (Int) -> Void)? = nil
  ) throws -> BootstrapResult {
    guard let clusters = statistics.clusters else {
      throw AnalysisError.unusableSetting(.bootstrap, reason: "the statistics hold no clusters to resample, and no rows")
    }
    let summaries = clusters.grams.map(ClusterSummary.init)
    let indicators = statistics.indicators
    let outcome = statistics.outcome
    let m = indicators.count + 1
    return try run(rows: summaries.count, width: indicators.count, options: options, unitsAreGroups: true, progress: progress) { multiplicity in
      var count = 0.0
      var mean = [Double](repeating: 0, count: m)
      var raw = [Double](repeating: 0, count: m)
      for (g, times) in multiplicity.enumerated() where times > 0 {
        let weight = Double(times) * summaries[g].count
        count += weight
        for j in 0..<m {
          mean[j] += weight * summaries[g].mean[j]
          raw[j] += Double(times) * summaries[g].rawSquares[j]
        }
      }
      for j in 0..<m { mean[j] /= count }
      var cross = Matrix(rows: m, columns: m)
      for (g, times) in multiplicity.enumerated() where times > 0 {
        let summary = summaries[g]
        let t = Double(times)
        let d = (0..<m).map { summary.mean[$0] - mean[$0] }
        for a in 0..<m {
          for b in a..<m { cross[a, b] += t * (summary.centred[a, b] + summary.count * d[a] * d[b]) }
        }
      }
      for a in 0..<m {
        if !(cross[a, a] > 64 * Double.ulpOfOne * raw[a]) {
          throw AnalysisError.constantColumn(name: a == m - 1 ? outcome : indicators[a], value: .nan, isOutcome: a == m - 1)
        }
        for b in 0..<a { cross[a, b] = cross[b, a] }
      }
      let structure = try CorrelationStructure(outcomeName: outcome, crossProducts: cross, indicators: indicators, observations: Int(count))
      let standardized = try RelativeImportance.standardizedCoefficients(structure)
      return try ImportanceWeights.weights(method: method, structure: structure, standardized: standardized, directions: directions, outcomeDirection: outcomeDirection)
        .weights
    }
  }

  /// One cluster's count, means and centred cross products of its shifted columns (the
  /// intercept's row and column of its Gram matrix dropped).
  struct ClusterSummary: Sendable {
    let count: Double
    let mean: [Double]
    let centred: Matrix
    /// `Σ zᵢⱼ²` of each shifted column (the scale the constant-column test is relative to).
    let rawSquares: [Double]

    init(_ gram: Matrix) {
      let m = gram.rows - 1
      count = gram[0, 0]
      let n = count
      mean = (0..<m).map { gram[0, $0 + 1] / n }
      var centred = Matrix(rows: m, columns: m)
      for a in 0..<m {
        for b in a..<m {
          centred[a, b] = gram[a + 1, b + 1] - gram[0, a + 1] * gram[0, b + 1] / n
          centred[b, a] = centred[a, b]
        }
      }
      self.centred = centred
      rawSquares = (0..<m).map { gram[$0 + 1, $0 + 1] }
    }
  }
}
