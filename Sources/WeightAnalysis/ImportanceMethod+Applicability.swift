extension ImportanceMethod {
  /// The method applicability rules, in one place:
  /// - a logistic model has no R² to decompose: `dominance` (of a pseudo-R²), `relative-weights`
  ///   (Tonidandel & LeBreton) and `standardized` apply;
  /// - collinear indicators (rank below the parameter count, under the minimum-norm option) leave
  ///   separate R² shares unidentified: only `standardized` applies;
  /// - R² decompositions and the composite work on centred variables, which needs the intercept.
  /// - Throws: ``AnalysisError/methodNotApplicable(method:reason:)`` saying what to use instead.
  public func requireApplicable(outcome: String, logistic: Bool, includeIntercept: Bool, rank: Int? = nil, parameters: Int? = nil) throws {
    guard self != .standardized else { return }
    if logistic && self == .dominance {
      guard includeIntercept else {
        throw AnalysisError.methodNotApplicable(
          method: rawValue, reason: "a logistic dominance analysis shares out a pseudo-R² against the intercept-only model, which needs the intercept; drop \(Setting.noIntercept) or use \(Setting.method) standardized")
      }
      return
    }
    if logistic && self == .relativeWeights { return }
    if logistic {
      throw AnalysisError.methodNotApplicable(
        method: rawValue,
        reason: "the outcome '\(outcome)' is 0/1, so a logistic model is fitted and it has no R² to decompose; use \(Setting.method) dominance (the default: shares of a pseudo-R²), relative-weights or standardized, or \(Setting.model) linear for a linear probability model")
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

extension ImportanceMethod {
  /// The method used when none is chosen, with why: logistic → `dominance`; linear without an
  /// intercept (and no fixed effects), or collinear under the minimum-norm option →
  /// `standardized`; otherwise `lmg`. The rule "defaults always run".
  public static func defaultChoice(logistic: Bool, centred: Bool, collinear: Bool) -> (method: ImportanceMethod, reason: String) {
    if logistic && centred { return (.dominance, "the default for a 0/1 outcome") }
    if !centred { return (.standardized, "the default without an intercept") }
    if collinear { return (.standardized, "the default for collinear indicators") }
    return (.lmg, "the default for a linear model")
  }
}
