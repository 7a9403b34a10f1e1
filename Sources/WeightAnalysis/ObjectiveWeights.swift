import Foundation

/// Objective weighting methods: weights from the indicator matrix alone (no outcome, no opinion).
public enum ObjectiveMethod: String, Sendable, CaseIterable {
  case entropy, critic, sd, cv, merec

  /// The formula and its source, for reports and the README.
  public var formula: String {
    switch self {
    case .entropy:
      return "Shannon entropy (Zeleny 1982; Shemshadi et al. 2011): pᵢⱼ = rᵢⱼ/Σᵢrᵢⱼ on direction-aware min-max rᵢⱼ, eⱼ = −Σᵢ pᵢⱼ ln pᵢⱼ / ln m, wⱼ ∝ 1 − eⱼ"
    case .critic:
      return "CRITIC (Diakoulaki, Mavrotas & Papayannakis 1995): on direction-aware min-max rᵢⱼ, Cⱼ = σⱼ Σₖ (1 − ρⱼₖ), wⱼ ∝ Cⱼ"
    case .sd:
      return "Standard deviation (Diakoulaki et al. 1995): wⱼ ∝ σⱼ of the direction-aware min-max rᵢⱼ"
    case .cv:
      return "Coefficient of variation: wⱼ ∝ σⱼ/μⱼ of the raw values (ratio scale, all values > 0; direction does not change dispersion)"
    case .merec:
      return "MEREC (Keshavarz-Ghorabaee et al. 2021): nᵢⱼ = minₖxₖⱼ/xᵢⱼ (higher is better) or xᵢⱼ/maxₖxₖⱼ (lower), Sᵢ = ln(1 + Σⱼ|ln nᵢⱼ|/p), S′ᵢⱼ the same without j, wⱼ ∝ Σᵢ|S′ᵢⱼ − Sᵢ|"
    }
  }

  /// ``formula`` in Chinese.
  public var chineseFormula: String {
    switch self {
    case .entropy:
      return "香农熵（Zeleny 1982；Shemshadi 等 2011）：在按方向的最小–最大 rᵢⱼ 上，pᵢⱼ = rᵢⱼ/Σᵢrᵢⱼ，eⱼ = −Σᵢ pᵢⱼ ln pᵢⱼ / ln m，wⱼ ∝ 1 − eⱼ"
    case .critic:
      return "CRITIC（Diakoulaki、Mavrotas 与 Papayannakis 1995）：在按方向的最小–最大 rᵢⱼ 上，Cⱼ = σⱼ Σₖ (1 − ρⱼₖ)，wⱼ ∝ Cⱼ"
    case .sd:
      return "标准差法（Diakoulaki 等 1995）：wⱼ ∝ 按方向的最小–最大 rᵢⱼ 的 σⱼ"
    case .cv:
      return "变异系数法：wⱼ ∝ 原始值的 σⱼ/μⱼ（比率尺度，所有值 > 0；方向不改变离散程度）"
    case .merec:
      return "MEREC（Keshavarz-Ghorabaee 等 2021）：nᵢⱼ = minₖxₖⱼ/xᵢⱼ（越高越好）或 xᵢⱼ/maxₖxₖⱼ（越低越好），Sᵢ = ln(1 + Σⱼ|ln nᵢⱼ|/p)，S′ᵢⱼ 为去掉 j 后的同一量，wⱼ ∝ Σᵢ|S′ᵢⱼ − Sᵢ|"
    }
  }

  /// Unchanged when an indicator is multiplied by a positive constant (hours → minutes)?
  public var isUnitInvariant: Bool { true }
  /// Unchanged when a constant is added to an indicator?
  public var isOffsetInvariant: Bool {
    switch self {
    case .entropy, .critic, .sd: return true
    case .cv, .merec: return false
    }
  }
}

/// Objective weights, computed the same way whatever the units: every method normalises with the
/// indicators' directions (min-max for entropy, CRITIC and SD, so they are invariant to units and
/// offsets; the method's own ratio normalisation for MEREC; raw ratio-scale values for CV).
///
/// Peers differ: pymcdm's entropy sum-normalises raw values and ignores direction (so adding a
/// constant changes the weights, and a zero anywhere in a column sets its entropy to 0); its
/// CRITIC uses min-max without direction (a cost criterion's correlations keep the wrong sign);
/// its standard-deviation method uses raw values (minutes weigh 60× hours).
public enum ObjectiveWeights {
  /// - Parameters:
  ///   - columns: one array per indicator (rows are units or unit-periods).
  ///   - directions: which way is better, per indicator.
  /// - Throws: ``AnalysisError/noVariation(column:method:)`` for a constant column,
  ///   ``AnalysisError/nonPositiveValue(method:column:row:value:)`` for CV/MEREC on values ≤ 0,
  ///   ``AnalysisError/tooFewRows(rows:parameters:)`` with fewer than 2 rows.
  public static func compute(method: ObjectiveMethod, names: [String], columns: [[Double]], directions: [Direction]) throws -> [Double] {
    precondition(names.count == columns.count && columns.count == directions.count)
    let p = columns.count
    guard p > 0 else { throw AnalysisError.noIndicators }
    let m = columns[0].count
    guard m >= 3 else { throw AnalysisError.tooFewRows(rows: m, parameters: 2) }
    for (name, column) in zip(names, columns) {
      if let row = column.firstIndex(where: { !$0.isFinite }) { throw AnalysisError.nonFinite(column: name, row: row) }
      let low = column.min()!, high = column.max()!
      if low == high { throw AnalysisError.noVariation(column: name, value: low, method: method.rawValue) }
    }
    switch method {
    case .entropy:
      return try entropy(normalized: minMax(columns, directions), names: names)
    case .critic:
      let r = minMax(columns, directions)
      let sigma = r.map(standardDeviation)
      var c = [Double](repeating: 0, count: p)
      for j in 0..<p {
        var conflict = 0.0
        for k in 0..<p where k != j { conflict += 1 - correlation(r[j], r[k]) }
        c[j] = sigma[j] * conflict
      }
      return try normalizedShares(c, method: method, names: names)
    case .sd:
      return try normalizedShares(minMax(columns, directions).map(standardDeviation), method: method, names: names)
    case .cv:
      try requirePositive(columns, names: names, method: method)
      return try normalizedShares(columns.map { standardDeviation($0) / mean($0) }, method: method, names: names)
    case .merec:
      try requirePositive(columns, names: names, method: method)
      var n = columns
      for j in 0..<p {
        let low = columns[j].min()!, high = columns[j].max()!
        n[j] = columns[j].map { directions[j] == .higherIsBetter ? low / $0 : $0 / high }
      }
      let logs = n.map { $0.map { abs(log($0)) } }
      var e = [Double](repeating: 0, count: p)
      for i in 0..<m {
        var total = 0.0
        for j in 0..<p { total += logs[j][i] }
        let s = log(1 + total / Double(p))
        for j in 0..<p { e[j] += abs(log(1 + (total - logs[j][i]) / Double(p)) - s) }
      }
      return try normalizedShares(e, method: method, names: names)
    }
  }

  /// Entropy weights of a non-negative matrix (columns), sum-normalising each column:
  /// `eⱼ = −Σ pᵢⱼ ln pᵢⱼ / ln m` with `0 ln 0 = 0`, `wⱼ ∝ 1 − eⱼ`. Given a strictly positive
  /// raw matrix this is pymcdm's `entropy_weights`.
  public static func entropy(normalized r: [[Double]], names: [String]) throws -> [Double] {
    let m = r.first?.count ?? 0
    let d = r.map { column -> Double in
      let total = column.reduce(0, +)
      var h = 0.0
      for value in column where value > 0 {
        let q = value / total
        h -= q * log(q)
      }
      return 1 - h / log(Double(m))
    }
    return try normalizedShares(d, method: .entropy, names: names)
  }

  /// Direction-aware min-max: `(x − min)/(max − min)` when higher is better, `(max − x)/(max − min)` when lower.
  public static func minMax(_ columns: [[Double]], _ directions: [Direction]) -> [[Double]] {
    zip(columns, directions).map { column, direction in
      let low = column.min()!, high = column.max()!
      let span = high - low
      return column.map { direction == .higherIsBetter ? ($0 - low) / span : (high - $0) / span }
    }
  }

  static func normalizedShares(_ values: [Double], method: ObjectiveMethod, names: [String]) throws -> [Double] {
    let total = values.reduce(0, +)
    guard total > 0, total.isFinite else {
      throw AnalysisError.numericalFailure("\(method.rawValue) found no differences between the indicators' information (all scores are 0)")
    }
    return values.map { $0 / total }
  }

  static func requirePositive(_ columns: [[Double]], names: [String], method: ObjectiveMethod) throws {
    for (j, column) in columns.enumerated() {
      if let row = column.firstIndex(where: { $0 <= 0 }) {
        throw AnalysisError.nonPositiveValue(method: method.rawValue.uppercased(), column: names[j], row: row, value: column[row])
      }
    }
  }

  static func mean(_ x: [Double]) -> Double { x.reduce(0, +) / Double(x.count) }

  /// Sample standard deviation (n − 1), two-pass.
  static func standardDeviation(_ x: [Double]) -> Double {
    let mu = mean(x)
    let ss = x.reduce(0) { $0 + ($1 - mu) * ($1 - mu) }
    return (ss / Double(x.count - 1)).squareRoot()
  }

  static func correlation(_ x: [Double], _ y: [Double]) -> Double { Backtest.pearson(x, y) }

}
