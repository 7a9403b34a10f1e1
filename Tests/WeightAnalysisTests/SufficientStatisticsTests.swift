import Foundation
import LinearAlgebra
import Testing
import TestSupport
import WeightAnalysis

/// The fit from sufficient statistics (TSQR factor and per-cluster Gram matrices) against R and
/// against the in-memory fit of the same rows.
@Suite("sufficient statistics: the fit without the rows")
struct SufficientStatisticsTests {
  static let indicators = CovarianceTests.indicators

  /// The bundled history as rows (indicators, then churn_pct) and teams.
  static func rows(offsets: [Double]? = nil) throws -> (values: [[Double]], teams: [String]) {
    let data = try CovarianceTests.history()
    let names = indicators + ["churn_pct"]
    let columns = names.enumerated().map { j, name in data[name]!.map { Double($0)! + (offsets?[j] ?? 0) } }
    let values = columns[0].indices.map { i in columns.map { $0[i] } }
    return (values, data["team"]!)
  }

  /// Statistics built in `parts` accumulators (row i to part i mod parts), merged in order.
  static func statistics(_ rows: (values: [[Double]], teams: [String]), parts: Int = 1, clustered: Bool = true) throws -> SufficientStatistics {
    let shift = rows.values[0]
    var accumulators = (0..<parts).map { _ in
      SufficientStatisticsAccumulator(outcome: "churn_pct", indicators: indicators, shift: shift, clusterColumn: clustered ? "team" : nil)
    }
    for (i, row) in rows.values.enumerated() {
      try row.withUnsafeBufferPointer { try accumulators[i % parts].add($0, cluster: clustered ? rows.teams[i] : nil) }
    }
    var total = accumulators[0]
    for other in accumulators.dropFirst() { try total.merge(other) }
    return try total.statistics()
  }

  func inMemory(_ rows: (values: [[Double]], teams: [String]), covariance: CovarianceType) throws -> RegressionFit {
    let p = Self.indicators.count
    return try OrdinaryLeastSquares.fit(
      outcome: "churn_pct", response: rows.values.map { $0[p] }, indicators: Self.indicators, columns: (0..<p).map { j in rows.values.map { $0[j] } },
      covariance: covariance)
  }

  @Test("iid and CR1 by team: estimates, standard errors, t, p, df and the Wald F agree with R's lm/sandwich to 1e-9", arguments: ["iid", "cluster-team"])
  func agreesWithR(name: String) throws {
    let fit = try OrdinaryLeastSquares.fit(statistics: try Self.statistics(try Self.rows(), parts: 3), clustered: name != "iid")
    let expected = try #require(try CovarianceTests.reference()[name])
    for coefficient in fit.coefficients {
      let r = try #require(expected[coefficient.term])
      #expect(relativeError(coefficient.estimate, r[0]) <= 1e-11, "\(name) \(coefficient.term) estimate \(coefficient.estimate) vs \(r[0])")
      #expect(relativeError(coefficient.standardError, r[1]) <= 1e-9, "\(name) \(coefficient.term) se")
      #expect(relativeError(coefficient.tStatistic, r[2]) <= 1e-9, "\(name) \(coefficient.term) t")
      #expect(relativeError(coefficient.pValue, r[3], floor: 1e-300) <= 1e-9, "\(name) \(coefficient.term) p")
    }
    if let wald = expected["wald"] {
      #expect(relativeError(fit.fStatistic, wald[0]) <= 1e-9, "F \(fit.fStatistic) vs \(wald[0])")
    }
  }

  @Test("every statistic of the in-memory fit to 1e-11 (p-values below 1e-10 to 1e-9): R², F, log-likelihood, VIF, condition numbers, standardised effects, LMG")
  func agreesWithInMemory() throws {
    let rows = try Self.rows()
    for clustered in [false, true] {
      let teams = Clustering(name: "team", labels: rows.teams)
      let reference = try inMemory(rows, covariance: clustered ? .cluster([teams]) : .iid)
      let statistics = try Self.statistics(rows, parts: 2)
      let fit = try OrdinaryLeastSquares.fit(statistics: statistics, clustered: clustered)
      #expect(fit.observationCount == reference.observationCount)
      #expect(fit.residualDegreesOfFreedom == reference.residualDegreesOfFreedom)
      for (a, b) in zip(fit.coefficients, reference.coefficients) {
        #expect(a.term == b.term)
        for (u, v, what) in [(a.estimate, b.estimate, "estimate"), (a.standardError, b.standardError, "se"), (a.pValue, b.pValue, "p"), (a.confidenceLow, b.confidenceLow, "low")] {
          // A p-value far in the tail moves t·Δt times as much as t does (p ≈ 1e-27 here).
          let tolerance = what == "p" && v < 1e-10 ? 1e-9 : 1e-11
          #expect(relativeError(u, v) <= tolerance, "\(a.term) \(what) \(u) vs \(v) clustered \(clustered)")
        }
        if let u = a.varianceInflation, let v = b.varianceInflation { #expect(relativeError(u, v) <= 1e-11, "\(a.term) VIF") }
        #expect((a.varianceInflation == nil) == (b.varianceInflation == nil))
      }
      for (u, v, what) in [
        (fit.rSquared, reference.rSquared, "R²"), (fit.adjustedRSquared, reference.adjustedRSquared, "adj R²"), (fit.fStatistic, reference.fStatistic, "F"),
        (fit.fPValue, reference.fPValue, "F p"), (fit.logLikelihood, reference.logLikelihood, "logLik"), (fit.aic, reference.aic, "AIC"),
        (fit.residualSumOfSquares, reference.residualSumOfSquares, "SSR"), (fit.totalSumOfSquares, reference.totalSumOfSquares, "TSS"),
        (fit.conditionNumber, reference.conditionNumber, "κ"), (fit.standardizedConditionNumber, reference.standardizedConditionNumber, "κ standardised"),
      ] {
        #expect(relativeError(u, v, floor: 1e-300) <= (what == "F p" && v < 1e-10 ? 1e-9 : 1e-11), "\(what) \(u) vs \(v)")
      }
      for (u, v) in zip(fit.standardizedCoefficients, reference.standardizedCoefficients) { #expect(relativeError(u, v) <= 1e-11) }
      let lmg = try RelativeImportance.lmg(try statistics.correlationStructure())
      let lmgReference = try RelativeImportance.lmg(try CorrelationStructure(crossProducts: try #require(reference.centredCrossProducts), indicators: Self.indicators, observations: rows.values.count))
      for (u, v) in zip(lmg, lmgReference) { #expect(relativeError(u, v) <= 1e-11) }
    }
  }

  @Test("the factor does not depend on the blocking: 1, 2, 3 and 7 accumulators agree to 1e-13; cluster order is the labels'")
  func blockingInvariance() throws {
    let rows = try Self.rows()
    let one = try Self.statistics(rows, parts: 1)
    for parts in [2, 3, 7] {
      let other = try Self.statistics(rows, parts: parts)
      for j in 0..<one.triangle.columns {
        for i in 0...j {
          #expect(abs(one.triangle[i, j] - other.triangle[i, j]) <= 1e-13 * max(1, abs(one.triangle[j, j])) * 1e2, "R[\(i),\(j)] with \(parts)")
        }
      }
      #expect(other.clusters?.labels == one.clusters?.labels)
      #expect(other.clusters?.counts == one.clusters?.counts)
    }
    #expect(one.clusters?.labels == one.clusters?.labels.sorted())
  }

  @Test("a column in units 1e9 away from its spread: the shifted statistics keep the accuracy of the fit without the offset (1e-8)")
  func largeOffsets() throws {
    let offsets: [Double] = [0, 0, 0, 0, 0, 1e9, 0, 0]
    let rows = try Self.rows(offsets: offsets)
    let fit = try OrdinaryLeastSquares.fit(statistics: try Self.statistics(rows, parts: 2), clustered: true)
    // Slopes and their errors do not depend on the offset: the reference is the fit without it.
    let plain = try Self.rows()
    let reference = try inMemory(plain, covariance: .cluster([Clustering(name: "team", labels: plain.teams)]))
    let shifted = try inMemory(rows, covariance: .cluster([Clustering(name: "team", labels: rows.teams)]))
    for ((a, b), c) in zip(zip(fit.coefficients.dropFirst(), reference.coefficients.dropFirst()), shifted.coefficients.dropFirst()) {
      // 1e9 + x keeps x to 1.2e-7 only: the data themselves differ at about 1e-9 of the spread.
      #expect(relativeError(a.estimate, b.estimate) <= 1e-8, "\(a.term)")
      #expect(relativeError(a.standardError, b.standardError) <= 1e-8, "\(a.term) se \(a.standardError) vs \(b.standardError); in memory with the offset \(c.standardError)")
    }
    let interceptShift = 1e9 * reference.coefficients[6].estimate
    #expect(abs(fit.coefficients[0].estimate - (reference.coefficients[0].estimate - interceptShift)) <= 1e-6 * abs(interceptShift))
  }

  @Test("a constant column, a collinear pair and too few rows are named as in the in-memory fit")
  func errors() throws {
    var rows = try Self.rows()
    for i in rows.values.indices { rows.values[i][2] = 50 }
    #expect(throws: AnalysisError.constantColumn(name: "first_fix_pct", value: 50, isOutcome: false)) {
      try OrdinaryLeastSquares.fit(statistics: try Self.statistics(rows), clustered: false)
    }
    rows = try Self.rows()
    for i in rows.values.indices { rows.values[i][2] = 2 * rows.values[i][0] - rows.values[i][1] }
    #expect(throws: AnalysisError.collinearIndicators(["'first_fix_pct' is a linear combination of the earlier indicators and the intercept"])) {
      try OrdinaryLeastSquares.fit(statistics: try Self.statistics(rows), clustered: false)
    }
    rows = try Self.rows()
    rows.values = Array(rows.values.prefix(8))
    rows.teams = Array(rows.teams.prefix(8))
    #expect(throws: AnalysisError.tooFewRows(rows: 8, parameters: 8)) {
      try OrdinaryLeastSquares.fit(statistics: try Self.statistics(rows), clustered: false)
    }
    #expect(throws: AnalysisError.self) {
      try OrdinaryLeastSquares.fit(statistics: try Self.statistics(try Self.rows(), clustered: false), clustered: true)
    }
  }
}
