internal import CLAPACK

/// The one place where kpi-weights calls Fortran LAPACK and BLAS.
///
/// Every wrapper validates its arguments in Swift first (reference LAPACK calls `XERBLA`, which
/// prints and **terminates the process** on an illegal argument), performs the workspace query
/// where the routine has one, and converts `info` into a typed ``LinearAlgebraError``.
/// Matrices are column-major with leading dimension equal to their row count.
enum LAPACK {
  /// Converts a Swift `Int` into a Fortran INTEGER (32-bit).
  static func fortranInt(_ value: Int, _ what: String) throws -> Int32 {
    guard let converted = Int32(exactly: value) else {
      throw LinearAlgebraError.dimensionMismatch("\(what) = \(value) exceeds the 32-bit LAPACK integer range")
    }
    return converted
  }

  static func check(_ routine: String, _ info: Int32, meaning: (Int) -> String) throws {
    if info < 0 { throw LinearAlgebraError.illegalArgument(routine: routine, argument: Int(-info)) }
    if info > 0 { throw LinearAlgebraError.lapackFailure(routine: routine, info: Int(info), meaning: meaning(Int(info))) }
  }

  static func workspaceSize(_ query: Double) -> Int { max(1, Int(query.rounded(.up))) }

  // MARK: QR

  /// Householder QR without pivoting, in place: `A = Q R`. Returns the reflector scalars `tau`.
  /// The corresponding LAPACK routine is `dgeqrf`.
  /// Only the first `m·n` elements of `a` are used (leading dimension `m`), so a buffer can be reused.
  static func dgeqrf(m: Int, n: Int, a: inout [Double]) throws -> [Double] {
    precondition(a.count >= m * n, "dgeqrf: storage \(a.count) < \(m)×\(n)")
    guard m > 0, n > 0 else { return [] }
    var m32 = try fortranInt(m, "rows"), n32 = try fortranInt(n, "columns"), lda = m32
    var tau = [Double](repeating: 0, count: min(m, n))
    var info: Int32 = 0
    var query = 0.0
    var lwork: Int32 = -1
    dgeqrf_(&m32, &n32, &a, &lda, &tau, &query, &lwork, &info)
    try check("dgeqrf", info) { _ in "workspace query failed" }
    lwork = try fortranInt(workspaceSize(query), "workspace")
    var work = [Double](repeating: 0, count: Int(lwork))
    dgeqrf_(&m32, &n32, &a, &lda, &tau, &work, &lwork, &info)
    try check("dgeqrf", info) { _ in "unexpected positive info" }
    return tau
  }

  /// The QR factor of `[A; B]`, `A` `n × n` upper triangular (column-major, overwritten by `R`),
  /// `B` `m × n` column-major whose last `l` rows are upper trapezoidal (`l = 0`: a full block;
  /// `l = m = n`: another triangle), overwritten by the Householder vectors. The corresponding
  /// LAPACK routine is `dtpqrt` (block size `min(n, 32)`).
  static func dtpqrt(m: Int, n: Int, l: Int, a: inout [Double], b: inout [Double]) throws {
    precondition(a.count >= n * n && b.count >= m * n && (0...min(m, n)).contains(l), "dtpqrt: storage \(a.count), \(b.count) for \(n)×\(n) on \(m)×\(n), l = \(l)")
    guard m > 0, n > 0 else { return }
    var m32 = try fortranInt(m, "rows"), n32 = try fortranInt(n, "columns"), l32 = try fortranInt(l, "trapezoid rows")
    var nb = Int32(min(n, 32)), lda = n32, ldb = m32, ldt = nb
    var t = [Double](repeating: 0, count: Int(nb) * n)
    var work = [Double](repeating: 0, count: Int(nb) * n)
    var info: Int32 = 0
    dtpqrt_(&m32, &n32, &l32, &nb, &a, &lda, &b, &ldb, &t, &ldt, &work, &info)
    try check("dtpqrt", info) { _ in "unexpected positive info" }
  }

  /// Householder QR with column pivoting, in place: `A P = Q R`. Returns the 0-based
  /// permutation (`permutation[k]` is the original column in position `k`) and `tau`.
  /// The corresponding LAPACK routine is `dgeqp3`.
  static func dgeqp3(m: Int, n: Int, a: inout [Double]) throws -> (permutation: [Int], tau: [Double]) {
    precondition(a.count == m * n, "dgeqp3: storage \(a.count) ≠ \(m)×\(n)")
    guard m > 0, n > 0 else { return ([], []) }
    var m32 = try fortranInt(m, "rows"), n32 = try fortranInt(n, "columns"), lda = m32
    var jpvt = [Int32](repeating: 0, count: n)
    var tau = [Double](repeating: 0, count: min(m, n))
    var info: Int32 = 0
    var query = 0.0
    var lwork: Int32 = -1
    dgeqp3_(&m32, &n32, &a, &lda, &jpvt, &tau, &query, &lwork, &info)
    try check("dgeqp3", info) { _ in "workspace query failed" }
    lwork = try fortranInt(max(workspaceSize(query), 3 * n + 1), "workspace")
    var work = [Double](repeating: 0, count: Int(lwork))
    dgeqp3_(&m32, &n32, &a, &lda, &jpvt, &tau, &work, &lwork, &info)
    try check("dgeqp3", info) { _ in "unexpected positive info" }
    return (jpvt.map { Int($0) - 1 }, tau)
  }

  /// Overwrites the `m × nrhs` matrix `c` with `Qᵀ c`, where `Q` is stored in the first `k`
  /// columns of `a` (from `dgeqrf`/`dgeqp3`). The corresponding LAPACK routine is `dormqr`.
  static func dormqrTransposeLeft(m: Int, nrhs: Int, k: Int, a: [Double], tau: [Double], c: inout [Double]) throws {
    precondition(k <= m && k <= tau.count && a.count >= m * k && c.count == m * nrhs, "dormqr: inconsistent sizes")
    guard m > 0, nrhs > 0, k > 0 else { return }
    var side: CChar = 76  // "L"
    var trans: CChar = 84  // "T"
    var m32 = try fortranInt(m, "rows"), n32 = try fortranInt(nrhs, "right-hand sides"), k32 = try fortranInt(k, "reflectors")
    var lda = m32, ldc = m32
    var info: Int32 = 0
    var query = 0.0
    var lwork: Int32 = -1
    dormqr_(&side, &trans, &m32, &n32, &k32, a, &lda, tau, &c, &ldc, &query, &lwork, &info, 1, 1)
    try check("dormqr", info) { _ in "workspace query failed" }
    lwork = try fortranInt(workspaceSize(query), "workspace")
    var work = [Double](repeating: 0, count: Int(lwork))
    dormqr_(&side, &trans, &m32, &n32, &k32, a, &lda, tau, &c, &ldc, &work, &lwork, &info, 1, 1)
    try check("dormqr", info) { _ in "unexpected positive info" }
  }

  /// Solves `R x = b` (or `Rᵀ x = b` when `transpose`) with the leading `n × n` upper triangle
  /// of `a` (leading dimension `lda`). The corresponding LAPACK routine is `dtrtrs`.
  static func dtrtrsUpper(n: Int, a: [Double], lda: Int, b: inout [Double], transpose: Bool = false) throws {
    precondition(lda >= max(1, n) && a.count >= lda * n && b.count >= n, "dtrtrs: inconsistent sizes")
    guard n > 0 else { return }
    var uplo: CChar = 85  // "U"
    var trans: CChar = transpose ? 84 : 78
    var diag: CChar = 78  // "N"
    var n32 = try fortranInt(n, "order"), nrhs: Int32 = 1, lda32 = try fortranInt(lda, "leading dimension"), ldb = n32
    var info: Int32 = 0
    dtrtrs_(&uplo, &trans, &diag, &n32, &nrhs, a, &lda32, &b, &ldb, &info, 1, 1, 1)
    try check("dtrtrs", info) { k in "the triangular factor has an exact zero on its diagonal at position \(k)" }
  }

  /// Inverts the `n × n` upper-triangular matrix `a` in place. The corresponding LAPACK
  /// routine is `dtrtri`.
  static func dtrtriUpper(n: Int, a: inout [Double]) throws {
    precondition(a.count == n * n, "dtrtri: storage \(a.count) ≠ \(n)×\(n)")
    guard n > 0 else { return }
    var uplo: CChar = 85, diag: CChar = 78
    var n32 = try fortranInt(n, "order"), lda = n32
    var info: Int32 = 0
    dtrtri_(&uplo, &diag, &n32, &a, &lda, &info, 1, 1)
    try check("dtrtri", info) { k in "the triangular factor is exactly singular at diagonal position \(k)" }
  }

  // MARK: SVD

  /// Singular values only, in decreasing order. `a` is destroyed. The corresponding LAPACK
  /// routine is `dgesvd` (JOBU = JOBVT = 'N').
  static func singularValues(m: Int, n: Int, a: inout [Double]) throws -> [Double] {
    precondition(a.count == m * n, "dgesvd: storage \(a.count) ≠ \(m)×\(n)")
    guard m > 0, n > 0 else { return [] }
    var jobu: CChar = 78, jobvt: CChar = 78
    var m32 = try fortranInt(m, "rows"), n32 = try fortranInt(n, "columns"), lda = m32
    var s = [Double](repeating: 0, count: min(m, n))
    var u = [Double](repeating: 0, count: 1), vt = [Double](repeating: 0, count: 1)
    var ldu: Int32 = 1, ldvt: Int32 = 1
    var info: Int32 = 0
    var query = 0.0
    var lwork: Int32 = -1
    dgesvd_(&jobu, &jobvt, &m32, &n32, &a, &lda, &s, &u, &ldu, &vt, &ldvt, &query, &lwork, &info, 1, 1)
    try check("dgesvd", info) { _ in "workspace query failed" }
    lwork = try fortranInt(workspaceSize(query), "workspace")
    var work = [Double](repeating: 0, count: Int(lwork))
    dgesvd_(&jobu, &jobvt, &m32, &n32, &a, &lda, &s, &u, &ldu, &vt, &ldvt, &work, &lwork, &info, 1, 1)
    try check("dgesvd", info) { k in "the bidiagonal QR iteration did not converge (\(k) superdiagonals)" }
    return s
  }

  /// Singular values of the `n × n` upper-triangular `a` (`a` is destroyed), decreasing, by
  /// one-sided Jacobi. For `A = B·D` with `D` diagonal, Jacobi's relative error in every `σᵢ` is
  /// bounded by `ε · κ(B)`, not `ε · κ(A)` (Demmel and Veselić 1992), so a well-conditioned
  /// design in wildly different units still gets a finite, accurate smallest singular value,
  /// where bidiagonal QR (`dgesvd`) returns `σₙ = 0` once `κ(A) > 1/ε`. The corresponding
  /// LAPACK routine is `dgesvj` (JOBA = 'U', JOBU = JOBV = 'N'); on exit `WORK(1)` scales `SVA`.
  static func singularValuesJacobi(upperTriangular n: Int, a: inout [Double]) throws -> [Double] {
    precondition(a.count == n * n, "dgesvj: storage \(a.count) ≠ \(n)×\(n)")
    guard n > 0 else { return [] }
    var joba: CChar = 85, jobu: CChar = 78, jobv: CChar = 78
    var m32 = try fortranInt(n, "rows"), n32 = m32, lda = m32
    var sva = [Double](repeating: 0, count: n)
    var mv: Int32 = 0, ldv: Int32 = 1
    var v = [Double](repeating: 0, count: 1)
    var lwork = try fortranInt(max(6, 2 * n), "workspace")
    var work = [Double](repeating: 0, count: Int(lwork))
    var info: Int32 = 0
    dgesvj_(&joba, &jobu, &jobv, &m32, &n32, &a, &lda, &sva, &mv, &v, &ldv, &work, &lwork, &info, 1, 1, 1)
    try check("dgesvj", info) { k in "the Jacobi sweeps did not converge (\(k) sweeps)" }
    let scale = work[0]
    return sva.map { $0 * scale }.sorted(by: >)
  }

  /// Minimum-norm least squares by SVD: on return the first `n` entries of `b` hold the
  /// solution. Singular values below `rcond · σ₁` are treated as zero. The corresponding
  /// LAPACK routine is `dgelsd`.
  static func dgelsd(m: Int, n: Int, a: inout [Double], b: inout [Double], rcond: Double) throws -> (rank: Int, singularValues: [Double]) {
    precondition(a.count == m * n && b.count == max(m, n), "dgelsd: inconsistent sizes")
    guard m > 0, n > 0 else { return (0, []) }
    var m32 = try fortranInt(m, "rows"), n32 = try fortranInt(n, "columns"), nrhs: Int32 = 1
    var lda = m32, ldb = try fortranInt(max(m, n), "leading dimension")
    var s = [Double](repeating: 0, count: min(m, n))
    var rcond = rcond
    var rank: Int32 = 0
    var info: Int32 = 0
    var query = 0.0
    var lwork: Int32 = -1
    var iworkQuery: Int32 = 0
    dgelsd_(&m32, &n32, &nrhs, &a, &lda, &b, &ldb, &s, &rcond, &rank, &query, &lwork, &iworkQuery, &info)
    try check("dgelsd", info) { _ in "workspace query failed" }
    lwork = try fortranInt(workspaceSize(query), "workspace")
    var work = [Double](repeating: 0, count: Int(lwork))
    var iwork = [Int32](repeating: 0, count: max(1, Int(iworkQuery), 11 * min(m, n) + 64))
    dgelsd_(&m32, &n32, &nrhs, &a, &lda, &b, &ldb, &s, &rcond, &rank, &work, &lwork, &iwork, &info)
    try check("dgelsd", info) { k in "the SVD did not converge (\(k) off-diagonal elements)" }
    return (Int(rank), s)
  }

  // MARK: Constrained least squares

  /// Solves `min ‖c − A x‖₂ subject to B x = d` with `A` `m × n` and `B` `p × n`.
  /// Requires `p ≤ n ≤ m + p`; `a`, `b`, `c`, `d` are destroyed. The corresponding LAPACK
  /// routine is `dgglse`.
  static func dgglse(m: Int, n: Int, p: Int, a: inout [Double], b: inout [Double], c: inout [Double], d: inout [Double]) throws -> [Double] {
    precondition(a.count == m * n && b.count == p * n && c.count == m && d.count == p, "dgglse: inconsistent sizes")
    var m32 = try fortranInt(m, "rows"), n32 = try fortranInt(n, "columns"), p32 = try fortranInt(p, "constraints")
    var lda = try fortranInt(max(1, m), "lda"), ldb = try fortranInt(max(1, p), "ldb")
    var x = [Double](repeating: 0, count: n)
    var info: Int32 = 0
    var query = 0.0
    var lwork: Int32 = -1
    if a.isEmpty { a = [0] }
    dgglse_(&m32, &n32, &p32, &a, &lda, &b, &ldb, &c, &d, &x, &query, &lwork, &info)
    try check("dgglse", info) { _ in "workspace query failed" }
    lwork = try fortranInt(max(workspaceSize(query), m + n + p), "workspace")
    var work = [Double](repeating: 0, count: Int(lwork))
    dgglse_(&m32, &n32, &p32, &a, &lda, &b, &ldb, &c, &d, &x, &work, &lwork, &info)
    try check("dgglse", info) { k in
      k == 1
        ? "the constraint matrix B does not have full row rank"
        : "the stacked matrix [A; B] does not have full column rank (the unconstrained directions are collinear)"
    }
    return x
  }

  // MARK: Symmetric

  /// Cholesky factor `A = Rᵀ R` (upper) in place. The corresponding LAPACK routine is `dpotrf`.
  static func dpotrfUpper(n: Int, a: inout [Double]) throws {
    precondition(a.count == n * n, "dpotrf: storage \(a.count) ≠ \(n)×\(n)")
    guard n > 0 else { return }
    var uplo: CChar = 85
    var n32 = try fortranInt(n, "order"), lda = n32
    var info: Int32 = 0
    dpotrf_(&uplo, &n32, &a, &lda, &info, 1)
    try check("dpotrf", info) { k in "the leading minor of order \(k) is not positive definite" }
  }

  /// Eigenvalues (ascending) of a symmetric matrix; `a` is destroyed. The corresponding LAPACK
  /// routine is `dsyev` (JOBZ = 'N').
  static func symmetricEigenvalues(n: Int, a: inout [Double]) throws -> [Double] {
    try dsyev(n: n, a: &a, vectors: false)
  }

  /// Eigenvalues (ascending) and orthonormal eigenvectors (columns of `a` on return) of a
  /// symmetric matrix. The corresponding LAPACK routine is `dsyev` (JOBZ = 'V').
  static func symmetricEigenvectors(n: Int, a: inout [Double]) throws -> [Double] {
    try dsyev(n: n, a: &a, vectors: true)
  }

  static func dsyev(n: Int, a: inout [Double], vectors: Bool) throws -> [Double] {
    precondition(a.count == n * n, "dsyev: storage \(a.count) ≠ \(n)×\(n)")
    guard n > 0 else { return [] }
    var jobz: CChar = vectors ? 86 : 78, uplo: CChar = 85
    var n32 = try fortranInt(n, "order"), lda = n32
    var w = [Double](repeating: 0, count: n)
    var info: Int32 = 0
    var query = 0.0
    var lwork: Int32 = -1
    dsyev_(&jobz, &uplo, &n32, &a, &lda, &w, &query, &lwork, &info, 1, 1)
    try check("dsyev", info) { _ in "workspace query failed" }
    lwork = try fortranInt(max(workspaceSize(query), 3 * n), "workspace")
    var work = [Double](repeating: 0, count: Int(lwork))
    dsyev_(&jobz, &uplo, &n32, &a, &lda, &w, &work, &lwork, &info, 1, 1)
    try check("dsyev", info) { k in "the eigenvalue iteration did not converge (\(k) off-diagonal elements)" }
    return w
  }

  // MARK: General

  /// Eigenvalues `(re, im)` and right eigenvectors of a general square matrix (`a` destroyed).
  /// For a real eigenvalue `k`, column `k` of the returned matrix is its eigenvector; complex
  /// pairs use columns `k, k+1` as real and imaginary parts. The corresponding LAPACK routine is
  /// `dgeev` (JOBVL = 'N', JOBVR = 'V').
  static func dgeev(n: Int, a: inout [Double]) throws -> (real: [Double], imaginary: [Double], vectors: [Double]) {
    precondition(a.count == n * n, "dgeev: storage \(a.count) ≠ \(n)×\(n)")
    guard n > 0 else { return ([], [], []) }
    var jobvl: CChar = 78, jobvr: CChar = 86
    var n32 = try fortranInt(n, "order"), lda = n32, ldvl: Int32 = 1, ldvr = n32
    var wr = [Double](repeating: 0, count: n), wi = wr
    var vl = [Double](repeating: 0, count: 1)
    var vr = [Double](repeating: 0, count: n * n)
    var info: Int32 = 0
    var query = 0.0
    var lwork: Int32 = -1
    dgeev_(&jobvl, &jobvr, &n32, &a, &lda, &wr, &wi, &vl, &ldvl, &vr, &ldvr, &query, &lwork, &info, 1, 1)
    try check("dgeev", info) { _ in "workspace query failed" }
    lwork = try fortranInt(max(workspaceSize(query), 4 * n), "workspace")
    var work = [Double](repeating: 0, count: Int(lwork))
    dgeev_(&jobvl, &jobvr, &n32, &a, &lda, &wr, &wi, &vl, &ldvl, &vr, &ldvr, &work, &lwork, &info, 1, 1)
    try check("dgeev", info) { k in "the QR algorithm failed; eigenvalues \(k + 1)… did not converge" }
    return (wr, wi, vr)
  }

  // MARK: BLAS

  /// Euclidean norm of `count` elements starting at `offset`, without overflow or underflow.
  /// The corresponding BLAS routine is `dnrm2`.
  static func norm(_ x: UnsafeBufferPointer<Double>, offset: Int, count: Int) throws -> Double {
    precondition(offset >= 0 && offset + count <= x.count, "dnrm2: range outside buffer")
    guard count > 0, let base = x.baseAddress else { return 0 }
    var n32 = try fortranInt(count, "length"), inc: Int32 = 1
    return dnrm2_(&n32, base + offset, &inc)
  }

  /// `y ← y − A x` for an `m × n` column-major `A`. The corresponding BLAS routine is `dgemv`.
  static func subtractProduct(m: Int, n: Int, a: [Double], x: [Double], y: inout [Double]) throws {
    precondition(a.count == m * n && x.count == n && y.count == m, "dgemv: inconsistent sizes")
    guard m > 0, n > 0 else { return }
    var trans: CChar = 78
    var m32 = try fortranInt(m, "rows"), n32 = try fortranInt(n, "columns"), lda = m32, inc: Int32 = 1
    var alpha = -1.0, beta = 1.0
    dgemv_(&trans, &m32, &n32, &alpha, a, &lda, x, &inc, &beta, &y, &inc, 1)
  }

  /// `C ← C + Aᵀ A` on the upper triangle only, for an `m × n` block `A` with leading dimension
  /// `lda` (accumulating a Gram matrix block by block). The corresponding BLAS routine is `dsyrk`.
  static func accumulateGramUpper(m: Int, n: Int, a: UnsafeBufferPointer<Double>, lda: Int, c: inout [Double]) throws {
    precondition(c.count == n * n && lda >= max(1, m) && a.count >= lda * n, "dsyrk: inconsistent sizes")
    guard m > 0, n > 0, let base = a.baseAddress else { return }
    var uplo: CChar = 85, trans: CChar = 84
    var n32 = try fortranInt(n, "order"), k32 = try fortranInt(m, "rows"), lda32 = try fortranInt(lda, "leading dimension"), ldc = n32
    var alpha = 1.0, beta = 1.0
    dsyrk_(&uplo, &trans, &n32, &k32, &alpha, base, &lda32, &beta, &c, &ldc, 1, 1)
  }

  /// `C = Aᵀ A` (upper triangle, then mirrored) for an `m × n` `A`. The corresponding BLAS
  /// routine is `dsyrk`.
  static func gram(m: Int, n: Int, a: [Double]) throws -> [Double] {
    precondition(a.count == m * n, "dsyrk: inconsistent sizes")
    var c = [Double](repeating: 0, count: n * n)
    guard m > 0, n > 0 else { return c }
    var uplo: CChar = 85, trans: CChar = 84
    var n32 = try fortranInt(n, "order"), k32 = try fortranInt(m, "rows"), lda = k32, ldc = n32
    var alpha = 1.0, beta = 0.0
    dsyrk_(&uplo, &trans, &n32, &k32, &alpha, a, &lda, &beta, &c, &ldc, 1, 1)
    for j in 0..<n { for i in (j + 1)..<max(j + 1, n) { c[i + j * n] = c[j + i * n] } }
    return c
  }
}
