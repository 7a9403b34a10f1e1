import DataSources
import Foundation
import LinearAlgebra
import WeightAnalysis

/// `kpi-weights ahp`: subjective weights from pairwise comparisons.
public struct AHPJob: Sendable {
  public var matrices: [LoadedMatrix]
  public var method: AHP.Method = .eigenvector
  public var allowInconsistent = false

  public init(matrices: [LoadedMatrix]) { self.matrices = matrices.map { $0 } }

  /// Weights from the loaded matrices; `catalog` gives labels and directions.
  public func run(catalog: IndicatorCatalog = .builtIn) throws -> WeightsReport {
    let matrixPaths = self.matrices.map(\.path)
    let matrices = self.matrices.map(\.matrix)
    var warnings: [Message] = []
    for (path, matrix) in zip(matrixPaths, matrices) {
      do {
        try AHP.validate(matrix)
      } catch let error as AnalysisError {
        throw ConfigError(file: path, line: nil, keyPath: "", message: error.description)
      }
    }
    let combined = try AHP.combine(matrices)
    if matrices.count > 1 {
      for (path, matrix) in zip(matrixPaths, matrices) {
        let single = try AHP.weights(matrix, method: method)
        if single.consistencyRatio > 0.10 {
          let ratio = String(format: "%.3f", single.consistencyRatio)
          warnings.append(Message(en: "\(path) alone has consistency ratio \(ratio) (above 0.10).", zh: "\(path) 单独的一致性比率为 \(ratio)（高于 0.10）。"))
        }
      }
    }
    let result = try AHP.weights(combined, method: method)
    if !allowInconsistent { try AHP.requireConsistent(result, indicators: combined.indicators) }
    if result.consistencyRatio > 0.10 {
      let ratio = String(format: "%.3f", result.consistencyRatio)
      warnings.append(
        Message(
          en: "Consistency ratio \(ratio) is above 0.10 (\(Setting.allowInconsistent)): the judgements contradict each other; treat the weights with care.",
          zh: "一致性比率 \(ratio) 高于 0.10（\(Setting.allowInconsistent)）：两两判断互相矛盾，请谨慎使用这些权重。"))
    }
    let names = combined.indicators
    let rows = names.indices.map { WeightRow(indicator: names[$0], direction: catalog[names[$0]]?.direction, weight: result.weights[$0]) }
    var notes = ["Pairwise comparisons: \(matrixPaths.joined(separator: ", "))\(matrices.count > 1 ? " (combined by element-wise geometric mean)" : "")."]
    notes.append(
      method == .eigenvector
        ? "Principal right eigenvector (LAPACK dgeev), normalised to sum 1; CR = CI/RI with Saaty's random index."
        : "Row geometric means, normalised to sum 1; λmax estimated as mean((Aw)ᵢ/wᵢ); CR = CI/RI with Saaty's random index.")
    var summary: [(String, String)] = [
      ("λmax", String(format: "%.4f", result.lambdaMax)), ("n", "\(names.count)"),
      ("CI = (λmax − n)/(n − 1)", String(format: "%.4f", result.consistencyIndex)), ("RI (Saaty)", String(format: "%.2f", result.randomIndex)),
      ("CR = CI/RI", String(format: "%.4f", result.consistencyRatio) + (result.consistencyRatio <= 0.10 ? " (consistent, ≤ 0.10)" : " (inconsistent, > 0.10)")),
    ]
    if let worst = result.mostInconsistent {
      summary.append(("most inconsistent", "\(names[worst.first]) vs \(names[worst.second]): given \(AnalysisError.ratio(worst.given)), implied \(AnalysisError.ratio(worst.implied))"))
    }
    return WeightsReport(
      title: "AHP weights · 层次分析法权重", method: "ahp-\(method.rawValue)", notes: notes, rows: rows, warnings: warnings, catalog: catalog,
      extraJSON: [
        ("n", .integer(names.count)), ("lambdaMax", .double(result.lambdaMax)), ("consistencyIndex", .double(result.consistencyIndex)),
        ("consistencyRatio", .double(result.consistencyRatio)), ("randomIndex", .double(result.randomIndex)),
        ("experts", .integer(matrices.count)),
      ], summary: summary)
  }
}
