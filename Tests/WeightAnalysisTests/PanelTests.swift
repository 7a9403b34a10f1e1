import Foundation
import LinearAlgebra
import Testing
import TestSupport
import WeightAnalysis

/// Fixed effects, observation weights, lags and indicator sets against R (`lm` with dummies,
/// sandwich, clubSandwich, relaimpo `always=`/`groups=`: `scripts/make_panel_fixtures.R`) and
/// Python (pyfixest, linearmodels, statsmodels: `scripts/make_panel_fixtures.py`), on the rows of
/// the bundled confounded history those scripts used (`panel-data.csv`).
@Suite("panel fits: fixed effects, weights, lags and sets against R, pyfixest, linearmodels, statsmodels, relaimpo")
struct PanelTests {
  static let indicators = [
    "satisfaction_pct", "response_hours", "first_fix_pct", "resolution_hours", "complaint_resolution_pct", "cost_per_ticket", "utilization_pct",
    "response_hours_lag1",
  ]

  static func data() throws -> [String: [String]] {
    let text = try String(contentsOf: FixtureLoader.url("panel-data", "csv", in: .module), encoding: .utf8)
    let lines = text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",").map { $0.replacingOccurrences(of: "\"", with: "") } }
    var columns: [String: [String]] = [:]
    for (j, name) in lines[0].enumerated() { columns[name] = lines.dropFirst().map { $0[j] } }
    return columns
  }

  /// case → term → (estimate, se, t, p, df), from both fixture files.
  static func reference() throws -> [String: [String: [Double]]] {
    var rows: [String: [String: [Double]]] = [:]
    for file in ["panel-r", "panel-py"] {
      let text = try String(contentsOf: FixtureLoader.url(file, "csv", in: .module), encoding: .utf8)
      for line in text.split(separator: "\n").dropFirst() {
        let cells = line.split(separator: ",").map(String.init)
        rows[cells[0], default: [:]][cells[1]] = cells[2...].map { Double($0)! }
      }
    }
    return rows
  }

  struct Spec {
    var fixedEffects: [String] = []
    var weighted = false
    var covariance: String = "iid"
    var count: FixedEffects.ParameterCount = .nested
    var twoWay: TwoWayClusterAdjustment = .perTerm
  }

  static func fit(_ spec: Spec) throws -> RegressionFit {
    let data = try Self.data()
    let team = Clustering(name: "team", labels: data["team"]!), month = Clustering(name: "month", labels: data["month"]!)
    let dimensions = spec.fixedEffects.map { $0 == "team" ? team : month }
    var effects = dimensions.isEmpty ? nil : FixedEffects(dimensions)
    effects?.parameterCount = spec.count
    let covariance: CovarianceType
    switch spec.covariance {
    case "hc1": covariance = .hc1
    case "hc3": covariance = .hc3
    case "cluster": covariance = .cluster([team])
    case "twoway": covariance = .cluster([team, month])
    case "cr2": covariance = .cr2(team)
    default: covariance = .iid
    }
    return try OrdinaryLeastSquares.fit(
      outcome: "churn_pct", response: data["churn_pct"]!.map { Double($0)! }, indicators: indicators,
      columns: indicators.map { data[$0]!.map { Double($0)! } }, covariance: covariance,
      weights: spec.weighted ? data["tickets"]!.map { Double($0)! } : nil, fixedEffects: effects, twoWayAdjustment: spec.twoWay)
  }

  static let cases: [(String, Spec)] = [
    ("fe-team-iid", Spec(fixedEffects: ["team"])),
    ("fe-team-hc1", Spec(fixedEffects: ["team"], covariance: "hc1")),
    ("fe-team-hc3", Spec(fixedEffects: ["team"], covariance: "hc3")),
    ("fe-team-cluster-all", Spec(fixedEffects: ["team"], covariance: "cluster", count: .all)),
    ("fe-team-cr2", Spec(fixedEffects: ["team"], covariance: "cr2")),
    ("fe-team-month-iid", Spec(fixedEffects: ["team", "month"])),
    ("fe-team-month-hc1", Spec(fixedEffects: ["team", "month"], covariance: "hc1")),
    ("fe-team-month-cluster-all", Spec(fixedEffects: ["team", "month"], covariance: "cluster", count: .all)),
    ("wls-iid", Spec(weighted: true)),
    ("wls-hc1", Spec(weighted: true, covariance: "hc1")),
    ("wls-cluster-all", Spec(weighted: true, covariance: "cluster")),
    ("wls-cr2", Spec(weighted: true, covariance: "cr2")),
    ("wls-fe-team-month-iid", Spec(fixedEffects: ["team", "month"], weighted: true)),
    ("wls-fe-team-month-hc1", Spec(fixedEffects: ["team", "month"], weighted: true, covariance: "hc1")),
    ("wls-fe-team-month-cluster-all", Spec(fixedEffects: ["team", "month"], weighted: true, covariance: "cluster", count: .all)),
    ("pyfixest-fe-team-iid", Spec(fixedEffects: ["team"])),
    ("pyfixest-fe-team-crv1-nonnested", Spec(fixedEffects: ["team"], covariance: "cluster")),
    ("pyfixest-fe-team-crv1-full", Spec(fixedEffects: ["team"], covariance: "cluster", count: .all)),
    ("pyfixest-fe-team-month-iid", Spec(fixedEffects: ["team", "month"])),
    ("pyfixest-fe-team-month-crv1-nonnested", Spec(fixedEffects: ["team", "month"], covariance: "cluster")),
    ("pyfixest-fe-team-month-crv1-full", Spec(fixedEffects: ["team", "month"], covariance: "cluster", count: .all)),
    ("pyfixest-fe-team-month-twoway-nonnested", Spec(fixedEffects: ["team", "month"], covariance: "twoway", twoWay: .minimum)),
    ("pyfixest-wls-fe-team-month-crv1-nonnested", Spec(fixedEffects: ["team", "month"], weighted: true, covariance: "cluster")),
    ("linearmodels-fe-team-month-iid", Spec(fixedEffects: ["team", "month"])),
    ("statsmodels-fe-team-month-cluster-all", Spec(fixedEffects: ["team", "month"], covariance: "cluster", count: .all)),
  ]

  @Test("estimates, standard errors, t, p and df agree with the peers to 1e-9 (CR2 and its Satterthwaite df to 1e-8)", arguments: cases.map(\.0))
  func agreesWithPeers(name: String) throws {
    let spec = try #require(Self.cases.first { $0.0 == name }).1
    let result = try Self.fit(spec)
    let expected = try #require(try Self.reference()[name], "no fixture rows for \(name)")
    let tolerance = spec.covariance == "cr2" ? 1e-8 : 1e-9
    for term in Self.indicators {
      let r = try #require(expected[term], "\(name) \(term)")
      let j = try #require(result.coefficients.firstIndex { $0.term == term })
      let c = result.coefficients[j]
      #expect(relativeError(c.estimate, r[0]) <= 1e-9, "\(name) \(term) estimate \(c.estimate) vs \(r[0])")
      #expect(relativeError(c.standardError, r[1]) <= tolerance, "\(name) \(term) se \(c.standardError) vs \(r[1])")
      #expect(relativeError(c.tStatistic, r[2]) <= tolerance, "\(name) \(term) t \(c.tStatistic) vs \(r[2])")
      // pyfixest computes p as 1 − CDF, accurate to ~1e-16 absolute only (0 below that).
      let pTolerance = name.hasPrefix("pyfixest") ? 1e-14 / max(r[3], 1e-300) + tolerance : tolerance
      if r[3] > 0 { #expect(relativeError(c.pValue, r[3]) <= pTolerance, "\(name) \(term) p \(c.pValue) vs \(r[3])") } else { #expect(c.pValue < 1e-14) }
      let df = result.covariance?.degreesOfFreedom[j] ?? Double(result.residualDegreesOfFreedom)
      #expect(relativeError(df, r[4]) <= tolerance, "\(name) \(term) df \(df) vs \(r[4])")
    }
  }

  @Test("R², adjusted R², σ, residual df, log-likelihood and within R² agree with R and pyfixest", arguments: ["fe-team", "fe-team-month", "wls", "wls-fe-team-month"])
  func statistics(name: String) throws {
    let spec = Spec(fixedEffects: name.contains("team-month") ? ["team", "month"] : (name.hasPrefix("fe-team") ? ["team"] : []), weighted: name.hasPrefix("wls"))
    let result = try Self.fit(spec)
    let reference = try Self.reference()
    let r = try #require(reference[name])
    #expect(relativeError(result.rSquared, r["stat:rSquared"]![0]) <= 1e-10)
    #expect(relativeError(result.adjustedRSquared, r["stat:adjustedRSquared"]![0]) <= 1e-10)
    #expect(relativeError(result.residualStandardError, r["stat:sigma"]![0]) <= 1e-10)
    #expect(Double(result.residualDegreesOfFreedom) == r["stat:dfResidual"]![0])
    #expect(relativeError(result.logLikelihood, r["stat:logLik"]![0]) <= 1e-10, "logLik \(result.logLikelihood) vs \(r["stat:logLik"]![0])")
    if let within = r["stat:withinRSquared"] {
      let effects = try #require(result.fixedEffects)
      #expect(relativeError(effects.withinRSquared, within[0]) <= 1e-10)
      let py = try #require(reference["pyfixest-" + name])
      #expect(relativeError(effects.withinRSquared, py["stat:withinRSquared"]![0]) <= 1e-10)
      #expect(relativeError(result.rSquared, py["stat:rSquared"]![0]) <= 1e-10)
    }
  }

  /// The importance of a fixed-effects fit: LMG of the within-transformed indicators.
  static func structure(_ spec: Spec) throws -> CorrelationStructure {
    let fit = try Self.fit(spec)
    return try CorrelationStructure(crossProducts: try #require(fit.centredCrossProducts), indicators: indicators, observations: fit.observationCount)
  }

  @Test("LMG with fixed effects in every submodel equals relaimpo's always= to 1e-10")
  func relaimpoAlways() throws {
    let lmg = try RelativeImportance.lmg(try Self.structure(Spec(fixedEffects: ["team", "month"])))
    let total = lmg.reduce(0, +)
    let r = try #require(try Self.reference()["relaimpo-always"])
    for (j, name) in Self.indicators.enumerated() {
      #expect(relativeError(lmg[j] / total, r["stat:lmg:\(name)"]![0]) <= 1e-10, "\(name) \(lmg[j] / total)")
    }
  }

  @Test("group LMG equals relaimpo's groups= to 1e-10, with and without fixed effects in every submodel", arguments: [false, true])
  func relaimpoGroups(withFixedEffects: Bool) throws {
    let structure = try Self.structure(Spec(fixedEffects: withFixedEffects ? ["team"] : []))
    let speed = ["response_hours", "response_hours_lag1", "resolution_hours"].map { Self.indicators.firstIndex(of: $0)! }
    let values = try RelativeImportance.lmg(structure, groups: [speed])
    let players = ["speed"] + Self.indicators.filter { !["response_hours", "response_hours_lag1", "resolution_hours"].contains($0) }
    let r = try #require(try Self.reference()[withFixedEffects ? "relaimpo-always-groups" : "relaimpo-groups"])
    let total = values.reduce(0, +)
    for (value, name) in zip(values, players) {
      let expected = r["stat:lmg:\(name)"]![0]
      // relaimpo reports shares (rela = TRUE) with fixed effects, R² values without.
      #expect(relativeError(withFixedEffects ? value / total : value, expected) <= 1e-10, "\(name)")
    }
  }

  @Test("the lag PanelShift takes from the bundled history is R's, row for row")
  func lagsMatchR() throws {
    let text = try String(contentsOf: CLI.packageRoot.appendingPathComponent("datasets/confounded-history.csv"), encoding: .utf8)
    let lines = text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",").map(String.init) }
    let header = lines[0]
    let rows = Array(lines.dropFirst())
    let team = rows.map { $0[header.firstIndex(of: "team")!] }, month = rows.map { $0[header.firstIndex(of: "month")!] }
    let response = rows.map { Double($0[header.firstIndex(of: "response_hours")!])! }
    let calendar = PeriodCalendar(labels: month)
    #expect(calendar.unit == .month)
    let lag = try PanelShift.shift(values: response, entities: team, periods: month, calendar: calendar, by: 1)
    var expected: [String: Double] = [:]
    let data = try Self.data()
    for (i, value) in data["response_hours_lag1"]!.enumerated() { expected[data["team"]![i] + data["month"]![i]] = Double(value)! }
    var compared = 0
    for i in rows.indices {
      if let r = expected[team[i] + month[i]] {
        #expect(lag[i] == r)
        compared += 1
      } else {
        #expect(lag[i].isNaN, "\(team[i]) \(month[i]) is the first month: no lag")
      }
    }
    #expect(compared == 1_400)
  }

  @Test("a gap in the periods gives a missing lag, never the value across the gap")
  func gaps() throws {
    let periods = ["2024-01", "2024-02", "2024-04", "2024-05", "2024-01", "2024-03"]
    let entities = ["A", "A", "A", "A", "B", "B"]
    let values = [1.0, 2, 4, 5, 10, 30]
    let calendar = PeriodCalendar(labels: periods)
    let lag = try PanelShift.shift(values: values, entities: entities, periods: periods, calendar: calendar, by: 1)
    #expect(lag[0].isNaN && lag[1] == 1 && lag[2].isNaN && lag[3] == 4 && lag[4].isNaN && lag[5].isNaN)
    let lead = try PanelShift.shift(values: values, entities: entities, periods: periods, calendar: calendar, by: -1)
    #expect(lead[0] == 2 && lead[1].isNaN && lead[2] == 5 && lead[3].isNaN && lead[4].isNaN && lead[5].isNaN)
    #expect(PeriodCalendar(labels: ["2023Q4", "2024Q1"]).steps == ["2023Q4": 8095, "2024Q1": 8096])
    #expect(PeriodCalendar(labels: ["2023年12月", "2024年1月"]).unit == .month)
    #expect(PeriodCalendar(labels: ["w1", "w3"]).steps == ["w1": 0, "w3": 1])
    #expect(throws: AnalysisError.duplicatePanelRow(entity: "A", period: "2024-01", locations: ["row 1", "row 2"])) {
      try PanelShift.shift(values: [1, 2], entities: ["A", "A"], periods: ["2024-01", "2024-01"], calendar: calendar, by: 1)
    }
  }

  @Test("an indicator constant within every team is a named error with the fix")
  func constantWithin() throws {
    let team = Clustering(name: "team", codes: [0, 0, 0, 1, 1, 1, 2, 2, 2], count: 3)
    let size = [5.0, 5, 5, 7, 7, 7, 9, 9, 9], x = [1.0, 3, 2, 5, 4, 6, 8, 7, 9], y = [2.0, 4, 3, 7, 5, 8, 9, 8, 11]
    #expect(
      throws: AnalysisError.constantWithinFixedEffects(indicator: "team_size", effects: ["team"])
    ) {
      try OrdinaryLeastSquares.fit(outcome: "y", response: y, indicators: ["x", "team_size"], columns: [x, size], fixedEffects: FixedEffects([team]))
    }
    #expect(
      AnalysisError.constantWithinFixedEffects(indicator: "team_size", effects: ["team"]).description
        == "'team_size' is constant within every team (the fixed effects absorb all of its variation), so its effect cannot be estimated with fixed effects for team; leave it out of the indicator list, or drop those fixed effects.")
  }

  @Test("cr2 with both weights and fixed effects is an error with the alternatives")
  func weightedFixedEffectsCR2() throws {
    #expect(
      throws: AnalysisError.unusableSetting(
        .standardErrors,
        reason: "cr2 with both observation weights and fixed effects is not available (the weighted CR2 needs every dummy of the fixed effects); use cluster (CR1), or drop the weights or the fixed effects")
    ) {
      try Self.fit(Spec(fixedEffects: ["team"], weighted: true, covariance: "cr2"))
    }
  }

  @Test("a weight that is not positive is an error naming the row")
  func badWeight() throws {
    let x = [1.0, 3, 2, 5, 4, 6], y = [2.0, 4, 3, 7, 5, 8]
    #expect(
      throws: AnalysisError.unusableSetting(
        .weights, reason: "observation weights must be positive and finite, and data row 3 has -1.0; leave rows with weight 0 out of the fit")
    ) {
      try OrdinaryLeastSquares.fit(outcome: "y", response: y, indicators: ["x"], columns: [x], weights: [1, 2, -1, 1, 1, 1])
    }
  }

  @Test("absorbed parameters count connected components; nesting follows fixest")
  func parameterCounts() {
    // Two disconnected blocks: teams {0,1} only in months {0,1}, team 2 only in month 2.
    let team = Clustering(name: "team", codes: [0, 0, 1, 1, 2], count: 3), month = Clustering(name: "month", codes: [0, 1, 0, 1, 2], count: 3)
    #expect(FixedEffects([team, month]).absorbedParameters == 4)
    var both = FixedEffects([team, month])
    #expect(both.smallSampleParameters(clusteredBy: [team]) == 3)
    #expect(FixedEffects([team]).smallSampleParameters(clusteredBy: [team]) == 1)
    both.parameterCount = .all
    #expect(both.smallSampleParameters(clusteredBy: [team]) == 4)
  }
}
