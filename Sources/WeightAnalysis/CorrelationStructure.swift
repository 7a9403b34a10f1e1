import LinearAlgebra

/// The correlations every importance method starts from: among the indicators (`R`, `p × p`)
/// and of each indicator with the outcome (`r`, `p`).
///
/// Built from the centred cross-product matrix of `[X y]`, accumulated by row blocks with BLAS
/// (`dsyrk`), never from a copy of the data. Rows can carry multiplicities, which is how a
/// bootstrap replicate (rows drawn with replacement) is summarised without materialising it.
public struct CorrelationStructure: Sendable {
  public let indicators: [String]
  /// `R`: correlations among the indicators.
  public let predictors: Matrix
  /// `r`: correlation of each indicator with the outcome.
  public let outcome: [Double]
  /// Number of observations (the sum of the multiplicities).
  public let observations: Int
  /// Standard deviations (n − 1 denominator) of the indicators and of the outcome.
  public let indicatorStandardDeviations: [Double]
  public let outcomeStandardDeviation: Double

  /// - Throws: ``AnalysisError/constantColumn(name:value:isOutcome:)`` when a column (in this
  ///   sample) does not vary; ``AnalysisError/tooFewRows(rows:parameters:)`` with fewer than
  ///   `p + 2` observations.
  ///
  /// - Parameters:
  ///   - multiplicities: how many times each row counts (a bootstrap draw; 0 leaves it out).
  ///   - rowWeights: observation weights (weighted least squares): the cross products are
  ///     `Σ wᵢ mᵢ (xᵢ − x̄_w)(xᵢ − x̄_w)ᵀ` around the weighted means.
  public init(
    outcomeName: String = "outcome", response: [Double], columns: [[Double]], indicators: [String], multiplicities: [Int]? = nil,
    rowWeights: [Double]? = nil
  ) throws {
    precondition(columns.count == indicators.count, "one name per column")
    let p = columns.count
    let all = columns + [response]
    let n = multiplicities?.reduce(0, +) ?? response.count
    guard n >= p + 2 else { throw AnalysisError.tooFewRows(rows: n, parameters: p + 1) }
    // Each row's weight in the sums: its multiplicity times its observation weight.
    var combined: [Double]? = rowWeights
    if let multiplicities {
      combined = multiplicities.indices.map { Double(multiplicities[$0]) * (rowWeights?[$0] ?? 1) }
    }
    let total = combined.map { Moments.sum($0) { $0 } } ?? Double(n)
    var means = [Double](repeating: 0, count: p + 1)
    for (j, column) in all.enumerated() {
      var sum = 0.0
      if let combined {
        for i in column.indices where combined[i] > 0 { sum += combined[i] * column[i] }
      } else {
        sum = Moments.sum(column) { $0 }
      }
      means[j] = sum / total
    }
    let gram: Matrix
    do {
      gram = try centredGram(columns: all, means: means, rowWeights: combined)
    } catch let error as LinearAlgebraError {
      throw AnalysisError.linearAlgebra(error)
    }
    try self.init(outcomeName: outcomeName, crossProducts: gram, indicators: indicators, observations: n, firstValues: all.map { $0.first ?? .nan })
  }

  /// From centred cross products of `[X y]` (outcome last), e.g. ``RegressionFit/centredCrossProducts``
  /// — no pass over the data.
  public init(outcomeName: String = "outcome", crossProducts gram: Matrix, indicators: [String], observations n: Int) throws {
    try self.init(outcomeName: outcomeName, crossProducts: gram, indicators: indicators, observations: n, firstValues: nil)
  }

  /// `firstValues` (one per column, outcome last) only make a constant column's message concrete.
  init(outcomeName: String, crossProducts gram: Matrix, indicators: [String], observations n: Int, firstValues: [Double]?) throws {
    let p = indicators.count
    precondition(gram.rows == p + 1 && gram.columns == p + 1, "cross products of \(p) indicators and the outcome expected")
    guard n >= p + 2 else { throw AnalysisError.tooFewRows(rows: n, parameters: p + 1) }
    var scale = [Double](repeating: 0, count: p + 1)
    for j in 0...p {
      let ss = gram[j, j]
      if !(ss > 0) || !ss.isFinite {
        throw AnalysisError.constantColumn(name: j == p ? outcomeName : indicators[j], value: firstValues?[j] ?? .nan, isOutcome: j == p)
      }
      scale[j] = ss.squareRoot()
    }
    var r = Matrix(rows: p, columns: p)
    for k in 0..<p { for j in 0..<p { r[j, k] = j == k ? 1 : gram[j, k] / (scale[j] * scale[k]) } }
    self.indicators = indicators
    self.predictors = r
    self.outcome = (0..<p).map { gram[$0, p] / (scale[$0] * scale[p]) }
    self.observations = n
    let denominator = Double(max(1, n - 1)).squareRoot()
    self.indicatorStandardDeviations = (0..<p).map { scale[$0] / denominator }
    self.outcomeStandardDeviation = scale[p] / denominator
  }

  /// Directly from correlations (tests and published examples).
  public init(indicators: [String], predictors: Matrix, outcome: [Double], observations: Int) {
    precondition(predictors.rows == indicators.count && predictors.columns == indicators.count && outcome.count == indicators.count)
    self.indicators = indicators
    self.predictors = predictors
    self.outcome = outcome
    self.observations = observations
    self.indicatorStandardDeviations = Array(repeating: 1, count: indicators.count)
    self.outcomeStandardDeviation = 1
  }

  public var count: Int { indicators.count }
}
