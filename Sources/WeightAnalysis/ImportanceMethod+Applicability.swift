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
  public static func defaultChoice(logistic: Bool, centred: Bool, collinear: Bool) -> (method: ImportanceMethod, reason: Message) {
    if logistic && centred { return (.dominance, Message(en: "the default for a 0/1 outcome", zh: "0/1 结果的默认方法")) }
    if !centred { return (.standardized, Message(en: "the default without an intercept", zh: "无截距时的默认方法")) }
    if collinear { return (.standardized, Message(en: "the default for collinear indicators", zh: "指标共线时的默认方法")) }
    return (.lmg, Message(en: "the default for a linear model", zh: "线性模型的默认方法"))
  }
}
