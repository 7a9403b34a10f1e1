import Foundation
import Testing
import TestSupport
import WeightAnalysis

/// Dominance analysis against R's dominanceanalysis (`scripts/make_dominance_fixtures.R`) on the
/// bundled history (linear) and the bundled customers (logistic).
@Suite("dominance analysis: general, conditional and complete dominance against R dominanceanalysis")
struct DominanceTests {
  static let indicators = ["satisfaction_pct", "response_hours", "first_fix_pct", "resolution_hours", "complaint_resolution_pct", "cost_per_ticket", "utilization_pct"]

  /// case → rows (kind, a, b, value).
  static func reference() throws -> [String: [(kind: String, a: String, b: String, value: Double)]] {
    let text = try String(contentsOf: FixtureLoader.url("dominance-r", "csv", in: .module), encoding: .utf8)
    var rows: [String: [(String, String, String, Double)]] = [:]
    for line in text.split(separator: "\n").dropFirst() {
      let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      rows[cells[0], default: []].append((cells[1], cells[2], cells[3], Double(cells[4])!))
    }
    return rows
  }

  static func table(_ file: String, limit: Int? = nil) throws -> [String: [Double]] {
    let text = try String(contentsOf: CLI.packageRoot.appendingPathComponent(file), encoding: .utf8)
    let lines = text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    let header = lines[0]
    var body = lines.dropFirst().filter { row in row.allSatisfy { !$0.isEmpty } }
    if let limit { body = Array(body.prefix(limit)) }
    var columns: [String: [Double]] = [:]
    for (j, name) in header.enumerated() { columns[name] = body.map { Double($0[j]) ?? .nan } }
    return columns
  }

  static func analysis(_ name: String) throws -> DominanceAnalysis {
    if name == "linear" {
      let data = try table("datasets/after-sales-history.csv")
      let structure = try CorrelationStructure(response: data["churn_pct"]!, columns: indicators.map { data[$0]! }, indicators: indicators)
      return try DominanceAnalysis.linear(structure)
    }
    let data = try table("datasets/customers.csv", limit: name.hasSuffix("-400") ? 400 : nil)
    let statistic: DominanceStatistic = name.contains("estrella") ? .estrella : (name.contains("nagelkerke") ? .nagelkerke : .mcfadden)
    return try DominanceAnalysis.logistic(response: data["churned"]!, columns: indicators.map { data[$0]! }, indicators: indicators, statistic: statistic)
  }

  @Test("general and conditional dominance to 1e-9, and every complete, conditional and general designation", arguments: ["linear", "logit-mcfadden", "logit-estrella", "logit-nagelkerke-400"])
  func agreesWithR(name: String) throws {
    let d = try Self.analysis(name)
    let rows = try #require(try Self.reference()[name])
    #expect(d.separatedSubmodels == 0)
    func index(_ name: String) -> Int { Self.indicators.firstIndex(of: name)! }
    var designations = 0
    for row in rows {
      switch row.kind {
      case "general": #expect(relativeError(d.general[index(row.a)], row.value) <= 1e-9, "\(name) general \(row.a)")
      case "conditional": #expect(relativeError(d.conditional[index(row.a)][Int(row.b)!], row.value) <= 1e-9, "\(name) conditional \(row.a) \(row.b)")
      default:
        let pairs = row.kind == "completeMatrix" ? d.complete : (row.kind == "conditionalMatrix" ? d.conditionalDominance : d.generalDominance)
        let (a, b) = (index(row.a), index(row.b))
        let ours = pairs.contains { $0 == (a, b) } ? 1.0 : (pairs.contains { $0 == (b, a) } ? 0.0 : 0.5)
        #expect(ours == row.value, "\(name) \(row.kind) \(row.a) over \(row.b)")
        designations += 1
      }
    }
    #expect(designations == 3 * 42)
  }

  @Test("logistic general dominance agrees with the Python dominance-analysis package to 1e-8")
  func agreesWithPython() throws {
    let fixture = try loadJSON("dominance-py")
    let general = fixture["general"] as! [String: Double]
    let d = try Self.analysis("logit-mcfadden")
    for (j, name) in Self.indicators.enumerated() {
      let expected = try #require(general[name])
      #expect(relativeError(d.general[j], expected) < 1e-8, "\(name) \(d.general[j]) vs \(expected)")
    }
  }

  @Test("linear general dominance is LMG")
  func linearIsLMG() throws {
    let data = try Self.table("datasets/after-sales-history.csv")
    let structure = try CorrelationStructure(response: data["churn_pct"]!, columns: Self.indicators.map { data[$0]! }, indicators: Self.indicators)
    let lmg = try RelativeImportance.lmg(structure)
    #expect(maxAbsDifference(try DominanceAnalysis.linear(structure).general, lmg) < 1e-14)
  }

  @Test("a submodel that separates the outcome is counted, not a crash")
  func separation() throws {
    let x = (0..<40).map { Double($0) }, noise = (0..<40).map { Double(($0 * 7) % 11) }
    let y = x.map { $0 < 20 ? 0.0 : 1.0 }
    let d = try DominanceAnalysis.logistic(response: y, columns: [x, noise], indicators: ["x", "noise"])
    #expect(d.separatedSubmodels == 2)
    #expect(d.general[0] > d.general[1])
  }

  @Test("more than 15 indicators is a named error suggesting relative weights")
  func tooMany() {
    let columns = (0..<16).map { j in (0..<40).map { Double(($0 * (j + 3)) % 17) } }
    let y = (0..<40).map { Double($0 % 2) }
    #expect(
      throws: AnalysisError.methodNotApplicable(
        method: "dominance", reason: "it fits all 2^16 submodels of 16 indicators, and its limit is 15; use \(Setting.method) relative-weights, or fewer indicators")
    ) {
      try DominanceAnalysis.logistic(response: y, columns: columns, indicators: (0..<16).map { "x\($0)" })
    }
  }
}

@Suite("vector exp")
struct VectorExpTests {
  @Test("eight-at-a-time exp agrees with libm to 3e-16 relative over [−700, 700], and across the tails")
  func accuracy() {
    var rng = SeededGenerator(seed: 11)
    let values = (0..<80_000).map { k in k % 2 == 0 ? (rng.openUniform() - 0.5) * 1_400 : (rng.openUniform() - 0.5) * 80 } + [0, -0.0, 1e-300, 708, -708]
    var out = [Double](repeating: 0, count: values.count)
    values.withUnsafeBufferPointer { x in out.withUnsafeMutableBufferPointer { VectorMath.exp(x, into: $0) } }
    var worst = 0.0
    for (x, e) in zip(values, out) { worst = max(worst, abs(e - Foundation.exp(x)) / Foundation.exp(x)) }
    #expect(worst < 3e-16, "worst relative error \(worst)")
  }
}

@Suite("average marginal effects of a logistic fit")
struct MarginalEffectTests {
  @Test("effects, delta-method standard errors, z, p and intervals agree with statsmodels get_margeff to 1e-8", arguments: ["iid", "cluster-team"])
  func agreesWithStatsmodels(name: String) throws {
    let fixture = try loadJSON("margeff-statsmodels")
    let indicators = fixture["indicators"] as! [String]
    let data = try DominanceTests.table("datasets/customers.csv")
    let text = try String(contentsOf: CLI.packageRoot.appendingPathComponent("datasets/customers.csv"), encoding: .utf8)
    let teams = text.split(whereSeparator: \.isNewline).dropFirst().map { String($0.split(separator: ",")[1]) }
    let covariance: CovarianceType = name == "iid" ? .iid : .cluster([Clustering(name: "team", labels: teams)])
    let fit = try LogisticRegression.fit(
      outcome: "churned", response: data["churned"]!, indicators: indicators, columns: indicators.map { data[$0]! }, covariance: covariance)
    let expected = fixture[name] as! [String: Any]
    for (j, effect) in fit.marginalEffects.enumerated() {
      #expect(effect.indicator == indicators[j])
      #expect(relativeError(effect.effect, numbers(expected["effect"])[j]) < 1e-8, "\(name) \(effect.indicator) effect")
      #expect(relativeError(effect.standardError, numbers(expected["se"])[j]) < 1e-8, "\(name) \(effect.indicator) se \(effect.standardError) vs \(numbers(expected["se"])[j])")
      #expect(relativeError(effect.zStatistic, numbers(expected["z"])[j]) < 1e-8)
      #expect(relativeError(effect.pValue, numbers(expected["p"])[j]) < 1e-7)
      #expect(relativeError(effect.confidenceLow, numbers(expected["ciLow"])[j]) < 1e-8)
      #expect(relativeError(effect.confidenceHigh, numbers(expected["ciHigh"])[j]) < 1e-8)
    }
  }
}

@Suite("logistic relative weights")
struct LogisticRelativeWeightTests {
  @Test("Tonidandel & LeBreton relative weights agree with an independent numpy implementation to 1e-10, and sum to corr(y, μ̂)²")
  func agreesWithNumpy() throws {
    let fixture = try loadJSON("logistic-rw")
    let indicators = fixture["indicators"] as! [String]
    let data = try DominanceTests.table("datasets/customers.csv")
    let weights = try RelativeImportance.logisticRelativeWeights(response: data["churned"]!, columns: indicators.map { data[$0]! })
    for (j, expected) in numbers(fixture["epsilon"]).enumerated() { #expect(relativeError(weights[j], expected) < 1e-10, "\(indicators[j])") }
    #expect(relativeError(weights.reduce(0, +), number(fixture["rSquared"])) < 1e-10)
  }
}
