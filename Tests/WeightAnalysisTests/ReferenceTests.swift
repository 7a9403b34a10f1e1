import Foundation
import Testing
import TestSupport
@testable import WeightAnalysis

func loadJSON(_ name: String) throws -> [String: Any] { try FixtureLoader.json(name, in: .module) }

func numbers(_ value: Any?) -> [Double] { (value as! [NSNumber]).map(\.doubleValue) }
func number(_ value: Any?) -> Double { (value as! NSNumber).doubleValue }


/// Reads the small after-sales fixture CSV (plain numeric columns) without the CSV module.
func smallDataset() throws -> (names: [String], columns: [String: [Double]]) {
  let url = try #require(Bundle.module.url(forResource: "aftersales_small", withExtension: "csv", subdirectory: "Fixtures"))
  let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
  let header = lines[0].split(separator: ",").map(String.init)
  var columns: [String: [Double]] = [:]
  for line in lines.dropFirst() {
    for (name, cell) in zip(header, line.split(separator: ",", omittingEmptySubsequences: false)) {
      if let value = Double(cell) { columns[name, default: []].append(value) }
    }
  }
  return (header, columns)
}

@Suite("Agreement with statsmodels and scipy")
struct ReferenceTests {
  @Test("OLS statistics agree with statsmodels to ≥ 9 significant digits", arguments: ["intercept", "noIntercept"])
  func statsmodelsOLS(variant: String) throws {
    let fixture = try loadJSON("statsmodels_ols")
    let expected = fixture[variant] as! [String: Any]
    let names = expected["indicators"] as! [String]
    let data = try smallDataset()
    let fit = try OrdinaryLeastSquares.fit(
      outcome: "churn_pct", response: data.columns["churn_pct"]!, indicators: names, columns: names.map { data.columns[$0]! },
      includeIntercept: variant == "intercept")
    let tolerance = 1e-9
    func check(_ label: String, _ ours: [Double], _ theirs: [Double]) {
      #expect(ours.count == theirs.count)
      for (k, (a, b)) in zip(ours, theirs).enumerated() {
        #expect(relativeError(a, b) < tolerance, "\(label)[\(k)]: ours \(a), statsmodels \(b)")
      }
    }
    check("params", fit.coefficients.map(\.estimate), numbers(expected["params"]))
    check("bse", fit.coefficients.map(\.standardError), numbers(expected["bse"]))
    check("t", fit.coefficients.map(\.tStatistic), numbers(expected["tvalues"]))
    check("p", fit.coefficients.map(\.pValue), numbers(expected["pvalues"]))
    check("ciLow", fit.coefficients.map(\.confidenceLow), numbers(expected["ciLow"]))
    check("ciHigh", fit.coefficients.map(\.confidenceHigh), numbers(expected["ciHigh"]))
    check("vif", fit.coefficients.compactMap(\.varianceInflation), numbers(expected["vif"]))
    check(
      "scalars",
      [fit.rSquared, fit.adjustedRSquared, fit.fStatistic, fit.fPValue, fit.residualStandardError, fit.logLikelihood, fit.aic, fit.bic, fit.conditionNumber],
      ["rsquared", "rsquared_adj", "fvalue", "f_pvalue", "residualStdError", "llf", "aic", "bic", "condition_number"].map { number(expected[$0]) })
    #expect(Double(fit.residualDegreesOfFreedom) == number(expected["df_resid"]))
    #expect(Double(fit.modelDegreesOfFreedom) == number(expected["df_model"]))
  }

  @Test("regularised incomplete beta agrees with scipy.special.betainc / betaincc")
  func incompleteBeta() throws {
    let fixture = try loadJSON("scipy_distributions")
    var worst = 0.0
    for case let point as [String: Any] in fixture["beta"] as! [Any] {
      let a = number(point["a"]), b = number(point["b"]), x = number(point["x"])
      let lower = SpecialFunctions.regularizedIncompleteBeta(a, b, x)
      let upper = SpecialFunctions.regularizedIncompleteBeta(a, b, x, upper: true)
      for (ours, theirs) in [(lower, number(point["value"])), (upper, number(point["upper"]))] where theirs > 1e-290 {
        let error = relativeError(ours, theirs)
        worst = max(worst, error)
        #expect(error < 1e-11, "I(\(a), \(b), \(x)): ours \(ours), scipy \(theirs)")
      }
    }
    print("incomplete beta: worst relative error \(worst)")
  }

  @Test("Student t two-sided p-values and quantiles agree with scipy.stats.t")
  func studentT() throws {
    let fixture = try loadJSON("scipy_distributions")
    for case let point as [String: Any] in fixture["t"] as! [Any] {
      let p = StudentTDistribution(degreesOfFreedom: number(point["df"])).twoSidedPValue(number(point["t"]))
      let expected = number(point["twoSided"])
      if expected > 1e-290 { #expect(relativeError(p, expected) < 1e-11, "t = \(number(point["t"])), df = \(number(point["df"])): \(p) vs \(expected)") }
    }
    for case let point as [String: Any] in fixture["tQuantile"] as! [Any] {
      let q = StudentTDistribution(degreesOfFreedom: number(point["df"])).quantile(number(point["p"]))
      #expect(relativeError(q, number(point["value"])) < 1e-11, "p = \(number(point["p"])), df = \(number(point["df"])): \(q)")
    }
  }

  @Test("F survival and cdf agree with mpmath (40 digits) to 1e-11 and with scipy.stats.f to 1e-10")
  func fisherF() throws {
    let fixture = try loadJSON("scipy_distributions")
    for case let point as [String: Any] in fixture["f"] as! [Any] {
      let distribution = FDistribution(numeratorDegreesOfFreedom: number(point["d1"]), denominatorDegreesOfFreedom: number(point["d2"]))
      let f = number(point["f"])
      let label = "F(\(number(point["d1"])), \(number(point["d2"]))) at \(f)"
      let sf = distribution.survival(f), cdf = distribution.cdf(f)
      for (ours, exact, scipy) in [(sf, point["sfExact"] as? NSNumber, number(point["sf"])), (cdf, point["cdfExact"] as? NSNumber, number(point["cdf"]))]
      where scipy > 1e-290 {
        if let exact = exact?.doubleValue {
          #expect(relativeError(ours, exact) < 1e-11, "\(label): ours \(ours), mpmath \(exact)")
        }
        #expect(relativeError(ours, scipy) < 1e-10, "\(label): ours \(ours), scipy \(scipy)")
      }
    }
  }
}
