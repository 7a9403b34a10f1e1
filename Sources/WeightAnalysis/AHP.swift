import Foundation
import LinearAlgebra

/// A pairwise comparison matrix: `aᵢⱼ` says how many times more important indicator `i` is than
/// `j` (Saaty's 1–9 scale and reciprocals; any positive value is accepted).
public struct PairwiseComparisons: Sendable, Equatable {
  public let indicators: [String]
  public let values: Matrix

  public init(indicators: [String], values: Matrix) {
    precondition(values.rows == indicators.count && values.columns == indicators.count)
    self.indicators = indicators
    self.values = values
  }
}

/// Result of an AHP weighting.
public struct AHPResult: Sendable, Equatable {
  public let weights: [Double]
  /// Principal eigenvalue (eigenvector method) or its estimate `mean((Aw)ᵢ/wᵢ)` (geometric mean).
  public let lambdaMax: Double
  /// `CI = (λmax − n)/(n − 1)`.
  public let consistencyIndex: Double
  /// `CR = CI/RI(n)` (0 for n ≤ 2, where every matrix is consistent).
  public let consistencyRatio: Double
  public let randomIndex: Double
  /// The judgement furthest from what the weights imply: `|ln(aᵢⱼ wⱼ/wᵢ)|` largest.
  public let mostInconsistent: (first: Int, second: Int, given: Double, implied: Double)?

  public static func == (a: AHPResult, b: AHPResult) -> Bool {
    a.weights == b.weights && a.lambdaMax == b.lambdaMax && a.consistencyRatio == b.consistencyRatio
  }
}

/// The Analytic Hierarchy Process (Saaty 1977, 1980).
public enum AHP {
  public enum Method: String, Sendable, CaseIterable {
    /// Principal right eigenvector (`dgeev`), Saaty's original method.
    case eigenvector
    /// Row geometric means (Crawford & Williams 1985), the least-squares solution in log space.
    case geometricMean = "geometric-mean"
  }

  /// Saaty's random index RI(n) (Saaty 1980; n = 11–15 from Saaty & Vargas 2012).
  public static let randomIndex: [Int: Double] = [
    1: 0, 2: 0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45, 10: 1.49, 11: 1.51, 12: 1.48, 13: 1.56, 14: 1.57, 15: 1.59,
  ]

  /// Checks that the matrix is usable: square, positive and finite, ones on the diagonal, and
  /// reciprocal (`aⱼᵢ·aᵢⱼ = 1` within 2%, so that `0.33` for 1/3 is accepted).
  public static func validate(_ comparisons: PairwiseComparisons) throws {
    let n = comparisons.indicators.count
    let a = comparisons.values
    let names = comparisons.indicators
    guard n >= 2 else { throw AnalysisError.methodNotApplicable(method: "ahp", reason: "a comparison needs at least 2 indicators") }
    guard n <= 15 else {
      throw AnalysisError.tooManyIndicators(count: n, limit: 15, method: "AHP (Saaty's random index is tabulated up to 15; split the indicators into a hierarchy)")
    }
    if let duplicate = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
      throw AnalysisError.methodNotApplicable(method: "ahp", reason: "'\(duplicate)' appears twice in the matrix")
    }
    for i in 0..<n {
      for j in 0..<n {
        let value = a[i, j]
        guard value.isFinite, value > 0 else {
          throw AnalysisError.methodNotApplicable(method: "ahp", reason: "the comparison '\(names[i])' vs '\(names[j])' is \(value); every entry must be a positive number")
        }
      }
      guard abs(a[i, i] - 1) < 1e-9 else {
        throw AnalysisError.methodNotApplicable(method: "ahp", reason: "the diagonal entry of '\(names[i])' is \(a[i, i]); an indicator compared with itself is 1")
      }
    }
    for i in 0..<n {
      for j in (i + 1)..<max(i + 1, n) where abs(a[i, j] * a[j, i] - 1) > 0.02 {
        throw AnalysisError.methodNotApplicable(
          method: "ahp",
          reason: "'\(names[i])' vs '\(names[j])' is \(a[i, j]) but '\(names[j])' vs '\(names[i])' is \(a[j, i]); they must be reciprocal (\(AnalysisError.ratio(a[i, j])) and \(AnalysisError.ratio(1 / a[i, j]))), or leave the lower triangle empty")
      }
    }
  }

  /// Element-wise geometric mean of several experts' matrices over the same indicators (Aczél &
  /// Saaty 1983: the only aggregation that keeps reciprocity).
  public static func combine(_ matrices: [PairwiseComparisons]) throws -> PairwiseComparisons {
    guard let first = matrices.first else { throw AnalysisError.noIndicators }
    let n = first.indicators.count
    var result = Matrix(rows: n, columns: n)
    for other in matrices.dropFirst() where Set(other.indicators) != Set(first.indicators) {
      let missing = Set(first.indicators).symmetricDifference(other.indicators).sorted()
      throw AnalysisError.methodNotApplicable(method: "ahp", reason: "the matrices compare different indicators (\(missing.joined(separator: ", ")) in one but not all)")
    }
    for i in 0..<n {
      for j in 0..<n {
        var logSum = 0.0
        for matrix in matrices {
          let oi = matrix.indicators.firstIndex(of: first.indicators[i])!, oj = matrix.indicators.firstIndex(of: first.indicators[j])!
          logSum += log(matrix.values[oi, oj])
        }
        result[i, j] = exp(logSum / Double(matrices.count))
      }
    }
    return PairwiseComparisons(indicators: first.indicators, values: result)
  }

  /// Weights, λmax, CI and CR.
  public static func weights(_ comparisons: PairwiseComparisons, method: Method = .eigenvector) throws -> AHPResult {
    try validate(comparisons)
    let n = comparisons.indicators.count
    let a = comparisons.values
    var w: [Double]
    var lambda: Double
    switch method {
    case .eigenvector:
      let (real, imaginary, vectors) = try RelativeImportance.linearAlgebra { try a.generalEigen() }
      // Perron root: the real eigenvalue of largest modulus of a positive matrix.
      var best = 0
      for k in 0..<n where abs(imaginary[k]) == 0 && (abs(imaginary[best]) != 0 || real[k] > real[best]) { best = k }
      lambda = real[best]
      w = (0..<n).map { abs(vectors[$0, best]) }
    case .geometricMean:
      w = (0..<n).map { i in exp((0..<n).reduce(0.0) { $0 + log(a[i, $1]) } / Double(n)) }
      let total = w.reduce(0, +)
      w = w.map { $0 / total }
      lambda = (0..<n).reduce(0.0) { sum, i in sum + (0..<n).reduce(0.0) { $0 + a[i, $1] * w[$1] } / w[i] } / Double(n)
    }
    let total = w.reduce(0, +)
    w = w.map { $0 / total }
    let ci = n > 1 ? max(0, lambda - Double(n)) / Double(n - 1) : 0
    let ri = randomIndex[n] ?? .nan
    let cr = ri > 0 ? ci / ri : 0
    var worst: (Int, Int, Double, Double)? = nil
    var worstDeviation = 0.0
    for i in 0..<n {
      for j in (i + 1)..<max(i + 1, n) {
        let implied = w[i] / w[j]
        let deviation = abs(log(a[i, j] / implied))
        if deviation > worstDeviation {
          worstDeviation = deviation
          worst = (i, j, a[i, j], implied)
        }
      }
    }
    return AHPResult(
      weights: w, lambdaMax: lambda, consistencyIndex: ci, consistencyRatio: cr, randomIndex: ri,
      mostInconsistent: worst.map { (first: $0.0, second: $0.1, given: $0.2, implied: $0.3) })
  }

  /// Throws ``AnalysisError/inconsistentJudgements(consistencyRatio:limit:first:second:given:implied:)``
  /// when `CR > limit`.
  public static func requireConsistent(_ result: AHPResult, indicators: [String], limit: Double = 0.10) throws {
    guard result.consistencyRatio > limit, let worst = result.mostInconsistent else { return }
    throw AnalysisError.inconsistentJudgements(
      consistencyRatio: result.consistencyRatio, limit: limit, first: indicators[worst.first], second: indicators[worst.second],
      given: worst.given, implied: worst.implied)
  }
}
