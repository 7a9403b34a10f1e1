import Foundation
import LinearAlgebra
import Testing
import TestSupport
import WeightAnalysis

/// Clustered, heteroskedasticity-robust and CR2 standard errors on the bundled history against R
/// (`scripts/make_covariance_fixtures.R`: sandwich, lmtest, clubSandwich).
@Suite("coefficient covariance: HC1, HC3, CR1 (one- and two-way), CR2 against R")
struct CovarianceTests {
  static let indicators = ["satisfaction_pct", "response_hours", "first_fix_pct", "resolution_hours", "complaint_resolution_pct", "cost_per_ticket", "utilization_pct"]

  /// The bundled history's columns by name (plain CSV, no quotes), rows with a missing value in
  /// the model's columns left out (as R's `lm` does by default).
  static func history() throws -> [String: [String]] {
    let text = try String(contentsOf: CLI.packageRoot.appendingPathComponent("datasets/after-sales-history.csv"), encoding: .utf8)
    let lines = text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    let header = lines[0]
    let model = (indicators + ["churn_pct"]).map { header.firstIndex(of: $0)! }
    let complete = lines.dropFirst().filter { row in model.allSatisfy { !row[$0].isEmpty } }
    var columns: [String: [String]] = [:]
    for (j, name) in header.enumerated() { columns[name] = complete.map { $0[j] } }
    return columns
  }

  /// R's rows: type → term → (estimate, se, t, p, df).
  static func reference() throws -> [String: [String: [Double]]] {
    let text = try String(contentsOf: FixtureLoader.url("covariance-r", "csv", in: .module), encoding: .utf8)
    var rows: [String: [String: [Double]]] = [:]
    for line in text.split(separator: "\n").dropFirst() {
      let cells = line.split(separator: ",").map(String.init)
      rows[cells[0], default: [:]][cells[1]] = cells[2...].map { Double($0)! }
    }
    return rows
  }

  func fit(_ type: (([String: [String]]) -> CovarianceType)) throws -> RegressionFit {
    let data = try Self.history()
    return try OrdinaryLeastSquares.fit(
      outcome: "churn_pct", response: data["churn_pct"]!.map { Double($0)! }, indicators: Self.indicators,
      columns: Self.indicators.map { data[$0]!.map { Double($0)! } }, covariance: type(data))
  }

  @Test(
    "standard errors, t, p and degrees of freedom agree with R to 1e-9 (CR2 and its Satterthwaite df to 1e-8); the Wald F too",
    arguments: ["iid", "hc1", "hc3", "cluster-team", "cluster-team-month", "cr2-team"])
  func agreesWithR(name: String) throws {
    let result = try fit { data in
      let team = Clustering(name: "team", labels: data["team"]!), month = Clustering(name: "month", labels: data["month"]!)
      switch name {
      case "hc1": return .hc1
      case "hc3": return .hc3
      case "cluster-team": return .cluster([team])
      case "cluster-team-month": return .cluster([team, month])
      case "cr2-team": return .cr2(team)
      default: return .iid
      }
    }
    let expected = try #require(try Self.reference()[name])
    let tolerance = name.hasPrefix("cr2") ? 1e-8 : 1e-9
    for coefficient in result.coefficients {
      let r = try #require(expected[coefficient.term], "\(coefficient.term)")
      #expect(relativeError(coefficient.estimate, r[0]) <= 1e-11, "\(name) \(coefficient.term) estimate")
      #expect(relativeError(coefficient.standardError, r[1]) <= tolerance, "\(name) \(coefficient.term) se \(coefficient.standardError) vs \(r[1])")
      #expect(relativeError(coefficient.tStatistic, r[2]) <= tolerance, "\(name) \(coefficient.term) t")
      #expect(relativeError(coefficient.pValue, r[3], floor: 1e-300) <= (r[3] < 1e-200 ? 1e-6 : tolerance), "\(name) \(coefficient.term) p \(coefficient.pValue) vs \(r[3])")
      let df = result.covariance?.degreesOfFreedom[result.coefficients.firstIndex { $0.term == coefficient.term }!] ?? Double(result.residualDegreesOfFreedom)
      #expect(relativeError(df, r[4]) <= tolerance, "\(name) \(coefficient.term) df \(df) vs \(r[4])")
    }
    if let wald = expected["wald"] {
      #expect(relativeError(result.fStatistic, wald[0]) <= 1e-9, "\(name) F \(result.fStatistic) vs \(wald[0])")
      #expect(relativeError(result.fPValue, wald[1], floor: 1e-300) <= 1e-6 || (wald[1] == 0 && result.fPValue < 1e-300), "\(name) F p \(result.fPValue) vs \(wald[1])")
      #expect(result.covariance?.waldDenominatorDegreesOfFreedom == wald[3])
    }
  }

  @Test("CR2 refuses clusters too large to factorise, naming the largest and the alternative")
  func largeClusters() throws {
    let rows = 2_402
    let x = (0..<rows).map { Double($0 % 97) }, y = (0..<rows).map { Double($0 % 89) + Double($0 % 97) * 0.5 }
    let codes = (0..<rows).map { $0 < 2_001 ? 0 : 1 }
    #expect(
      throws: AnalysisError.unusableSetting(
        .standardErrors,
        reason: "cr2 factorises each cluster's rows, and the largest cluster of 'region' has 2001 (at most 2000); use cluster (CR1) for clusters this large")
    ) {
      try OrdinaryLeastSquares.fit(outcome: "y", response: y, indicators: ["x"], columns: [x], covariance: .cr2(Clustering(name: "region", codes: codes, count: 2)))
    }
  }

  @Test("one cluster is an error naming the column and the fix")
  func oneCluster() throws {
    #expect(throws: AnalysisError.unusableSetting(.cluster, reason: "'team' has 1 cluster; clustering needs at least 2")) {
      try fit { data in .cluster([Clustering(name: "team", codes: Array(repeating: 0, count: data["team"]!.count), count: 1)]) }
    }
  }

  @Test(
    "a logistic fit's robust and clustered standard errors agree with R's sandwich on glm to 1e-8 (z tests), and CR2 with clubSandwich's (t, Satterthwaite df)",
    arguments: ["logit-iid", "logit-hc1", "logit-hc3", "logit-cluster-team", "logit-cluster-team-month", "logit-cr2-team"])
  func logisticAgreesWithR(name: String) throws {
    let data = try Self.history()
    let churn = data["churn_pct"]!.map { Double($0)! }
    let sorted = churn.sorted()
    let median = (sorted[(sorted.count - 1) / 2] + sorted[sorted.count / 2]) / 2
    let team = Clustering(name: "team", labels: data["team"]!), month = Clustering(name: "month", labels: data["month"]!)
    let type: CovarianceType =
      ["logit-hc1": .hc1, "logit-hc3": .hc3, "logit-cluster-team": .cluster([team]), "logit-cluster-team-month": .cluster([team, month]), "logit-cr2-team": .cr2(team)][name]
      ?? .iid
    let fit = try LogisticRegression.fit(
      outcome: "high", response: churn.map { $0 > median ? 1 : 0 }, indicators: Self.indicators, columns: Self.indicators.map { data[$0]!.map { Double($0)! } },
      covariance: type)
    let expected = try #require(try Self.reference()[name])
    for coefficient in fit.coefficients {
      let r = try #require(expected[coefficient.term], "\(coefficient.term)")
      #expect(relativeError(coefficient.estimate, r[0]) <= 1e-8, "\(name) \(coefficient.term) estimate")
      #expect(relativeError(coefficient.standardError, r[1]) <= 1e-8, "\(name) \(coefficient.term) se \(coefficient.standardError) vs \(r[1])")
      #expect(relativeError(coefficient.tStatistic, r[2]) <= 1e-8, "\(name) \(coefficient.term) z")
      #expect(relativeError(coefficient.pValue, r[3], floor: 1e-300) <= 1e-7, "\(name) \(coefficient.term) p \(coefficient.pValue) vs \(r[3])")
      if name.hasSuffix("cr2-team"), let j = fit.coefficients.firstIndex(where: { $0.term == coefficient.term }) {
        #expect(relativeError(fit.covariance!.degreesOfFreedom[j], r[4]) <= 1e-8, "\(coefficient.term) Satterthwaite df \(fit.covariance!.degreesOfFreedom[j]) vs \(r[4])")
      }
    }
    #expect((fit.covariance?.type ?? .iid) == type)
  }

  @Test("a column 10⁹ away from its spread: HC1, HC3, CR1 and two-way slopes' errors are those of the shifted column (the sandwich is taken on centred columns; it once lost every digit)")
  func farFromItsSpread() throws {
    var random = SeededGenerator(seed: 17)
    let n = 2_000, teams = 40
    let team = (0..<n).map { $0 % teams }, month = (0..<n).map { $0 / teams }
    let level = (0..<teams).map { _ in random.gaussian() }
    // Quarter-unit steps, so 10⁹ + u is exact and (10⁹ + u) − 10⁹ = u.
    let u = (0..<n).map { (4 * (10 + 3 * random.gaussian() + level[team[$0]])).rounded() / 4 }
    let z = (0..<n).map { _ in random.gaussian() }
    let y = (0..<n).map { 2 + 0.3 * u[$0] - 0.5 * z[$0] + 2 * level[team[$0]] + random.gaussian() }
    let far = u.map { $0 + 1e9 }
    let clusters = Clustering(name: "team", codes: team, count: teams), months = Clustering(name: "month", codes: month, count: n / teams)
    for type in [CovarianceType.hc1, .hc3, .cluster([clusters]), .cluster([clusters, months])] {
      let near = try OrdinaryLeastSquares.fit(outcome: "y", response: y, indicators: ["u", "z"], columns: [u, z], covariance: type)
      let away = try OrdinaryLeastSquares.fit(outcome: "y", response: y, indicators: ["u", "z"], columns: [far, z], covariance: type)
      for j in 1...2 {
        let (a, b) = (near.coefficients[j], away.coefficients[j])
        #expect(relativeError(b.standardError, a.standardError) <= 1e-7, "\(type.name) \(a.term): \(b.standardError) vs \(a.standardError)")
      }
      // The intercept moves by −10⁹·β_u; its error is the shifted fit's mapped back, finite and positive.
      #expect(away.coefficients[0].standardError.isFinite && away.coefficients[0].standardError > 0)
    }
  }
}
