import Foundation

/// How a score becomes a multiple of the performance share of salary.
public enum PayCurve: Sendable, Equatable {
  /// `score / 10` (the article: a score of 8 pays 80% of the 30% share, 24% of salary).
  case linear
  /// The `pay` of the highest step whose `score` the row reaches; 0 below the first step
  /// (e.g. 6 → 0.5, 8 → 1.0, 9.5 → 1.2).
  case steps([(score: Double, pay: Double)])

  public static func == (a: PayCurve, b: PayCurve) -> Bool {
    switch (a, b) {
    case (.linear, .linear): return true
    case let (.steps(x), .steps(y)): return x.count == y.count && zip(x, y).allSatisfy { $0.score == $1.score && $0.pay == $1.pay }
    default: return false
    }
  }
}

extension WeightConfig.PayPolicy {
  /// The share of salary in basis points (1/10,000), rounded to the nearest.
  static func basisPoints(_ share: Double) -> Int64 { Int64((share * 10_000).rounded()) }

  /// The multiple of the performance share a score earns, in basis points, from the score in
  /// hundredths (exact integers, so a threshold such as 9.5 is met by 9.50 and not by 9.49):
  /// ```
  /// m = 0                       score < gate
  /// m = min(curve(score), cap)  otherwise;  linear: curve(s) = s/10
  /// ```
  public func multiplierBasisPoints(scoreHundredths h: Int64) -> Int64 {
    if let gate, h < Int64((gate * 100).rounded()) { return 0 }
    var m: Int64
    switch curve {
    case .linear: m = h * 10
    case .steps(let steps):
      m = steps.last { h >= Int64(($0.score * 100).rounded()) }.map { Self.basisPoints($0.pay) } ?? 0
    }
    if let cap { m = min(m, Self.basisPoints(cap)) }
    return m
  }

  /// Performance pay as a share of salary for a score (what `compare` reports as the pay spread).
  public func performanceShareOfSalary(score: Double) -> Double {
    Double(Self.basisPoints(performanceShare) * multiplierBasisPoints(scoreHundredths: Int64((score * 100).rounded()))) / 100_000_000
  }

  /// Base and performance pay in cents, each one integer multiplication and division rounded
  /// half up: `base = salary · b/10⁴`, `performance = salary · p/10⁴ · m/10⁴`.
  public func pay(salary: Cents, scoreHundredths h: Int64) -> (base: Cents, performance: Cents) {
    (salary.scaled(by: Self.basisPoints(baseShare), over: 10_000),
     salary.scaled(by: Self.basisPoints(performanceShare) * multiplierBasisPoints(scoreHundredths: h), over: 100_000_000))
  }

  /// Problems with the pay plan, as sentences; empty when it can run.
  public func planProblems() -> [String] {
    var problems: [String] = []
    if let gate, !(0...10).contains(gate) { problems.append("the gate \(gate) must be a score within 0–10") }
    if let cap, !(cap > 0 && cap <= 10) { problems.append("the cap \(cap) must be a multiple of the performance share above 0 (1 = the whole share), at most 10") }
    if case .steps(let steps) = curve {
      if steps.isEmpty { problems.append("the pay curve has no steps; give at least one {score, pay} or use curve: linear") }
      if steps.contains(where: { !(0...10).contains($0.score) || !($0.pay >= 0 && $0.pay <= 10) }) {
        problems.append("every pay-curve step needs a score within 0–10 and a pay multiple within 0–10")
      }
      if zip(steps, steps.dropFirst()).contains(where: { $0.score >= $1.score }) { problems.append("the pay-curve step scores must increase") }
      if zip(steps, steps.dropFirst()).contains(where: { $0.pay > $1.pay }) { problems.append("the pay curve must not fall: a higher score cannot pay less") }
    }
    if let gate, let cap {
      // The multiple earned just at the gate: a cap below it pays everyone past the gate the same.
      let atGate = Double(multiplierBasisPoints(scoreHundredths: Int64((gate * 100).rounded()))) / 10_000
      var uncapped = self
      uncapped.cap = nil
      let top = Double(uncapped.multiplierBasisPoints(scoreHundredths: 1_000)) / 10_000
      if atGate >= cap && top > cap { problems.append("the cap \(cap) is reached at the gate \(gate) already, so every score past the gate pays the same") }
    }
    return problems
  }
}
