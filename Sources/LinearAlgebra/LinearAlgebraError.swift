/// Errors thrown by the linear-algebra module.
///
/// Every case carries the context a person needs to act on it: which row and column, which
/// LAPACK routine and its `info`, which columns are linearly dependent.
public enum LinearAlgebraError: Error, Equatable, Sendable, CustomStringConvertible {
  /// An input element is NaN or infinite. Rows and columns are zero-based here; callers that
  /// know names and file lines translate them.
  case nonFinite(argument: String, row: Int, column: Int)
  /// The dimensions of the arguments do not fit together.
  case dimensionMismatch(String)
  /// The problem has no rows or no columns.
  case emptyProblem(String)
  /// The design has numerical rank `rank < columns`. `dependencies` lists, for each column left
  /// out of the basis, the basis columns that reproduce it and their coefficients.
  case rankDeficient(rank: Int, columns: Int, dependencies: [LinearDependency])
  /// LAPACK reported an illegal value for argument `argument` (1-based). This is a bug in
  /// kpi-weights, since arguments are validated before every call.
  case illegalArgument(routine: String, argument: Int)
  /// LAPACK returned `info > 0`; `meaning` says what that routine means by it.
  case lapackFailure(routine: String, info: Int, meaning: String)
  /// The bounds and the sum-to-one constraint cannot hold together.
  case infeasibleConstraints(String)
  /// An iterative method did not converge.
  case notConverged(method: String, iterations: Int)

  public var description: String {
    switch self {
    case .nonFinite(let argument, let row, let column):
      return "\(argument) has a non-finite value (NaN or infinity) at row \(row + 1), column \(column + 1)."
    case .dimensionMismatch(let message):
      return "Dimension mismatch: \(message)."
    case .emptyProblem(let message):
      return "Empty problem: \(message)."
    case .rankDeficient(let rank, let columns, let dependencies):
      let detail = dependencies.map { $0.description }.joined(separator: "; ")
      return "The design matrix is rank deficient (rank \(rank) of \(columns) columns): \(detail)."
    case .illegalArgument(let routine, let argument):
      return "LAPACK \(routine) rejected argument \(argument) as illegal; this is a bug in kpi-weights, please report it."
    case .lapackFailure(let routine, let info, let meaning):
      return "LAPACK \(routine) failed (info = \(info)): \(meaning)."
    case .infeasibleConstraints(let message):
      return "Infeasible constraints: \(message)."
    case .notConverged(let method, let iterations):
      return "\(method) did not converge in \(iterations) iterations."
    }
  }
}

/// Column `column` is (numerically) the combination `Σ coefficient · basis column`.
public struct LinearDependency: Equatable, Sendable, CustomStringConvertible {
  /// Zero-based index of the dependent column.
  public let column: Int
  /// Zero-based indices of the basis columns it depends on, with their coefficients.
  public let terms: [(column: Int, coefficient: Double)]

  public init(column: Int, terms: [(column: Int, coefficient: Double)]) {
    self.column = column
    self.terms = terms
  }

  public static func == (lhs: LinearDependency, rhs: LinearDependency) -> Bool {
    lhs.column == rhs.column && lhs.terms.count == rhs.terms.count
      && zip(lhs.terms, rhs.terms).allSatisfy { $0.column == $1.column && $0.coefficient == $1.coefficient }
  }

  /// Human-readable form with column numbers; callers with names use `describe(names:)`.
  public var description: String { describe(names: nil) }

  /// `"x2 = 2·x1"`, using `names` for the columns when given.
  public func describe(names: [String]?) -> String {
    func name(_ j: Int) -> String { names.map { $0[j] } ?? "column \(j + 1)" }
    if terms.isEmpty { return "\(name(column)) is (numerically) all zeros" }
    let rhs = terms.map { term -> String in
      let c = term.coefficient
      let magnitude = abs(c)
      let coefficient = abs(magnitude - 1) < 1e-9 ? "" : "\(formatCoefficient(magnitude))·"
      return (c < 0 ? "− " : "+ ") + coefficient + name(term.column)
    }.joined(separator: " ")
    let trimmed = rhs.hasPrefix("+ ") ? String(rhs.dropFirst(2)) : "−" + rhs.dropFirst(2)
    return "\(name(column)) = \(trimmed)"
  }
}

func formatCoefficient(_ value: Double) -> String {
  let rounded = (value * 1e6).rounded() / 1e6
  if rounded == rounded.rounded() && abs(rounded) < 1e15 { return String(Int(rounded)) }
  return "\(rounded)"
}
