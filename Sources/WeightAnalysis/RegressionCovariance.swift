import Foundation
import LinearAlgebra

/// How a regression's coefficient covariance (and so its standard errors, t, p and F) is estimated.
public enum CovarianceType: Sendable, Equatable {
  /// `σ² (XᵀX)⁻¹`: independent rows with one variance.
  case iid
  /// White's heteroskedasticity-consistent estimator with the `n/(n − k)` factor (Stata's `robust`).
  case hc1
  /// MacKinnon–White's jackknife-like estimator, each `eᵢ²` divided by `(1 − hᵢ)²`.
  case hc3
  /// Cluster-robust CR1 by one variable, or two-way (Cameron–Gelbach–Miller) by two.
  case cluster([Clustering])
  /// Bell–McCaffrey CR2 with Satterthwaite degrees of freedom per coefficient.
  case cr2(Clustering)

  /// The name in outputs: `iid`, `hc1`, `hc3`, `cluster`, `cr2`.
  public var name: String {
    switch self {
    case .iid: return "iid"
    case .hc1: return "hc1"
    case .hc3: return "hc3"
    case .cluster: return "cluster"
    case .cr2: return "cr2"
    }
  }

  public var clusterings: [Clustering] {
    switch self {
    case .cluster(let c): return c
    case .cr2(let c): return [c]
    default: return []
    }
  }
}

/// The cluster of every row (a team, say), as dense codes.
public struct Clustering: Sendable, Equatable {
  /// The column the clusters come from (for messages and outputs).
  public let name: String
  /// Per row, its cluster `0 ..< count`.
  public let codes: [Int]
  public let count: Int

  public init(name: String, labels: [String]) {
    let (codes, levels) = Statistics.denseCodes(labels)
    self.init(name: name, codes: codes, count: levels.count)
  }

  public init(name: String, codes: [Int], count: Int) {
    precondition(codes.allSatisfy { (0..<count).contains($0) }, "cluster codes must lie in 0..<\(count)")
    self.name = name
    self.codes = codes
    self.count = count
  }

  /// The clusters of the pairs (a, b) of two clusterings (for the two-way correction).
  static func intersection(_ a: Clustering, _ b: Clustering) -> Clustering {
    Clustering(name: "\(a.name)×\(b.name)", labels: zip(a.codes, b.codes).map { "\($0)|\($1)" })
  }
}

/// The cluster factor of a two-way clustered covariance `V₁ + V₂ − V₁₂`.
public enum TwoWayClusterAdjustment: String, Sendable, CaseIterable {
  /// Each term with its own `G/(G − 1)` (`sandwich::vcovCL`, Cameron–Gelbach–Miller, Stata).
  case perTerm
  /// One factor `G_min/(G_min − 1)` for all three (fixest's and pyfixest's default `cluster.df = "min"`),
  /// and, as they do, the eigenvalue fix only when a variance (a diagonal element) is negative.
  case minimum
}

/// The coefficient covariance a fit used, with the degrees of freedom of its tests.
public struct CoefficientCovariance: Sendable {
  public let type: CovarianceType
  /// `k × k`, in the fit's term order.
  public let matrix: Matrix
  /// Degrees of freedom of each coefficient's t test: `n − k` (iid, HC), `G − 1` (CR1; the smaller
  /// G for two-way), Satterthwaite's per coefficient (CR2).
  public let degreesOfFreedom: [Double]
  /// Denominator degrees of freedom of the Wald F test of all indicator coefficients.
  public let waldDenominatorDegreesOfFreedom: Double
  /// Whether a two-way matrix had negative eigenvalues set to zero.
  public let eigenvalueFixed: Bool
  /// Clusters per clustering variable (empty without clustering).
  public var clusterCounts: [Int] { type.clusterings.map(\.count) }
}

/// The sandwich estimators `B M B`, `B = (XᵀX)⁻¹` (the bread) and `M` the meat:
/// ```
/// HC1   M = n/(n−k) · Σᵢ eᵢ² xᵢxᵢᵀ
/// HC3   M = Σᵢ eᵢ²/(1−hᵢ)² xᵢxᵢᵀ,   hᵢ = xᵢᵀ B xᵢ
/// CR1   M = G/(G−1) · (n−1)/(n−k) · Σ_g u_g u_gᵀ,   u_g = Σ_{i∈g} xᵢ eᵢ
/// 2-way V = V₁ + V₂ − V₁₂ (each CR1 with its own G; V₁₂ by the pairs), negative eigenvalues → 0
/// CR2   M = Σ_g X_gᵀ A_g e_g e_gᵀ A_g X_g,   A_g = (I − X_g B X_gᵀ)^(−1/2)
/// ```
/// as R's `sandwich::vcovHC`/`vcovCL` (`type = "HC1"`, `multi0 = FALSE`, `fix = TRUE`) and
/// statsmodels' `cov_type` `HC1`, `HC3`, `cluster` compute them, and `clubSandwich::vcovCR`
/// (`type = "CR2"`, identity working model) for CR2.
///
/// Satterthwaite degrees of freedom for coefficient j (Bell–McCaffrey; Pustejovsky–Tipton 2018),
/// under the working model of independent unit-variance errors: with `p_g = A_g X_g B c`
/// (`c` the j-th unit vector), `a_g = ‖p_g‖²`, `r_g = X_gᵀ p_g` and `Ω_gh = δ_gh a_g − r_gᵀ B r_h`,
/// `ν = (tr Ω)² / ‖Ω‖²_F`, where `‖Ω‖²_F = Σ a_g² − 2 Σ a_g r_gᵀBr_g + tr(B T B T)`, `T = Σ_g r_g r_gᵀ`,
/// so no G × G matrix is formed.
enum RegressionCovariance {
  static func estimate(
    _ type: CovarianceType, design: [[Double]], residuals: [Double], bread: Matrix, residualVariance sigma2: Double, residualDegreesOfFreedom dfResidual: Int,
    parameters: Int? = nil, extraLeverage: [Double]? = nil, twoWay: TwoWayClusterAdjustment = .perTerm, workingVariance: [Double]? = nil,
    observationWeights: [Double]? = nil, centred: CentredDesign? = nil
  ) throws -> CoefficientCovariance {
    // `k`: the design's columns; `kFactor`: the K of the small-sample factors, which counts the
    // parameters fixed effects absorbed (see ``FixedEffects/ParameterCount``).
    let n = residuals.count, k = design.count, kFactor = parameters ?? design.count
    // HC and CR1 sandwiches in the centred coordinates when given (see ``CentredDesign``), each
    // term mapped back before it is combined.
    let (sandwichDesign, sandwichBread) = centred.map { ($0.design, $0.bread) } ?? (design, bread)
    let restore = { (matrix: Matrix) in centred?.restore(matrix) ?? matrix }
    let dfPlain = Double(dfResidual)
    var matrix: Matrix
    var df: [Double]
    var dfWald = dfPlain
    var fixed = false
    switch type {
    case .iid:
      matrix = bread.scaled(by: sigma2)
      df = Array(repeating: dfPlain, count: k)
    case .hc1, .hc3:
      var weights = residuals.map { $0 * $0 }
      if type == .hc3 {
        for i in 0..<n {
          let h = leverage(sandwichDesign, row: i, bread: sandwichBread) + (extraLeverage?[i] ?? 0)
          weights[i] /= (1 - h) * (1 - h)
        }
      }
      var meat = Matrix(rows: k, columns: k)
      for a in 0..<k {
        for b in a..<k {
          var sum = 0.0
          let xa = sandwichDesign[a], xb = sandwichDesign[b]
          for i in 0..<n { sum += weights[i] * xa[i] * xb[i] }
          meat[a, b] = sum
          meat[b, a] = sum
        }
      }
      matrix = restore(sandwich(sandwichBread, meat))
      if type == .hc1 { matrix = matrix.scaled(by: Double(n) / Double(n - kFactor)) }
      df = Array(repeating: dfPlain, count: k)
    case .cluster(let clusterings):
      guard (1...2).contains(clusterings.count) else { preconditionFailure("one or two clustering variables") }
      for clustering in clusterings where clustering.count < 2 {
        throw AnalysisError.unusableSetting(.cluster, reason: "'\(clustering.name)' has \(clustering.count) cluster; clustering needs at least 2")
      }
      let fewest = Double(clusterings.map(\.count).min()!)
      func cr1(_ clustering: Clustering) -> Matrix {
        let g = twoWay == .minimum ? fewest : Double(clustering.count)
        let meat = clusterMeat(sandwichDesign, residuals, clustering)
        return sandwich(sandwichBread, meat).scaled(by: g / (g - 1) * Double(n - 1) / Double(n - kFactor))
      }
      if clusterings.count == 1 {
        matrix = restore(cr1(clusterings[0]))
      } else {
        let both = Clustering.intersection(clusterings[0], clusterings[1])
        let inner = cr1(clusterings[0]).adding(cr1(clusterings[1])).adding(cr1(both).scaled(by: -1))
        matrix = restore(inner)
        // Whether V has a negative eigenvalue is asked of Ṽ: V = L Ṽ Lᵀ has Ṽ's inertia
        // (Sylvester's law), and Ṽ is well scaled where V, with a column far from its spread, has
        // rounding-level eigenvalues of either sign. The fix itself is of V (sandwich, fixest).
        let negative = twoWay == .minimum ? (0..<k).contains { matrix[$0, $0] < 0 } : try symmetricEigen(inner).values.contains { $0 < 0 }
        if negative {
          let (values, vectors) = try symmetricEigen(matrix)
          fixed = true
          var rebuilt = Matrix(rows: k, columns: k)
          for (m, value) in values.enumerated() where value > 0 {
            for a in 0..<k { for b in 0..<k { rebuilt[a, b] += value * vectors[a, m] * vectors[b, m] } }
          }
          matrix = rebuilt
        }
      }
      let g = Double(clusterings.map(\.count).min()!)
      df = Array(repeating: g - 1, count: k)
      dfWald = g - 1
    case .cr2(let clustering):
      guard clustering.count >= 2 else {
        throw AnalysisError.unusableSetting(.cluster, reason: "'\(clustering.name)' has \(clustering.count) cluster; clustering needs at least 2")
      }
      if let observationWeights {
        (matrix, df) = try weightedCR2(design: design, weights: observationWeights, residuals: residuals, bread: bread, clustering: clustering)
      } else {
        (matrix, df) = try cr2(design: design, residuals: residuals, bread: bread, clustering: clustering, theta: workingVariance)
      }
      dfWald = Double(clustering.count - 1)
    }
    return CoefficientCovariance(type: type, matrix: matrix, degreesOfFreedom: df, waldDenominatorDegreesOfFreedom: dfWald, eigenvalueFixed: fixed)
  }

  /// The Wald statistic of all indicator coefficients being zero, divided by their number:
  /// `F = βₛᵀ Vₛ⁻¹ βₛ / q` (the classical F under `iid`). `Vₛ⁻¹` through its eigenvalues; `nil`
  /// when `Vₛ` is singular.
  static func waldF(coefficients: [Double], covariance: Matrix, terms: Range<Int>) throws -> Double? {
    let q = terms.count
    guard q > 0 else { return nil }
    var sub = Matrix(rows: q, columns: q)
    for (a, i) in terms.enumerated() { for (b, j) in terms.enumerated() { sub[a, b] = covariance[i, j] } }
    let (values, vectors) = try symmetricEigen(sub)
    guard let largest = values.last, largest > 0, values.allSatisfy({ $0 > largest * 1e-14 }) else { return nil }
    var statistic = 0.0
    for (m, value) in values.enumerated() {
      var projection = 0.0
      for (a, i) in terms.enumerated() { projection += vectors[a, m] * coefficients[i] }
      statistic += projection * projection / value
    }
    return statistic / Double(q)
  }

  // MARK: Pieces

  /// A design whose column 0 is the intercept (ones, or `√wᵢ` in a weighted fit), re-expressed
  /// with the other columns centred on their (weighted) means `x̄ₐ = Σ cᵢxᵢₐ / Σ cᵢ²` (`c` the
  /// intercept column): `X̃ = X L`, `L = I` but `L₀ₐ = −x̄ₐ`.
  ///
  /// Why: a cluster's score `u_g = Σ_{i∈g} xᵢeᵢ` of a column far from its spread is dominated by
  /// `x̄ Σ_{i∈g} eᵢ`, and the sandwich then cancels it again, losing `(x̄ Σe / Σ(x − x̄)e)²` in
  /// relative accuracy — 1e-10 on a 2,000,000-row history whose mean is 22 spreads away, all
  /// digits when it is 10⁹ away. In centred coordinates `X̃ᵀX̃ = blockdiag(Σ cᵢ², X_cᵀX_c)`
  /// exactly, so the bread is `blockdiag(1/Σ cᵢ², (X_cᵀX_c)⁻¹)` (the latter from a QR of the
  /// centred columns), the meat has no cancellation, and `V = L Ṽ Lᵀ` maps the covariance back
  /// (the slopes' block is unchanged; only the intercept's row and column move).
  struct CentredDesign {
    let design: [[Double]]
    let bread: Matrix
    let means: [Double]

    /// `nil` when a QR of the centred columns fails (the caller keeps the plain sandwich).
    init?(design original: [[Double]]) {
      let k = original.count
      guard k >= 2, let intercept = original.first else { return nil }
      let total = intercept.reduce(0) { $0 + $1 * $1 }
      guard total > 0 else { return nil }
      var means = [0.0]
      var design = [intercept]
      for column in original.dropFirst() {
        var sum = 0.0
        for (c, x) in zip(intercept, column) { sum += c * x }
        var mean = sum / total
        var centred = zip(intercept, column).map { $1 - mean * $0 }
        // A second pass removes what rounding left of the mean.
        var rest = 0.0
        for (c, x) in zip(intercept, centred) { rest += c * x }
        mean += rest / total
        centred = zip(intercept, column).map { $1 - mean * $0 }
        means.append(mean)
        design.append(centred)
      }
      // (X_cᵀX_c)⁻¹ = R⁻¹R⁻ᵀ from the QR factor of the centred columns, taken by row blocks
      // (no second copy of the design).
      let m = k - 1, n = intercept.count, blockRows = 4096
      var qr = TallSkinnyQR(columns: m)
      var block = [Double](repeating: 0, count: blockRows * m)
      var start = 0
      while start < n {
        let rows = min(blockRows, n - start)
        for i in 0..<rows { for a in 0..<m { block[i * m + a] = design[a + 1][start + i] } }
        guard (try? block.withUnsafeBufferPointer({ try qr.add(rowMajor: UnsafeBufferPointer(rebasing: $0[0..<(rows * m)]), rows: rows) })) != nil else { return nil }
        start += rows
      }
      let r = qr.triangle
      guard (0..<m).allSatisfy({ r[$0, $0] != 0 && r[$0, $0].isFinite }) else { return nil }
      let slopes = OrdinaryLeastSquares.gramOfRows(OrdinaryLeastSquares.upperInverse(r))
      var bread = Matrix(rows: k, columns: k)
      bread[0, 0] = 1 / total
      for a in 1..<k { for b in 1..<k { bread[a, b] = slopes[a - 1, b - 1] } }
      self.design = design
      self.bread = bread
      self.means = means
    }

    /// `L Ṽ Lᵀ`: the covariance of the original coefficients from the centred ones'.
    func restore(_ centred: Matrix) -> Matrix {
      let k = centred.rows
      var v = centred
      for b in 0..<k {
        var sum = 0.0
        for a in 1..<k { sum += means[a] * centred[a, b] }
        v[0, b] = centred[0, b] - sum
      }
      let w = v
      for r in 0..<k {
        var sum = 0.0
        for a in 1..<k { sum += means[a] * w[r, a] }
        v[r, 0] = w[r, 0] - sum
      }
      return v
    }
  }

  static func leverage(_ design: [[Double]], row i: Int, bread: Matrix) -> Double {
    let k = design.count
    var h = 0.0
    for a in 0..<k {
      var s = 0.0
      for b in 0..<k { s += bread[a, b] * design[b][i] }
      h += design[a][i] * s
    }
    return h
  }

  /// `Σ_g u_g u_gᵀ`, `u_g = Σ_{i∈g} xᵢ eᵢ`.
  static func clusterMeat(_ design: [[Double]], _ residuals: [Double], _ clustering: Clustering) -> Matrix {
    let k = design.count
    var scores = [Double](repeating: 0, count: clustering.count * k)
    for (i, g) in clustering.codes.enumerated() {
      let e = residuals[i]
      for a in 0..<k { scores[g * k + a] += design[a][i] * e }
    }
    var meat = Matrix(rows: k, columns: k)
    for g in 0..<clustering.count {
      for a in 0..<k {
        let ua = scores[g * k + a]
        for b in a..<k { meat[a, b] += ua * scores[g * k + b] }
      }
    }
    for a in 0..<k { for b in 0..<a { meat[a, b] = meat[b, a] } }
    return meat
  }

  static func sandwich(_ bread: Matrix, _ meat: Matrix) -> Matrix { bread.multiplied(by: meat).multiplied(by: bread) }

  static func symmetricEigen(_ matrix: Matrix) throws -> (values: [Double], vectors: Matrix) {
    do { return try matrix.symmetricEigendecomposition() } catch let error as LinearAlgebraError { throw AnalysisError.linearAlgebra(error) }
  }

  /// The largest cluster CR2 accepts (its block is a 2,000 × 2,000 eigenproblem, 32 MB).
  static let maximumCR2ClusterSize = 2_000

  /// Each cluster's rows. Each cluster's block is factorised (O(m³) time, m² memory): the largest
  /// is kept to what that allows.
  static func cr2Members(_ clustering: Clustering) throws -> [[Int]] {
    var members = [[Int]](repeating: [], count: clustering.count)
    for (i, g) in clustering.codes.enumerated() { members[g].append(i) }
    if let largest = members.map(\.count).max(), largest > maximumCR2ClusterSize {
      throw AnalysisError.unusableSetting(
        .standardErrors,
        reason: "cr2 factorises each cluster's rows, and the largest cluster of '\(clustering.name)' has \(largest) (at most \(maximumCR2ClusterSize)); use cluster (CR1) for clusters this large")
    }
    return members
  }

  /// `G^(−½)` of a symmetric positive semi-definite G through its eigenvalues; eigenvalues below
  /// 1e-12 of the largest count as 0 (the Moore–Penrose power, as clubSandwich's `Sym_power`).
  static func inverseSquareRoot(_ g: Matrix) throws -> Matrix {
    let m = g.rows
    let (values, vectors) = try symmetricEigen(g)
    let largest = values.max() ?? 1
    let scale = values.map { $0 > 1e-12 * largest ? 1 / $0.squareRoot() : 0 }
    var result = Matrix(rows: m, columns: m)
    for r in 0..<m {
      for c in r..<m {
        var v = 0.0
        for q in 0..<m { v += vectors[r, q] * scale[q] * vectors[c, q] }
        result[r, c] = v
        result[c, r] = v
      }
    }
    return result
  }

  /// CR2 and its Satterthwaite degrees of freedom (see the type's notes).
  ///
  /// With a working variance `θᵢ` per row (`theta`; a logistic fit's `μᵢ(1 − μᵢ)`, as clubSandwich
  /// takes a glm: model matrix `ΘX`, weights `Θ⁻¹`, response residuals), the adjustment is
  /// `A_g = Θ^½ [Θ (I − Θ^½ X_g B X_gᵀ Θ^½) Θ]^(−½) Θ^½`, and Satterthwaite's pieces become
  /// `a_g = ‖Θ^½ A_g X_g B c‖²` and `r_g = X_gᵀ Θ A_g X_g B c`; `θ ≡ 1` is the linear case.
  static func cr2(design: [[Double]], residuals: [Double], bread: Matrix, clustering: Clustering, theta: [Double]? = nil) throws -> (Matrix, [Double]) {
    let k = design.count
    let members = try cr2Members(clustering)
    var meat = Matrix(rows: k, columns: k)
    // Per coefficient j: Σ a_g, Σ a_g², Σ a_g w_gg, Σ w_gg and T_j = Σ r_g r_gᵀ.
    var sumA = [Double](repeating: 0, count: k), sumA2 = sumA, sumAW = sumA, sumW = sumA
    var t = [Matrix](repeating: Matrix(rows: k, columns: k), count: k)
    for rows in members where !rows.isEmpty {
      let m = rows.count
      // X_g (m × k) and I − X_g B X_gᵀ.
      var xg = Matrix(rows: m, columns: k)
      for (r, i) in rows.enumerated() { for a in 0..<k { xg[r, a] = design[a][i] } }
      let xb = xg.multiplied(by: bread)  // m × k
      let th = theta.map { t in rows.map { t[$0] } } ?? Array(repeating: 1, count: m)
      var complement = Matrix(rows: m, columns: m)
      for r in 0..<m {
        for s in 0..<m {
          var h = 0.0
          for a in 0..<k { h += xb[r, a] * xg[s, a] }
          // Θ (I − Θ^½ H Θ^½) Θ, entry (r, s).
          complement[r, s] = (r == s ? th[r] * th[r] : 0) - (th[r] * th[s]) * (th[r] * th[s]).squareRoot() * h
        }
      }
      var adjust = try inverseSquareRoot(complement)  // A_g
      for r in 0..<m { for s in 0..<m { adjust[r, s] *= (th[r] * th[s]).squareRoot() } }
      // Meat: u_g = X_gᵀ A_g e_g.
      let eg = rows.map { residuals[$0] }
      let adjusted = adjust.multiplied(by: eg)
      let u = xg.transposeMultiplied(by: adjusted)
      for a in 0..<k { for b in 0..<k { meat[a, b] += u[a] * u[b] } }
      // Satterthwaite pieces: P_g = A_g X_g B (m × k), R_g = X_gᵀ Θ P_g (k × k).
      let p = adjust.multiplied(by: xb)
      var thetaP = p
      for r in 0..<m { for j in 0..<k { thetaP[r, j] *= th[r] } }
      let rg = xg.transposed.multiplied(by: thetaP)
      for j in 0..<k {
        var a = 0.0
        for r in 0..<m { a += th[r] * p[r, j] * p[r, j] }
        let r = (0..<k).map { rg[$0, j] }
        let br = bread.multiplied(by: r)
        var w = 0.0
        for q in 0..<k { w += r[q] * br[q] }
        sumA[j] += a
        sumA2[j] += a * a
        sumAW[j] += a * w
        sumW[j] += w
        for x in 0..<k { for y in 0..<k { t[j][x, y] += r[x] * r[y] } }
      }
    }
    let matrix = sandwich(bread, meat)
    let df = (0..<k).map { j -> Double in
      let bt = bread.multiplied(by: t[j])
      var trace = 0.0
      for x in 0..<k { for y in 0..<k { trace += bt[x, y] * bt[y, x] } }
      let traceOmega = sumA[j] - sumW[j]
      let frobenius = sumA2[j] - 2 * sumAW[j] + trace
      return traceOmega * traceOmega / frobenius
    }
    return (matrix, df)
  }
}

/// What a user asks for with the standard-error setting.
public enum StandardErrorChoice: String, Sendable, CaseIterable {
  case iid, hc1, hc3, cluster, cr2
}

extension CovarianceType {
  /// The covariance a linear fit uses. The rule: with no choice, a history whose entity repeats
  /// (a team observed in several periods) is clustered by the entity (CR1); any other data is
  /// `iid`. `cluster` and `cr2` cluster by the columns given, else by the entity.
  /// - Throws: ``AnalysisError/unusableSetting(_:reason:)`` for clusters without a clustered
  ///   choice, for more than two cluster columns (one for CR2), or when no clusters are known.
  public static func resolve(_ choice: StandardErrorChoice?, clusters: [Clustering], entity: Clustering?, rows: Int) throws -> CovarianceType {
    guard let choice else {
      if !clusters.isEmpty { return try resolve(.cluster, clusters: clusters, entity: entity, rows: rows) }
      if let entity, entity.count >= 2, entity.count < rows { return .cluster([entity]) }
      return .iid
    }
    switch choice {
    case .iid, .hc1, .hc3:
      guard clusters.isEmpty else {
        throw AnalysisError.unusableSetting(.cluster, reason: "clusters apply to \(Setting.standardErrors) cluster or cr2, not \(choice.rawValue); drop \(Setting.cluster) or choose cluster")
      }
      return choice == .iid ? .iid : (choice == .hc1 ? .hc1 : .hc3)
    case .cluster, .cr2:
      let chosen = clusters.isEmpty ? (entity.map { [$0] } ?? []) : clusters
      guard !chosen.isEmpty else {
        throw AnalysisError.unusableSetting(.cluster, reason: "the data has no entity column to cluster by; name the clusters with \(Setting.cluster) COLUMN")
      }
      if choice == .cr2 {
        guard chosen.count == 1 else { throw AnalysisError.unusableSetting(.cluster, reason: "cr2 clusters by one column; give one to \(Setting.cluster)") }
        return .cr2(chosen[0])
      }
      guard chosen.count <= 2 else { throw AnalysisError.unusableSetting(.cluster, reason: "at most two cluster columns (two-way clustering); \(chosen.count) were given") }
      return .cluster(chosen)
    }
  }
}

extension CoefficientCovariance {
  /// Fewer than 20 clusters make CR1 standard errors too small: a warning recommending CR2.
  public var warnings: [Message] {
    guard case .cluster(let clusterings) = type, let fewest = clusterings.min(by: { $0.count < $1.count }), fewest.count < 20 else { return [] }
    return [
      Message(
        en: "Only \(fewest.count) clusters of '\(fewest.name)': clustered (CR1) standard errors are too small with fewer than 20 clusters.",
        zh: "'\(fewest.name)' 只有 \(fewest.count) 个聚类：聚类少于 20 个时，聚类（CR1）标准误偏小。",
        hintEn: "Use \(Setting.standardErrors) cr2 (Bell–McCaffrey with Satterthwaite degrees of freedom).",
        hintZh: "请改用 \(Setting.standardErrors) cr2（Bell–McCaffrey 校正，Satterthwaite 自由度）。")
    ]
  }

  /// A few words for where a p-value is quoted: `clustered by team`, `CR2 by team`, `HC1`.
  public var shortName: String {
    switch type {
    case .iid: return "iid"
    case .hc1: return "HC1"
    case .hc3: return "HC3"
    case .cluster(let c): return "clustered by \(c.map(\.name).joined(separator: " and "))"
    case .cr2(let c): return "CR2 by \(c.name)"
    }
  }

  /// ``shortName`` in Chinese: `按 team 聚类`, `按 team 的 CR2`, `HC1`.
  public var chineseShortName: String {
    switch type {
    case .iid: return "iid"
    case .hc1: return "HC1"
    case .hc3: return "HC3"
    case .cluster(let c): return "按 \(c.map(\.name).joined(separator: " 和 ")) 聚类"
    case .cr2(let c): return "按 \(c.name) 的 CR2"
    }
  }

  /// One line for outputs: `clustered by team (CR1, 40 clusters; t with 39 df)` ·
  /// `按 team 聚类（CR1，40 个聚类；t 检验，自由度 39）`; with `zTests` (a logistic model), z tests.
  public func summary(zTests: Bool = false) -> Message {
    let df = Int(waldDenominatorDegreesOfFreedom)
    let (testEn, testZh) = zTests ? ("z tests", "z 检验") : ("t with \(df) df", "t 检验，自由度 \(df)")
    switch type {
    case .iid: return Message(en: "iid (classical)", zh: "经典（同方差、独立）")
    case .hc1: return Message(en: "heteroskedasticity-robust (HC1)", zh: "异方差稳健（HC1）")
    case .hc3: return Message(en: "heteroskedasticity-robust (HC3)", zh: "异方差稳健（HC3）")
    case .cluster(let c):
      let counts = c.map { "\($0.count)" }.joined(separator: " × ")
      return Message(
        en: "clustered by \(c.map(\.name).joined(separator: " and ")) (CR1\(c.count == 2 ? " two-way" : ""), \(counts) clusters; \(testEn)\(eigenvalueFixed ? ", negative eigenvalues set to 0" : ""))",
        zh: "\(chineseShortName)（CR1\(c.count == 2 ? " 双向" : "")，\(counts) 个聚类；\(testZh)\(eigenvalueFixed ? "；负特征值已置 0" : "")）")
    case .cr2(let c):
      return Message(
        en: "clustered by \(c.name) (CR2, \(c.count) clusters; Satterthwaite df per coefficient)",
        zh: "按 \(c.name) 聚类（CR2，\(c.count) 个聚类；每个系数用 Satterthwaite 自由度）")
    }
  }
}

extension RegressionCovariance {
  /// The most clusters the weighted CR2's degrees of freedom take (a G × G matrix per coefficient).
  static let maximumWeightedCR2Clusters = 5_000

  /// CR2 of a weighted least-squares fit as clubSandwich takes a weighted `lm`: identity working
  /// variance, weights W (not inverse variances), raw design X and residuals e:
  /// ```
  /// H_g = X_g B X_gᵀ W_g,  G_g = I − H_g − H_gᵀ + X_g B S B X_gᵀ,  S = Σᵢ wᵢ² xᵢxᵢᵀ
  /// A_g = G_g^(−½),  u_g = X_gᵀ W_g A_g e_g,  V = B (Σ u_g u_gᵀ) B
  /// ```
  /// With W = I this is the unweighted CR2. Satterthwaite's ν for coefficient j is `(tr P)²/‖P‖²_F`
  /// with `P_gh = δ_gh ‖m_g‖² + h3_g·h3_h − h1_g·h2_h − h2_g·h1_h`, where `m_g` is row j of
  /// `M_g = B X_gᵀ W_g A_g`, `h1_g`, `h2_g`, `h3_g` row j of `M_g X_g L`, `M_g W_g X_g L` and
  /// `M_g X_g Ω` (`LLᵀ = B`, `ΩΩᵀ = B S B`).
  static func weightedCR2(design: [[Double]], weights: [Double], residuals: [Double], bread: Matrix, clustering: Clustering) throws -> (Matrix, [Double]) {
    let k = design.count, n = residuals.count
    guard clustering.count <= maximumWeightedCR2Clusters else {
      throw AnalysisError.unusableSetting(
        .standardErrors,
        reason: "cr2 of a weighted fit takes at most \(maximumWeightedCR2Clusters) clusters, and '\(clustering.name)' has \(clustering.count); use cluster (CR1)")
    }
    let members = try cr2Members(clustering)
    var s = Matrix(rows: k, columns: k)
    for a in 0..<k {
      for b in a..<k {
        var sum = 0.0
        for i in 0..<n { sum += weights[i] * weights[i] * design[a][i] * design[b][i] }
        s[a, b] = sum
        s[b, a] = sum
      }
    }
    let bsb = bread.multiplied(by: s).multiplied(by: bread)
    func lower(_ m: Matrix) throws -> Matrix {
      do { return try m.choleskyUpper().transposed } catch let error as LinearAlgebraError { throw AnalysisError.linearAlgebra(error) }
    }
    let l = try lower(bread), omega = try lower(bsb)
    var meat = Matrix(rows: k, columns: k)
    // Per cluster and coefficient: ‖m‖² and the rows of the three H products.
    var d = [[Double]](), h1 = [[[Double]]](), h2 = [[[Double]]](), h3 = [[[Double]]]()
    for rows in members where !rows.isEmpty {
      let m = rows.count
      var xg = Matrix(rows: m, columns: k)
      for (r, i) in rows.enumerated() { for a in 0..<k { xg[r, a] = design[a][i] } }
      let wg = rows.map { weights[$0] }
      let xb = xg.multiplied(by: bread), xbsb = xg.multiplied(by: bsb)
      var g = Matrix(rows: m, columns: m)
      for r in 0..<m {
        for c in 0..<m {
          var hrc = 0.0, hcr = 0.0, q = 0.0
          for a in 0..<k {
            hrc += xb[r, a] * xg[c, a]
            hcr += xb[c, a] * xg[r, a]
            q += xbsb[r, a] * xg[c, a]
          }
          g[r, c] = (r == c ? 1 : 0) - hrc * wg[c] - hcr * wg[r] + q
        }
      }
      let adjust = try inverseSquareRoot(g)
      // E_g = X_gᵀ W_g A_g (k × m), M_g = B E_g.
      var xw = xg
      for r in 0..<m { for a in 0..<k { xw[r, a] *= wg[r] } }
      let e = xw.transposed.multiplied(by: adjust)
      let u = e.multiplied(by: rows.map { residuals[$0] })
      for a in 0..<k { for b in 0..<k { meat[a, b] += u[a] * u[b] } }
      let mg = bread.multiplied(by: e)
      let p1 = mg.multiplied(by: xg).multiplied(by: l), p2 = mg.multiplied(by: xw).multiplied(by: l), p3 = mg.multiplied(by: xg).multiplied(by: omega)
      d.append((0..<k).map { j in (0..<m).reduce(0) { $0 + mg[j, $1] * mg[j, $1] } })
      h1.append((0..<k).map { p1.row($0) })
      h2.append((0..<k).map { p2.row($0) })
      h3.append((0..<k).map { p3.row($0) })
    }
    let matrix = sandwich(bread, meat)
    let clusters = d.count
    func dot(_ x: [Double], _ y: [Double]) -> Double { zip(x, y).reduce(0) { $0 + $1.0 * $1.1 } }
    let df = (0..<k).map { j -> Double in
      var trace = 0.0, frobenius = 0.0
      for a in 0..<clusters {
        for b in 0..<clusters {
          var p = dot(h3[a][j], h3[b][j]) - dot(h1[a][j], h2[b][j]) - dot(h2[a][j], h1[b][j])
          if a == b {
            p += d[a][j]
            trace += p
          }
          frobenius += p * p
        }
      }
      return trace * trace / frobenius
    }
    return (matrix, df)
  }
}
