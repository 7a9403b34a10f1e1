extension ImportanceMethod {
  /// The method applicability rules, in one place:
  /// - a logistic model has no R² to decompose: only `standardized` applies;
  /// - collinear indicators (rank below the parameter count, under the minimum-norm option) leave
  ///   separate R² shares unidentified: only `standardized` applies;
  /// - R² decompositions and the composite work on centred variables, which needs the intercept.
  /// - Throws: ``AnalysisError/methodNotApplicable(method:reason:)`` saying what to use instead.
  public func requireApplicable(outcome: String, logistic: Bool, includeIntercept: Bool, rank: Int? = nil, parameters: Int? = nil) throws {
    guard self != .standardized else { return }
    if logistic {
      throw AnalysisError.methodNotApplicable(
        method: rawValue,
        reason: "the outcome '\(outcome)' is 0/1, so a logistic model is fitted and it has no R² to decompose; use \(Setting.method) standardized (importance from standardised coefficients), or \(Setting.model) linear for a linear probability model")
    }
    if let rank, let parameters, rank < parameters {
      throw AnalysisError.methodNotApplicable(
        method: rawValue,
        reason: "the indicators are collinear (rank \(rank) of \(parameters)), so their separate shares of R² are not identified; with \(Setting.minimumNorm) use \(Setting.method) standardized, or drop the redundant indicator")
    }
    if !includeIntercept {
      throw AnalysisError.methodNotApplicable(
        method: rawValue, reason: "R² decompositions and the composite work on centred (standardised) variables, which needs the intercept; drop \(Setting.noIntercept) or use \(Setting.method) standardized")
    }
  }
}
