import Foundation
import LinearAlgebra

/// What a fixed-effects fit absorbed, for outputs.
public struct FixedEffectsSummary: Sendable, Equatable {
  public struct Dimension: Sendable, Equatable {
    public let name: String
    public let levels: Int
  }

  public let dimensions: [Dimension]
  /// Parameters the dummies take (``FixedEffects/absorbedParameters``).
  public let absorbedParameters: Int
  /// Sweeps of the alternating projections (1 for one dimension).
  public let sweeps: Int
  /// `1 − SSR / Σ ỹᵢ²`, ỹ the outcome after the within transformation (fixest's `wr2`).
  public let withinRSquared: Double
  public let parameterCount: FixedEffects.ParameterCount
}

extension OrdinaryLeastSquares {
  /// The data as the least-squares solver sees it: (weighted) within-transformed by the fixed
  /// effects, then multiplied by `√wᵢ` (weighted least squares is ordinary least squares on
  /// `√W y` and `√W X`; the intercept column becomes `√wᵢ`).
  ///
  /// ```
  /// ỹ = √W M_D y,  X̃ = √W M_D X          (M_D = I without fixed effects)
  /// TSS = Σ wᵢ (yᵢ − ȳ_w)²  (intercept or fixed effects),  Σ wᵢ yᵢ²  (neither)
  /// ```
  /// The moments are those of the columns the model uses: weighted and centred with an
  /// intercept, within-transformed (mean zero) with fixed effects.
  struct ModelData {
    let response: [Double]
    let columns: [[Double]]
    /// `M_D y` and `M_D X` before the `√W` scaling (the data as given without fixed effects).
    let withinResponse: [Double]
    let withinColumns: [[Double]]
    let hasInterceptColumn: Bool
    /// `1` or `√wᵢ` per row (used when ``hasInterceptColumn``).
    let interceptColumn: [Double]
    let outcome: Moments
    /// The within-transformed outcome's moments (fixed effects only).
    let within: Moments?
    let indicators: [Moments]
    let totalSumOfSquares: Double
    let halfLogWeightSum: Double
    let sweeps: Int
    let rootWeights: [Double]?
    let weights: [Double]?
    /// `n / Σ wᵢ`: turns weighted sums of squares into the scale of unweighted ones.
    let weightScale: Double

    /// - Parameter unweighted: the moments of the outcome and the indicators as given (reused
    ///   when there are no weights).
    init(
      response: [Double], columns: [[Double]], includeIntercept: Bool, weights: [Double]?, fixedEffects: FixedEffects?, unweighted: [Moments]
    ) throws {
      let n = response.count
      self.weights = weights
      let root = weights.map { $0.map { $0.squareRoot() } }
      rootWeights = root
      weightScale = weights.map { Double(n) / Moments.sum($0) { $0 } } ?? 1
      halfLogWeightSum = weights.map { Moments.sum($0) { log($0) } / 2 } ?? 0
      outcome = weights == nil ? unweighted[0] : Moments(response, weights: weights)
      var y = response, x = columns
      if let fixedEffects {
        let (demeaned, sweeps) = try fixedEffects.demean([response] + columns, weights: weights)
        y = demeaned[0]
        x = Array(demeaned.dropFirst())
        self.sweeps = sweeps
      } else {
        sweeps = 0
      }
      withinResponse = y
      withinColumns = x
      if let root {
        y = zip(y, root).map { $0 * $1 }
        x = x.map { zip($0, root).map { $0 * $1 } }
      }
      self.response = y
      self.columns = x
      hasInterceptColumn = includeIntercept && fixedEffects == nil
      interceptColumn = hasInterceptColumn ? (root ?? [Double](repeating: 1, count: n)) : []
      if fixedEffects != nil {
        // Within-transformed columns have (weighted) mean zero: their sums of squares are ‖x̃‖².
        within = Moments(mean: 0, sumOfSquaredDeviations: Moments.sum(y) { $0 * $0 })
        indicators = x.map { Moments(mean: 0, sumOfSquaredDeviations: Moments.sum($0) { $0 * $0 }) }
        totalSumOfSquares = outcome.sumOfSquaredDeviations
      } else {
        within = nil
        indicators = weights == nil ? Array(unweighted.dropFirst()) : columns.map { Moments($0, weights: weights) }
        totalSumOfSquares = includeIntercept ? outcome.sumOfSquaredDeviations : Moments.sum(y) { $0 * $0 }
      }
    }

    /// `√(SS / (n − 1))` on the unweighted scale.
    func standardDeviation(_ moments: Moments) -> Double {
      (moments.sumOfSquaredDeviations * weightScale / Double(max(1, response.count - 1))).squareRoot()
    }

    /// Residuals on the data's scale: `eᵢ / √wᵢ`.
    func unwhitened(_ residuals: [Double]) -> [Double] {
      guard let rootWeights else { return residuals }
      return zip(residuals, rootWeights).map { $0 / $1 }
    }

    /// Leverage of one fixed-effect dimension's dummies: `wᵢ / Σ_{level(i)} w` (`1/n_g` unweighted).
    func fixedEffectLeverage(_ dimension: Clustering) -> [Double] {
      var totals = [Double](repeating: 0, count: dimension.count)
      for (i, g) in dimension.codes.enumerated() { totals[g] += weights?[i] ?? 1 }
      return dimension.codes.enumerated().map { i, g in (weights?[i] ?? 1) / totals[g] }
    }
  }
}

extension Moments {
  init(mean: Double, sumOfSquaredDeviations: Double) {
    self.mean = mean
    self.sumOfSquaredDeviations = sumOfSquaredDeviations
  }

  /// Weighted mean and `Σ wᵢ (xᵢ − x̄_w)²` (the unweighted moments without weights).
  init(_ values: [Double], weights: [Double]?) {
    guard let weights else {
      self.init(values)
      return
    }
    let total = Moments.sum(weights) { $0 }
    var first = 0.0
    for (x, w) in zip(values, weights) { first += w * x }
    first /= total
    var squares = 0.0, correction = 0.0
    for (x, w) in zip(values, weights) {
      let d = x - first
      squares += w * d * d
      correction += w * d
    }
    self.init(mean: first + correction / total, sumOfSquaredDeviations: squares.isFinite ? max(0, squares - correction * correction / total) : squares)
  }
}

extension Matrix {
  /// `AᵀA` of the matrix whose columns are `columns`.
  static func crossProducts(_ columns: [[Double]]) throws -> Matrix {
    let n = columns.first?.count ?? 0
    var storage = [Double]()
    storage.reserveCapacity(n * columns.count)
    for column in columns { storage += column }
    return try Matrix(rows: n, columns: columns.count, columnMajor: storage).gram()
  }
}
