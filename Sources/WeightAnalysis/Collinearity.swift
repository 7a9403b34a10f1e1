/// Near-collinearity of the indicators, judged by their variance inflation factors.
///
/// `VIFⱼ = 1/(1 − R²ⱼ)`, with `R²ⱼ` from regressing indicator j on the others. Two thresholds:
/// - **warning above 10** (R²ⱼ > 0.9, the usual rule of thumb, Kutner et al. 2005 §10.5): the
///   coefficients of the group are unstable, and so is how the weight is shared between them;
/// - **error above 1,000** (R²ⱼ > 0.999): the separate effects are numerically meaningless (an
///   r = 0.9999999 pair gave −60.8 and +61.8 for a truth of 1 and 0), unless the analyst chose
///   the minimum-norm solution, which is then fitted with the warning.
public enum Collinearity {
  public static let warningVIF = 10.0
  public static let errorVIF = 1_000.0

  /// The warning for `indicators` with their VIFs, or `nil` when every VIF is at most
  /// ``warningVIF``.
  /// - Throws: ``AnalysisError/nearlyCollinear(indicators:largest:)`` above ``errorVIF`` unless
  ///   `minimumNorm`.
  public static func check(indicators: [String], vif: [Double?], minimumNorm: Bool) throws -> Message? {
    let high = indicators.indices.filter { (vif[$0] ?? 0) > warningVIF || vif[$0]?.isInfinite == true }
    guard !high.isEmpty else { return nil }
    let largest = high.map { vif[$0]! }.max()!
    let names = high.map { "'\(indicators[$0])' (VIF \(format(vif[$0]!)))" }
    if largest > errorVIF && !minimumNorm { throw AnalysisError.nearlyCollinear(indicators: names, largest: largest) }
    return Message(
      en: "Nearly collinear indicators: \(names.joined(separator: ", ")) (VIF above \(Int(warningVIF)): each is almost a combination of the others), so their separate coefficients and how the weight is shared between them are unstable.",
      zh: "指标近似共线：\(names.joined(separator: "、"))（VIF 超过 \(Int(warningVIF))：每个几乎都是其他指标的组合），它们各自的系数以及权重在它们之间的分配都不稳定。",
      hintEn: "Drop or combine one of them, or give them one weight with \(Setting.indicatorSet).",
      hintZh: "请去掉或合并其中一个，或用 \(Setting.indicatorSet) 给它们一个共同的权重。")
  }

  static func format(_ value: Double) -> String { value.isFinite ? (value < 100 ? String(format: "%.1f", value) : String(format: "%.0f", value)) : "∞" }
}

/// Scales double precision can square: a sum of squares of values below 1e-150 underflows
/// (1e-150² = 1e-300, near the smallest normal 2.2e-308, and subnormal values lose digits), and
/// one of values above 1e150 overflows. Such a column is an error naming it, never a
/// "non-finite value" or a "constant column".
public enum ColumnScale {
  public static let smallest = 1e-150
  public static let largest = 1e150

  /// - Throws: ``AnalysisError/unrepresentableScale(column:largest:)``.
  public static func require(_ name: String, _ values: [Double]) throws {
    var top = 0.0
    for value in values where value.isFinite { top = max(top, abs(value)) }
    if top > 0 && top < smallest || top > largest { throw AnalysisError.unrepresentableScale(column: name, largest: top) }
  }
}
