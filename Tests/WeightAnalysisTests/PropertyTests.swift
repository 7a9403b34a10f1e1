import Foundation
import LinearAlgebra
import PropertyBased
import Testing
import TestSupport

@testable import WeightAnalysis

/// Properties checked on 1,000 random cases each (x-sheep/swift-property-based; a failure prints
/// the seed that reproduces it).
@Suite("properties on 1,000 random cases each")
struct PropertyTests {
  static let cases = 1_000

  @Test("the combination satisfies the bounds, Σw = 1 and KKT on random feasible problems")
  func kkt() async {
    await propertyCheck(count: Self.cases, input: Gen.int(in: 1_000...Int(Int32.max))) { seed in
      try RecommendationTests.checkKKT(seed: seed)
    }
  }

  @Test("integer-cent pay equals exact decimal arithmetic, rounded half up to the cent")
  func payExact() async {
    var runs = 0
    await propertyCheck(
      count: Self.cases, input: Gen.int64(in: 0...Cents.maximum.value), Gen.int64(in: 0...1_000), Gen.int(in: 0...10_000), Gen.int(in: 0...2)
    ) { salary, hundredths, performanceBasisPoints, gateKind in
      runs += 1
      let performance = Double(performanceBasisPoints) / 10_000
      let gate: Double? = gateKind == 0 ? nil : (gateKind == 1 ? 6 : 8.5)
      let policy = WeightConfig.PayPolicy(baseShare: 1 - performance, performanceShare: performance, gate: gate, cap: nil, curve: .linear)
      let (base, pay) = policy.pay(salary: Cents(salary), scoreHundredths: hundredths)
      // Exactly: salary · p · m with p in basis points and the linear multiple score/10.
      let multiple: Decimal = gate.map { Int64(($0 * 100).rounded()) > hundredths } == true ? 0 : Decimal(hundredths) / 1_000
      let exactPay = Decimal(salary) * Decimal(performanceBasisPoints) / 10_000 * multiple
      let exactBase = Decimal(salary) * Decimal(10_000 - performanceBasisPoints) / 10_000
      #expect(pay.value == Self.roundHalfUp(exactPay), "salary \(salary) cents, score \(hundredths), p \(performanceBasisPoints) bp")
      #expect(base.value == Self.roundHalfUp(exactBase))
    }
    #expect(runs == Self.cases)
  }

  static func roundHalfUp(_ value: Decimal) -> Int64 {
    var input = value, output = Decimal()
    NSDecimalRound(&output, &input, 0, .plain)
    return (output as NSDecimalNumber).int64Value
  }

  @Test("points are monotone in the indicator's direction for min-max and band rules, and so is the weighted score")
  func monotone() async {
    await propertyCheck(count: Self.cases, input: Gen.double(in: 0...100), Gen.double(in: 0...100), Gen.double(in: 0.5...20), Gen.int(in: 0...1)) { a, b, step, kind in
      let (low, high) = (min(a, b), max(a, b))
      let rule: ScoringRule = kind == 0 ? .minMax : .linear(full: 90, step: step, points: 1)
      let range = 0.0...100.0
      #expect(rule.points(low, direction: .higherIsBetter, range: range) <= rule.points(high, direction: .higherIsBetter, range: range))
      #expect(rule.points(low, direction: .lowerIsBetter, range: range) >= rule.points(high, direction: .lowerIsBetter, range: range))
      let weights = [0.6, 0.4]
      let other = rule.points(50, direction: .higherIsBetter, range: range)
      let worse = Scoring.weightedScore(points: [rule.points(low, direction: .higherIsBetter, range: range), other], weights: weights)
      let better = Scoring.weightedScore(points: [rule.points(high, direction: .higherIsBetter, range: range), other], weights: weights)
      #expect(worse.hundredths <= better.hundredths)
    }
  }

  @Test("LMG, relative weights and standardised coefficients follow a column permutation and ignore unit changes (hours → minutes)")
  func invariance() async throws {
    await propertyCheck(count: Self.cases, input: Gen.uint64(in: 1...UInt64.max)) { seed in
      var generator = SeededGenerator(seed: seed)
      let n = 30, p = 4
      var columns = (0..<p).map { _ in (0..<n).map { _ in Double.random(in: -1...1, using: &generator) } }
      for i in 0..<n { columns[1][i] += 0.5 * columns[0][i] }  // some correlation
      let response = (0..<n).map { i in (0..<p).reduce(0.0) { $0 + Double($1 + 1) * columns[$1][i] } + Double.random(in: -1...1, using: &generator) }
      let names = (0..<p).map { "x\($0)" }
      let order = (0..<p).shuffled(using: &generator)
      let scale = Double.random(in: 0.01...100, using: &generator), offset = Double.random(in: -50...50, using: &generator)
      var changed = order.map { columns[$0] }
      changed[0] = changed[0].map { $0 * scale + offset }
      let base = try CorrelationStructure(response: response, columns: columns, indicators: names)
      let other = try CorrelationStructure(response: response, columns: changed, indicators: order.map { names[$0] })
      for method in [RelativeImportance.lmg, RelativeImportance.relativeWeights] {
        let a = try method(base), b = try method(other)
        for (k, j) in order.enumerated() { #expect(abs(a[j] - b[k]) < 1e-9 * max(1, abs(a[j])), "seed \(seed)") }
      }
      let a = try RelativeImportance.standardizedCoefficients(base), b = try RelativeImportance.standardizedCoefficients(other)
      for (k, j) in order.enumerated() { #expect(abs(a[j] - b[k]) < 1e-9, "seed \(seed)") }
    }
  }
}
