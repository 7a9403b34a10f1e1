import Foundation
import LinearAlgebra
import Testing
import TestSupport

@testable import WeightAnalysis

@Suite("Objective weights and AHP")
struct ObjectiveAndAHPTests {
  func objectiveFixture() throws -> (matrix: [[Double]], directions: [Direction], fixture: [String: Any]) {
    let fixture = try loadJSON("objective_reference")
    let rows = (fixture["matrix"] as! [[NSNumber]]).map { $0.map(\.doubleValue) }
    let columns = (0..<rows[0].count).map { j in rows.map { $0[j] } }
    let directions: [Direction] = numbers(fixture["types"]).map { $0 > 0 ? .higherIsBetter : .lowerIsBetter }
    return (columns, directions, fixture)
  }
  let names = ["satisfaction_pct", "response_hours", "first_fix_pct", "cost_per_ticket"]

  @Test("agree with pymcdm for the variant pymcdm implements")
  func pymcdmAgreement() throws {
    let (columns, directions, fixture) = try objectiveFixture()
    func check(_ ours: [Double], _ key: String) {
      for (a, b) in zip(ours, numbers(fixture[key])) { #expect(relativeError(a, b) < 1e-12, "\(key): \(a) vs \(b)") }
    }
    // pymcdm entropy: sum-normalised raw positive values, no direction.
    check(try ObjectiveWeights.entropy(normalized: columns, names: names), "entropyRaw")
    // pymcdm CRITIC: min-max without direction = ours with every direction "higher".
    check(try ObjectiveWeights.compute(method: .critic, names: names, columns: columns, directions: Array(repeating: .higherIsBetter, count: 4)), "criticAllHigher")
    // pymcdm SD on our oriented min-max matrix = our SD method.
    check(try ObjectiveWeights.compute(method: .sd, names: names, columns: columns, directions: directions), "sdOfMinMax")
    // MEREC: same definition with types.
    check(try ObjectiveWeights.compute(method: .merec, names: names, columns: columns, directions: directions), "merec")
  }

  @Test("unit change (hours → minutes) never changes the weights; an offset changes only cv and merec", arguments: ObjectiveMethod.allCases)
  func invariance(method: ObjectiveMethod) throws {
    let (columns, directions, _) = try objectiveFixture()
    let base = try ObjectiveWeights.compute(method: method, names: names, columns: columns, directions: directions)
    var minutes = columns
    minutes[1] = minutes[1].map { $0 * 60 }
    let scaled = try ObjectiveWeights.compute(method: method, names: names, columns: minutes, directions: directions)
    for (a, b) in zip(base, scaled) { #expect(abs(a - b) < 1e-12) }
    var shifted = columns
    shifted[3] = shifted[3].map { $0 + 500 }
    let offset = try ObjectiveWeights.compute(method: method, names: names, columns: shifted, directions: directions)
    let same = zip(base, offset).allSatisfy { abs($0 - $1) < 1e-12 }
    #expect(same == method.isOffsetInvariant)
    #expect(abs(base.reduce(0, +) - 1) < 1e-14)
  }

  @Test("flipping a direction matters exactly where the method uses direction")
  func directionFlip() throws {
    let (columns, directions, _) = try objectiveFixture()
    var flipped = directions
    flipped[1] = .higherIsBetter
    for method in ObjectiveMethod.allCases {
      let a = try ObjectiveWeights.compute(method: method, names: names, columns: columns, directions: directions)
      let b = try ObjectiveWeights.compute(method: method, names: names, columns: columns, directions: flipped)
      let same = zip(a, b).allSatisfy { abs($0 - $1) < 1e-12 }
      // SD and CV measure dispersion only; entropy, CRITIC (correlation signs) and MEREC depend on direction.
      #expect(same == (method == .sd || method == .cv), "\(method)")
    }
  }

  @Test("a constant column, negative values and too few rows are named errors")
  func errors() throws {
    let constant = [[1.0, 2, 3, 4], [5.0, 5, 5, 5]]
    #expect(throws: AnalysisError.noVariation(column: "b", value: 5, method: "entropy")) {
      try ObjectiveWeights.compute(method: .entropy, names: ["a", "b"], columns: constant, directions: [.higherIsBetter, .higherIsBetter])
    }
    let negative = [[1.0, -2, 3, 4], [5.0, 6, 7, 9]]
    #expect(throws: AnalysisError.nonPositiveValue(method: "MEREC", column: "a", row: 1, value: -2)) {
      try ObjectiveWeights.compute(method: .merec, names: ["a", "b"], columns: negative, directions: [.higherIsBetter, .higherIsBetter])
    }
    // Min-max methods take negative values (e.g. a net promoter score) in their stride.
    let weights = try ObjectiveWeights.compute(method: .critic, names: ["a", "b"], columns: negative, directions: [.higherIsBetter, .lowerIsBetter])
    #expect(abs(weights.reduce(0, +) - 1) < 1e-15)
    #expect(throws: AnalysisError.tooFewRows(rows: 2, parameters: 2)) {
      try ObjectiveWeights.compute(method: .sd, names: ["a"], columns: [[1, 2]], directions: [.higherIsBetter])
    }
  }

  func ahpCase(_ name: String) throws -> (PairwiseComparisons, [String: Any]) {
    let fixture = try loadJSON("ahp_reference")
    let entry = (fixture["cases"] as! [String: Any])[name] as! [String: Any]
    let rows = (entry["matrix"] as! [[NSNumber]]).map { $0.map(\.doubleValue) }
    let n = rows.count
    var m = Matrix(rows: n, columns: n)
    for i in 0..<n { for j in 0..<n { m[i, j] = rows[i][j] } }
    return (PairwiseComparisons(indicators: (0..<n).map { "c\($0)" }, values: m), entry)
  }

  @Test("AHP eigenvector, λmax, CI and geometric means agree with pymcdm/numpy", arguments: ["article5", "classic3", "inconsistent4"])
  func ahpAgreement(name: String) throws {
    let (comparisons, entry) = try ahpCase(name)
    let result = try AHP.weights(comparisons)
    for (a, b) in zip(result.weights, numbers(entry["weights"])) { #expect(relativeError(a, b) < 1e-12) }
    #expect(relativeError(result.lambdaMax, number(entry["lambdaMax"])) < 1e-13)
    #expect(abs(result.consistencyIndex - number(entry["consistencyIndex"])) < 1e-13)
    #expect(relativeError(result.consistencyRatio, result.consistencyIndex / AHP.randomIndex[comparisons.indicators.count]!) < 1e-15)
    let gm = try AHP.weights(comparisons, method: .geometricMean)
    for (a, b) in zip(gm.weights, numbers(entry["geometricMean"])) { #expect(relativeError(a, b) < 1e-13) }
  }

  @Test("a consistent matrix returns its ratio weights with CR 0; an inconsistent one names its worst pair")
  func consistency() throws {
    let w = [0.5, 0.3, 0.15, 0.05]
    var m = Matrix(rows: 4, columns: 4)
    for i in 0..<4 { for j in 0..<4 { m[i, j] = w[i] / w[j] } }
    let result = try AHP.weights(PairwiseComparisons(indicators: ["a", "b", "c", "d"], values: m))
    for (a, b) in zip(result.weights, w) { #expect(abs(a - b) < 1e-14) }
    #expect(abs(result.consistencyRatio) < 1e-13)
    let (bad, _) = try ahpCase("inconsistent4")
    let inconsistent = try AHP.weights(bad)
    #expect(inconsistent.consistencyRatio > 0.1)
    #expect(throws: AnalysisError.self) { try AHP.requireConsistent(inconsistent, indicators: bad.indicators) }
    do {
      try AHP.requireConsistent(inconsistent, indicators: bad.indicators)
    } catch {
      #expect("\(error)".hasPrefix("The pairwise comparisons are inconsistent: consistency ratio "))
      #expect("\(error)".contains("Revise it, or pass the allow-inconsistent option to proceed."))
    }
  }

  @Test("experts are combined by element-wise geometric mean; bad matrices are named errors")
  func combineAndValidate() throws {
    var a = Matrix(rows: 2, columns: 2), b = Matrix(rows: 2, columns: 2)
    a[0, 0] = 1; a[1, 1] = 1; a[0, 1] = 4; a[1, 0] = 0.25
    b[0, 0] = 1; b[1, 1] = 1; b[0, 1] = 1; b[1, 0] = 1
    let combined = try AHP.combine([PairwiseComparisons(indicators: ["x", "y"], values: a), PairwiseComparisons(indicators: ["x", "y"], values: b)])
    #expect(abs(combined.values[0, 1] - 2) < 1e-15 && abs(combined.values[1, 0] - 0.5) < 1e-15)
    var nonReciprocal = a
    nonReciprocal[1, 0] = 0.5
    #expect(throws: AnalysisError.methodNotApplicable(method: "ahp", reason: "'x' vs 'y' is 4.0 but 'y' vs 'x' is 0.5; they must be reciprocal (4 and 1/4), or leave the lower triangle empty")) {
      try AHP.validate(PairwiseComparisons(indicators: ["x", "y"], values: nonReciprocal))
    }
    var negative = a
    negative[0, 1] = -4
    #expect(throws: AnalysisError.self) { try AHP.validate(PairwiseComparisons(indicators: ["x", "y"], values: negative)) }
  }
}
