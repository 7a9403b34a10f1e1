import Testing
import TestSupport
@testable import WeightAnalysis

@Suite("Named errors of the analysis")
struct AnalysisErrorTests {
  let x1: [Double] = [1, 2, 3, 4, 5, 6, 7, 8]
  let x2: [Double] = [2, 1, 4, 3, 6, 5, 8, 9]
  let y: [Double] = [1.1, 1.9, 3.2, 3.9, 5.1, 6.2, 6.8, 8.1]

  @Test("collinear indicators are named")
  func collinear() {
    let doubled = x1.map { 2 * $0 }
    #expect(throws: AnalysisError.collinearIndicators(["cost_b = 2·cost_a"])) {
      _ = try OrdinaryLeastSquares.fit(outcome: "churn", response: y, indicators: ["cost_a", "cost_b"], columns: [x1, doubled])
    }
    #expect(
      AnalysisError.collinearIndicators(["cost_b = 2·cost_a"]).description
        == "Collinear indicators: cost_b = 2·cost_a. Their separate effects cannot be estimated; drop one of each group from the indicator list, or pass the minimum-norm option for the minimum-norm solution.")
  }

  @Test("too few rows for the number of indicators")
  func tooFewRows() {
    #expect(throws: AnalysisError.tooFewRows(rows: 3, parameters: 3)) {
      _ = try OrdinaryLeastSquares.fit(outcome: "y", response: [1, 2, 3], indicators: ["a", "b"], columns: [[1, 2, 4], [3, 1, 2]])
    }
    #expect(
      AnalysisError.tooFewRows(rows: 3, parameters: 3).description
        == "Too few rows: 3 rows cannot estimate 3 parameters (at least 4 are needed, and 10 per indicator for a ranking you can trust); add history or use fewer indicators.")
  }

  @Test("constant indicator and constant outcome")
  func constant() {
    #expect(throws: AnalysisError.constantColumn(name: "utilization_pct", value: 80, isOutcome: false)) {
      _ = try OrdinaryLeastSquares.fit(outcome: "y", response: y, indicators: ["a", "utilization_pct"], columns: [x1, Array(repeating: 80, count: 8)])
    }
    #expect(throws: AnalysisError.constantColumn(name: "churn_pct", value: 5, isOutcome: true)) {
      _ = try OrdinaryLeastSquares.fit(outcome: "churn_pct", response: Array(repeating: 5, count: 8), indicators: ["a"], columns: [x1])
    }
  }

  @Test("non-finite values name the column and row")
  func nonFinite() {
    var bad = x2
    bad[4] = .nan
    #expect(throws: AnalysisError.nonFinite(column: "b", row: 4)) {
      _ = try OrdinaryLeastSquares.fit(outcome: "y", response: y, indicators: ["a", "b"], columns: [x1, bad])
    }
  }

  @Test("overflowing sums of squares are a numerical failure")
  func overflow() {
    let huge = y.map { $0 * 1e200 }
    #expect(throws: AnalysisError.self) {
      _ = try OrdinaryLeastSquares.fit(outcome: "y", response: huge, indicators: ["a"], columns: [x1])
    }
  }

  @Test("counter-intuitive signs get weight 0 and a warning; weights sum to 1")
  func orientedWeights() throws {
    let fit = try OrdinaryLeastSquares.fit(outcome: "churn_pct", response: y, indicators: ["satisfaction_pct", "cost_per_ticket"], columns: [x1, x2])
    // churn rises with both: satisfaction (higher is better) has the wrong sign.
    let (weights, warnings) = ImportanceWeights.standardized(
      fit: fit, directions: ["satisfaction_pct": .higherIsBetter, "cost_per_ticket": .lowerIsBetter], outcomeDirection: .lowerIsBetter)
    let satisfaction = try #require(weights.first { $0.indicator == "satisfaction_pct" })
    let cost = try #require(weights.first { $0.indicator == "cost_per_ticket" })
    #expect(fit.coefficient(of: "satisfaction_pct")!.estimate > 0)
    #expect(satisfaction.weight == 0 && !satisfaction.hasExpectedSign)
    #expect(abs(cost.weight - 1) < 1e-15)
    #expect(warnings.contains { $0.hasPrefix("'satisfaction_pct' has a counter-intuitive effect") })
    #expect(warnings.contains { $0.hasPrefix("Only 8 rows for 2 indicators") })
  }

  @Test("an unknown direction is inferred with a warning, never silently")
  func inferredDirection() throws {
    let fit = try OrdinaryLeastSquares.fit(outcome: "churn_pct", response: y, indicators: ["mystery"], columns: [x1])
    let (weights, warnings) = ImportanceWeights.standardized(fit: fit, directions: [:], outcomeDirection: .lowerIsBetter)
    #expect(weights[0].direction == .lowerIsBetter && weights[0].directionInferred)
    #expect(warnings.map(\.english).contains("'mystery' has no known direction; inferred 'lower is better' from its fitted sign. State it with a direction setting mystery=higher|lower."))
  }
}
