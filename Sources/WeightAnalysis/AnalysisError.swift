import LinearAlgebra

/// Errors of the analysis layer, named after what is wrong with the data or the model.
///
/// `description` is a full sentence that says what, where (indicator) and how to fix it.
public enum AnalysisError: Error, Equatable, Sendable, CustomStringConvertible {
  /// Fewer rows than the model needs: `rows ≤ parameters` leaves no residual degrees of freedom.
  case tooFewRows(rows: Int, parameters: Int)
  /// A column with no values at all.
  case emptyColumn(String)
  /// An indicator (or the outcome) that takes one value only.
  case constantColumn(name: String, value: Double, isOutcome: Bool)
  /// An indicator (or the outcome) that does not vary within the levels of the fixed effects,
  /// so the within transformation leaves nothing of it.
  case constantWithinFixedEffects(indicator: String, effects: [String])
  /// Two rows with the same entity and period, where lags need one (`locations`: where they are,
  /// e.g. `data.csv:12` and `data.csv:40`, or `rows 11 and 39`).
  case duplicatePanelRow(entity: String, period: String, locations: [String])
  /// Indicators that are linear combinations of each other; each string reads like
  /// `"cost_per_ticket = 2·resolution_hours"`.
  case collinearIndicators([String])
  /// Indicators so nearly collinear (VIF above ``Collinearity/errorVIF``) that their separate
  /// effects are meaningless; `indicators` name them with their VIFs.
  case nearlyCollinear(indicators: [String], largest: Double)
  /// A column whose values cannot be squared in double precision (largest magnitude below
  /// 1e-150 or above 1e150): sums of squares underflow to 0 or overflow to infinity.
  case unrepresentableScale(column: String, largest: Double)
  /// A NaN or infinity in an indicator or the outcome (zero-based row of the analysed data).
  case nonFinite(column: String, row: Int)
  /// A statistic overflowed or became undefined although the input was finite.
  case numericalFailure(String)
  /// A failure inside the linear algebra that has no better name.
  case linearAlgebra(LinearAlgebraError)
  /// No indicators were selected.
  case noIndicators
  /// More indicators than an exact method can handle.
  case tooManyIndicators(count: Int, limit: Int, method: String)
  /// A method that does not apply to this model or data (the reason says why and what to use).
  case methodNotApplicable(method: String, reason: String)
  /// Logistic regression: an indicator (or combination) separates the 0s from the 1s perfectly,
  /// so the maximum-likelihood estimate does not exist.
  case perfectSeparation(detail: String)
  /// An iterative fit stopped before converging.
  case noConvergence(method: String, iterations: Int, detail: String)
  /// An indicator that does not vary, given to an objective method (it carries no information).
  case noVariation(column: String, value: Double, method: String)
  /// AHP judgements too inconsistent to use (consistency ratio above the limit).
  case inconsistentJudgements(consistencyRatio: Double, limit: Double, first: String, second: String, given: Double, implied: Double)
  /// Bounds that no weights can satisfy (the message names the indicators and numbers).
  case infeasibleBounds(String)
  /// A preset, SWOT item or config names an indicator the analysis does not have.
  case unknownIndicator(name: String, context: String, suggestion: String?)
  /// A method defined on positive (ratio-scale) values met a value ≤ 0.
  case nonPositiveValue(method: String, column: String, row: Int, value: Double)
  /// Two columns of the data that would both stand for one catalog id.
  case ambiguousColumns(id: String, headers: [String])
  /// The outcome's direction is neither in the catalog nor stated.
  case unknownOutcomeDirection(outcome: String)
  /// Indicators whose direction is neither in the catalog nor stated; `suggested` is what the
  /// fitted signs imply, when a fit was made.
  case unknownDirections(indicators: [String], suggested: [Direction?])
  /// A preset id that is not built in.
  case unknownPreset(name: String, available: [String])
  /// A setting whose value cannot work on this data (e.g. a bootstrap none of whose replicates
  /// could be computed); the reason says why and what to change.
  case unusableSetting(Setting, reason: String)

  /// `3`, `1/3`, or a decimal for other values.
  public static func ratio(_ value: Double) -> String {
    // Outside 1e-6…1e6 (never a judgement) no integer conversion is tried.
    guard value.isFinite, value > 1e-6, value < 1e6 else { return String(format: "%g", value) }
    if value >= 1 {
      return abs(value - value.rounded()) < 0.05 ? String(Int(value.rounded())) : String(format: "%.2f", value)
    }
    let inverse = 1 / value
    return abs(inverse - inverse.rounded()) < 0.05 ? "1/\(Int(inverse.rounded()))" : String(format: "%.3f", value)
  }

  public var description: String {
    switch self {
    case .tooFewRows(let rows, let parameters):
      return "Too few rows: \(rows) row\(rows == 1 ? "" : "s") cannot estimate \(parameters) parameter\(parameters == 1 ? "" : "s") (at least \(parameters + 1) are needed, and 10 per indicator for a ranking you can trust); add history or use fewer indicators."
    case .emptyColumn(let name):
      return "Column '\(name)' has no values; fill it or leave it out of \(Setting.indicators)."
    case .constantColumn(let name, let value, let isOutcome):
      if isOutcome {
        return "The outcome '\(name)' is constant (every value is \(value)); there is nothing to explain. Choose an outcome that varies."
      }
      return "Indicator '\(name)' is constant (every value is \(value)), so its effect cannot be separated from the intercept; leave it out of \(Setting.indicators)."
    case .constantWithinFixedEffects(let indicator, let effects):
      let by = effects.joined(separator: " and ")
      return "'\(indicator)' is constant within every \(by) (the fixed effects absorb all of its variation), so its effect cannot be estimated with fixed effects for \(by); leave it out of \(Setting.indicators), or drop those fixed effects."
    case .duplicatePanelRow(let entity, let period, let locations):
      return "\(entity) in \(period) has more than one row (\(locations.joined(separator: " and "))), so its previous and next periods are ambiguous for lags and leads; remove or aggregate the duplicate rows."
    case .collinearIndicators(let relations):
      return "Collinear indicators: \(relations.joined(separator: "; ")). Their separate effects cannot be estimated; drop one of each group from \(Setting.indicators), or pass \(Setting.minimumNorm) for the minimum-norm solution."
    case .unrepresentableScale(let column, let largest):
      let direction = largest < 1 ? "too small" : "too large"
      return "Column '\(column)' has values \(direction) to square in double precision (the largest magnitude is \(String(format: "%.3g", largest))); rescale '\(column)' so its values are near 1 (for example, change its unit)."
    case .nearlyCollinear(let indicators, let largest):
      return "Nearly collinear indicators: \(indicators.joined(separator: ", ")). A VIF of \(Collinearity.format(largest)) (above \(Int(Collinearity.errorVIF))) means one is almost exactly a combination of the others, so their separate effects and weights are numerically meaningless; drop or combine one of them in \(Setting.indicators), or pass \(Setting.minimumNorm) to fit them anyway."
    case .nonFinite(let column, let row):
      return "Column '\(column)' has a non-finite value (NaN or infinity) in data row \(row + 1); replace it with a number or leave the cell empty to mark it missing."
    case .numericalFailure(let message):
      return "Numerical failure: \(message)."
    case .linearAlgebra(let error):
      return error.description
    case .noIndicators:
      return "No indicators to fit: the data has no numeric column besides the outcome and id/period columns; name them with \(Setting.indicators)."
    case .tooManyIndicators(let count, let limit, let method):
      return "Too many indicators for \(method): \(count) given, at most \(limit) (the exact decomposition visits 2^p subsets); use \(Setting.method) relative-weights, which scales to any number, or choose fewer with \(Setting.indicators)."
    case .methodNotApplicable(let method, let reason):
      return "\(Setting.method) \(method) does not apply here: \(reason)."
    case .perfectSeparation(let detail):
      return "Perfect separation: \(detail). The logistic model's coefficients run off to infinity and no finite estimate exists; remove or coarsen that indicator, or collect more varied history."
    case .noConvergence(let method, let iterations, let detail):
      return "\(method) did not converge in \(iterations) iterations (\(detail)); check the data for extreme values or separation."
    case .noVariation(let column, let value, let method):
      return "Indicator '\(column)' is constant (every value is \(value)), so it carries no information for \(method) weights (its min-max range is zero); leave it out of \(Setting.indicators)."
    case .inconsistentJudgements(let cr, let limit, let first, let second, let given, let implied):
      return "The pairwise comparisons are inconsistent: consistency ratio \(String(format: "%.3f", cr)) is above \(limit). The most inconsistent judgement is '\(first)' vs '\(second)': given \(AnalysisError.ratio(given)), while the other judgements imply about \(AnalysisError.ratio(implied)). Revise it, or pass \(Setting.allowInconsistent) to proceed."
    case .infeasibleBounds(let message):
      return "Infeasible bounds: \(message)."
    case .unknownIndicator(let name, let context, let suggestion):
      return "\(context) names '\(name)', which is not among the analysed indicators\(suggestion.map { "; did you mean '\($0)'?" } ?? "; add the column to the data or remove it from \(context)")."
    case .ambiguousColumns(let id, let headers):
      return "Columns \(headers.map { "'\($0)'" }.joined(separator: " and ")) both stand for '\(id)'; rename or remove one of them."
    case .unknownOutcomeDirection(let outcome):
      return "The outcome '\(outcome)' has no known direction (is a higher value better or worse?); state it with \(Setting.direction) \(outcome)=lower (or =higher), or add it to a catalog; \(Setting.inferDirections) assumes higher is better instead."
    case .unknownDirections(let indicators, let suggested):
      let line = zip(indicators, suggested).map { "\(Setting.direction) \($0)=\($1?.rawValue ?? "higher|lower")" }.joined(separator: " ")
      let hint = suggested.contains { $0 != nil } ? " (the directions the fitted signs imply — check each)" : ""
      return "No known direction for \(indicators.map { "'\($0)'" }.joined(separator: ", ")) (is a higher value better or worse?); state them, e.g. \(line)\(hint), or add them to a catalog; \(Setting.inferDirections) infers them from the fitted signs instead."
    case .unknownPreset(let name, let available):
      return "No built-in preset '\(name)'; available: \(available.joined(separator: ", ")) (or \(Setting.presetFile) FILE)."
    case .unusableSetting(let setting, let reason):
      return "\(setting) cannot be used here: \(reason)."
    case .nonPositiveValue(let method, let column, let row, let value):
      return "\(method) needs positive values (it works on ratios), but '\(column)' has \(value) in data row \(row + 1); use a min-max method (entropy, critic, sd) for this indicator, or shift it to a positive scale if that is meaningful."
    }
  }
}
