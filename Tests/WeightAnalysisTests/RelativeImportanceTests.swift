import Foundation
import LinearAlgebra
import Testing
import TestSupport

@testable import WeightAnalysis

/// Reads numeric columns of a simple CSV (no quotes), dropping rows with an empty cell in any of
/// `names` — the same rows pandas' `dropna` keeps.
func completeRows(_ url: URL, _ names: [String]) throws -> [String: [Double]] {
  let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
  let header = lines[0].split(separator: ",").map(String.init)
  let indices = names.map { header.firstIndex(of: $0)! }
  var columns: [String: [Double]] = [:]
  for line in lines.dropFirst() {
    let cells = line.split(separator: ",", omittingEmptySubsequences: false)
    let values = indices.map { Double(cells[$0]) }
    if values.contains(where: { $0 == nil }) { continue }
    for (name, value) in zip(names, values) { columns[name, default: []].append(value!) }
  }
  return columns
}

func datasetURL(_ name: String) throws -> URL {
  if let url = Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "Fixtures") { return url }
  // The bundled sample history lives in datasets/ at the repository root.
  return URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../datasets/\(name).csv").standardized
}

@Suite("Relative importance: LMG, relative weights, standardised, non-negative composite")
struct RelativeImportanceTests {
  static let cases = ["aftersales_small", "after-sales-history"]

  func structure(_ caseName: String) throws -> (CorrelationStructure, [String: Any]) {
    let fixture = try loadJSON("weights_reference")
    let entry = (fixture["cases"] as! [[String: Any]]).first { $0["name"] as! String == caseName }!
    let indicators = entry["indicators"] as! [String]
    let outcome = entry["outcome"] as! String
    let columns = try completeRows(datasetURL(caseName), [outcome] + indicators)
    #expect(columns[outcome]!.count == (entry["rows"] as! Int))
    let s = try CorrelationStructure(response: columns[outcome]!, columns: indicators.map { columns[$0]! }, indicators: indicators)
    return (s, entry)
  }

  @Test("LMG equals pingouin's relimp to ≥ 10 significant digits", arguments: cases)
  func lmgMatchesPingouin(caseName: String) throws {
    let (s, entry) = try structure(caseName)
    let ours = try RelativeImportance.lmg(s)
    let theirs = numbers(entry["lmg"])
    for (a, b) in zip(ours, theirs) { #expect(relativeError(a, b) < 1e-10, "\(a) vs \(b)") }
    #expect(relativeError(ours.reduce(0, +), number(entry["rSquared"])) < 1e-12)
  }

  @Test("relative weights equal Johnson (2000) computed with numpy to ≥ 10 digits", arguments: cases)
  func relativeWeightsMatch(caseName: String) throws {
    let (s, entry) = try structure(caseName)
    let ours = try RelativeImportance.relativeWeights(s)
    for (a, b) in zip(ours, numbers(entry["relativeWeights"])) { #expect(relativeError(a, b) < 1e-10, "\(a) vs \(b)") }
  }

  @Test("standardised coefficients and the non-negative composite match statsmodels and scipy", arguments: cases)
  func standardizedAndComposite(caseName: String) throws {
    let (s, entry) = try structure(caseName)
    for (a, b) in zip(try RelativeImportance.standardizedCoefficients(s), numbers(entry["standardized"])) {
      #expect(relativeError(a, b) < 1e-10, "\(a) vs \(b)")
    }
    let composite = try RelativeImportance.nonNegativeComposite(s, orientation: numbers(entry["orientation"]))
    for (a, b) in zip(composite, numbers(entry["nnlsComposite"])) { #expect(abs(a - b) < 1e-10, "\(a) vs \(b)") }
  }

  @Test("uncorrelated indicators: LMG and relative weights are the squared correlations")
  func orthogonal() throws {
    let r = Matrix.identity(3)
    let s = CorrelationStructure(indicators: ["a", "b", "c"], predictors: r, outcome: [0.5, -0.3, 0.1], observations: 100)
    let expected = [0.25, 0.09, 0.01]
    for (a, b) in zip(try RelativeImportance.lmg(s), expected) { #expect(abs(a - b) < 1e-15) }
    for (a, b) in zip(try RelativeImportance.relativeWeights(s), expected) { #expect(abs(a - b) < 1e-15) }
  }

  @Test("LMG for 20 indicators matches brute-force subset regressions; 21 is a named error")
  func twentyIndicators() throws {
    var generator = SeededNormal(seed: 3)
    let p = 20, n = 400
    let columns = (0..<p).map { _ in (0..<n).map { _ in generator.next() } }
    var y = [Double](repeating: 0, count: n)
    for i in 0..<n {
      var value = generator.next()
      for j in 0..<p { value += Double(j % 5 + 1) * 0.1 * columns[j][i] }
      y[i] = value
    }
    let names = (0..<p).map { "x\($0)" }
    let s = try CorrelationStructure(response: y, columns: columns, indicators: names)
    let r2 = try RelativeImportance.subsetRSquared(s)
    // Spot-check subsets against a direct least-squares fit on the data.
    for mask in [1, 0b101, 0b1111_0000_1111, (1 << 20) - 1, 0b1000_0000_0000_0000_0001] {
      let members = (0..<p).filter { mask & (1 << $0) != 0 }
      let fit = try OrdinaryLeastSquares.fit(outcome: "y", response: y, indicators: members.map { names[$0] }, columns: members.map { columns[$0] })
      #expect(abs(r2[mask] - fit.rSquared) < 1e-12, "subset \(mask)")
    }
    let lmg = try RelativeImportance.lmg(s)
    #expect(abs(lmg.reduce(0, +) - r2[(1 << 20) - 1]) < 1e-12)
    let s21 = CorrelationStructure(indicators: (0..<21).map { "x\($0)" }, predictors: Matrix.identity(21), outcome: Array(repeating: 0.1, count: 21), observations: 500)
    #expect(throws: AnalysisError.tooManyIndicators(count: 21, limit: 20, method: "lmg")) { try RelativeImportance.lmg(s21) }
  }

  @Test("a subset that is collinear is a named error")
  func collinearSubset() throws {
    var generator = SeededNormal(seed: 8)
    let a = (0..<50).map { _ in generator.next() }, b = (0..<50).map { _ in generator.next() }
    let c = zip(a, b).map { $0 + $1 }
    let y = (0..<50).map { _ in generator.next() }
    let s = try CorrelationStructure(response: y, columns: [a, b, c], indicators: ["a", "b", "a_plus_b"])
    #expect(throws: AnalysisError.self) { try RelativeImportance.lmg(s) }
    #expect(throws: AnalysisError.self) { try RelativeImportance.relativeWeights(s) }
  }
}

@Suite("Correlations from the fit's QR triangle")
struct CrossProductTests {
  @Test("the centred cross products from R₂₂ give the same correlations and LMG as a pass over the data")
  func fromTriangle() throws {
    let indicators = ["satisfaction_pct", "response_hours", "first_fix_pct", "resolution_hours", "complaint_resolution_pct", "cost_per_ticket", "utilization_pct"]
    let columns = try completeRows(datasetURL("after-sales-history"), ["churn_pct"] + indicators)
    let x = indicators.map { columns[$0]! }, y = columns["churn_pct"]!
    let fit = try OrdinaryLeastSquares.fit(outcome: "churn_pct", response: y, indicators: indicators, columns: x)
    let cross = try #require(fit.centredCrossProducts)
    let a = try CorrelationStructure(crossProducts: cross, indicators: indicators, observations: fit.observationCount)
    let b = try CorrelationStructure(response: y, columns: x, indicators: indicators)
    for j in 0..<7 {
      #expect(abs(a.outcome[j] - b.outcome[j]) < 1e-13)
      for k in 0..<7 { #expect(abs(a.predictors[j, k] - b.predictors[j, k]) < 1e-13) }
      #expect(relativeError(a.indicatorStandardDeviations[j], b.indicatorStandardDeviations[j]) < 1e-13)
    }
    for (u, v) in zip(try RelativeImportance.lmg(a), try RelativeImportance.lmg(b)) { #expect(abs(u - v) < 1e-13) }
    let noIntercept = try OrdinaryLeastSquares.fit(outcome: "churn_pct", response: y, indicators: indicators, columns: x, includeIntercept: false)
    #expect(noIntercept.centredCrossProducts == nil)
  }
}
