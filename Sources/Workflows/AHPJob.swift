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
    let files = matrixPaths.joined(separator: ", ")
    var notes = [
      Message(
        en: "Pairwise comparisons: \(files)\(matrices.count > 1 ? " (combined by element-wise geometric mean)" : "").",
        zh: "两两比较矩阵：\(files)\(matrices.count > 1 ? "（按元素几何平均合并）" : "")。")
    ]
    notes.append(
      method == .eigenvector
        ? Message(
          en: "Principal right eigenvector (LAPACK dgeev), normalised to sum 1; CR = CI/RI with Saaty's random index.",
          zh: "主右特征向量（LAPACK dgeev），归一化为和 1；CR = CI/RI，RI 为 Saaty 随机一致性指标。")
        : Message(
          en: "Row geometric means, normalised to sum 1; λmax estimated as mean((Aw)ᵢ/wᵢ); CR = CI/RI with Saaty's random index.",
          zh: "行几何平均，归一化为和 1；λmax 取 (Aw)ᵢ/wᵢ 的平均；CR = CI/RI，RI 为 Saaty 随机一致性指标。"))
    let same = { (label: String, value: String) in (Message(en: label, zh: label), Message(en: value, zh: value)) }
    let cr = String(format: "%.4f", result.consistencyRatio)
    var summary: [(Message, Message)] = [
      same("λmax", String(format: "%.4f", result.lambdaMax)), same("n", "\(names.count)"),
      same("CI = (λmax − n)/(n − 1)", String(format: "%.4f", result.consistencyIndex)),
      (Message(en: "RI (Saaty)", zh: "RI（Saaty）"), Message(en: String(format: "%.2f", result.randomIndex), zh: String(format: "%.2f", result.randomIndex))),
      (
        Message(en: "CR = CI/RI", zh: "CR = CI/RI"),
        result.consistencyRatio <= 0.10
          ? Message(en: "\(cr) (consistent, ≤ 0.10)", zh: "\(cr)（一致，≤ 0.10）") : Message(en: "\(cr) (inconsistent, > 0.10)", zh: "\(cr)（不一致，> 0.10）")
      ),
    ]
    if let worst = result.mostInconsistent {
      let a = names[worst.first], b = names[worst.second], given = AnalysisError.ratio(worst.given), implied = AnalysisError.ratio(worst.implied)
      summary.append(
        (Message(en: "most inconsistent", zh: "最不一致的判断"), Message(en: "\(a) vs \(b): given \(given), implied \(implied)", zh: "\(a) 对 \(b)：给定 \(given)，推算 \(implied)")))
    }
    return WeightsReport(
      title: Message(en: "AHP weights", zh: "层次分析法权重"), method: "ahp-\(method.rawValue)", notes: notes, rows: rows, warnings: warnings, catalog: catalog,
      extraJSON: [
        ("n", .integer(names.count)), ("lambdaMax", .double(result.lambdaMax)), ("consistencyIndex", .double(result.consistencyIndex)),
        ("consistencyRatio", .double(result.consistencyRatio)), ("randomIndex", .double(result.randomIndex)),
        ("experts", .integer(matrices.count)),
      ], summary: summary)
  }
}
