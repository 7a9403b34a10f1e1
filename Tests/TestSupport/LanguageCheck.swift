import Foundation

/// Finds English on a page or in a terminal view meant to be Chinese.
public enum LanguageCheck {
  /// Latin words Chinese output may show: statistic, method and author names, units, setting
  /// names, and ids of the bundled data.
  public static let allowed: Set<String> = [
    "Spearman", "Kendall", "R", "VIF", "SHA-256", "SWOT", "AHP", "CRITIC", "MEREC", "SVG", "kpi-weights", "LMG", "lmg", "dominance", "iid", "CR1",
    "CR2", "HC1", "HC3", "p", "t", "z", "F", "e", "h", "CNY", "pp", "p10", "p50", "p90", "csv", "team", "month", "Wald", "AIC", "BIC", "LR", "IRLS",
    "McFadden", "Satterthwaite", "Shapley", "Johnson", "LAPACK", "dgeev", "Saaty", "CI", "RI", "CR", "max", "min", "n", "m", "w", "ln", "dP", "dx",
    "delta", "UTF-8", "GBK", "Zeleny", "Shemshadi", "Diakoulaki", "Mavrotas", "Papayannakis", "Keshavarz-Ghorabaee", "entropy", "critic", "sd", "cv",
    "merec", "retention", "balanced", "cost-reduction", "brand-image", "efficiency", "missingValues", "skip", "yaml", "json", "xlsx",
  ]

  /// The Latin words of `text` outside ``allowed``: runs of Latin letters (with digits, `_ . - /`
  /// inside), after removing command-line settings (`--method`). Ids by shape — snake_case,
  /// paths, entity codes such as `T08`, exponents, hashes — are not words.
  public static func englishWords(in text: String, allowing extra: Set<String> = []) -> [String] {
    // Settings and the values a hint spells out (`--direction x=higher|lower`) are not prose.
    let stripped = text.replacingOccurrences(of: "--[a-z][a-z-]*|=higher\\|lower", with: " ", options: .regularExpression)
    return stripped.matches(of: /[A-Za-z][A-Za-z0-9_.\-\/]*/).map { String($0.output) }.filter { word in
      let core = word.trimmingCharacters(in: CharacterSet(charactersIn: ".-/"))
      if core.isEmpty || allowed.contains(core) || extra.contains(core) { return false }
      if core.contains("_") || core.contains("/") || core.contains(".csv") { return false }  // ids, paths
      if core.wholeMatch(of: /[A-Z]\d+/) != nil || core.wholeMatch(of: /e-?\d+/) != nil { return false }  // entity codes, exponents
      if core.wholeMatch(of: /[0-9a-f]{16,}/) != nil { return false }  // hashes
      return true
    }
  }
}
