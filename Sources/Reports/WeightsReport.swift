import DataSources
import Foundation
import LinearAlgebra
import WeightAnalysis

/// A weights table with its provenance: what `objective` and `ahp` print.
public struct WeightsReport: Sendable, RenderedReport {
  public let title: String
  public let method: String
  /// Lines under the title (data, formula, invariance…).
  public let notes: [String]
  public let rows: [WeightRow]
  public let warnings: [String]
  public let catalog: IndicatorCatalog
  /// Extra top-level JSON keys, after `method`.
  public let extraJSON: [(String, JSONValue)]
  /// Extra summary lines for the table and markdown views.
  public let summary: [(String, String)]

  public init(
    title: String, method: String, notes: [String], rows: [WeightRow], warnings: [String], catalog: IndicatorCatalog,
    extraJSON: [(String, JSONValue)] = [], summary: [(String, String)] = []
  ) {
    self.title = title
    self.method = method
    self.notes = notes
    self.rows = rows
    self.warnings = warnings
    self.catalog = catalog
    self.extraJSON = extraJSON
    self.summary = summary
  }

  var table: WeightsTable { WeightsTable(rows: rows, scoreName: nil, catalog: catalog) }

  public func renderCSV() -> String { table.renderCSV() }


  public func jsonValue() -> JSONValue {
    var fields: [(String, JSONValue)] = [("method", .string(method))]
    fields += extraJSON
    fields.append(("warnings", .array(warnings.map { .string($0) })))
    fields.append(("weights", .array(table.jsonRows())))
    return .object(fields)
  }

  public func renderTable(color: Bool) -> String {
    let bold: (String) -> String = color ? { "\u{1B}[1m\($0)\u{1B}[0m" } : { $0 }
    let yellow: (String) -> String = color ? { "\u{1B}[33m\($0)\u{1B}[0m" } : { $0 }
    var out = bold(title) + "\n"
    for note in notes { out += note + "\n" }
    if !summary.isEmpty {
      out += "\n"
      var t = TextTable(headers: ["Statistic", "Value"], alignments: [.left, .right])
      for line in summary { t.append([line.0, line.1]) }
      out += t.render(styleHeader: bold)
    }
    out += "\n" + bold("Weights · 权重") + "\n" + table.renderTable(styleHeader: bold)
    if !warnings.isEmpty {
      out += "\n" + bold("Warnings · 提示") + "\n"
      for warning in warnings { out += yellow("  • " + warning) + "\n" }
    }
    return out
  }

  public func renderMarkdown() -> String {
    var out = "# \(title)\n\n"
    for note in notes { out += note + "\n\n" }
    if !summary.isEmpty {
      out += "| statistic | value |\n|---|---:|\n"
      for line in summary { out += "| \(line.0) | \(line.1) |\n" }
      out += "\n"
    }
    out += "## Weights · 权重\n\n" + table.renderMarkdown()
    if !warnings.isEmpty { out += "\n## Warnings · 提示\n\n" + warnings.map { "- \($0)\n" }.joined() }
    return out
  }
}

/// `kpi-weights objective`: objective weights from the indicator matrix of a CSV history.
public struct ObjectiveJob: Sendable {
  public var dataPath: String
  public var method: ObjectiveMethod
  public var indicators: [String]?
  public var directions: [String: Direction] = [:]
  public var catalog = IndicatorCatalog.builtIn
  public var strict = false

  public init(dataPath: String, method: ObjectiveMethod) {
    self.dataPath = dataPath
    self.method = method
  }

  public func run() throws -> WeightsReport {
    let table = try CSVReader.read(path: dataPath)
    for name in directions.keys.sorted() { _ = try table.requireColumn(name, role: "--direction") }
    for entry in catalog.fileEntries where !entry.isOptional {
      _ = try table.requireColumn(entry.id, role: "the catalog entry from \(entry.source ?? "the catalog") (mark it `optional: true` if this dataset may lack it)")
    }
    let chosen = indicators ?? table.defaultIndicators(excluding: catalog.outcomeIDs)
    guard !chosen.isEmpty else { throw AnalysisError.noIndicators }
    let selection = try table.numericColumns(chosen, roles: Array(repeating: "an indicator", count: chosen.count), strict: strict)
    var catalog = self.catalog
    for (id, direction) in directions { catalog.setDirection(direction, for: id) }
    var warnings: [String] = []
    var resolved: [Direction] = []
    for name in chosen {
      if let direction = catalog[name]?.direction {
        resolved.append(direction)
      } else if method == .cv {
        resolved.append(.higherIsBetter)  // dispersion does not depend on direction
      } else {
        throw AnalysisError.methodNotApplicable(
          method: method.rawValue,
          reason: "'\(name)' has no known direction and objective weights cannot infer one (there is no outcome); give --direction \(name)=higher|lower or a --catalog entry")
      }
    }
    if selection.droppedRows > 0 {
      warnings.append("\(selection.droppedRows) of \(table.rowCount) rows dropped for missing values; use --strict to fail instead.")
    }
    let weights = try ObjectiveWeights.compute(method: method, names: chosen, columns: selection.columns, directions: resolved)
    let invariance = "Invariant to units (×c): \(method.isUnitInvariant ? "yes" : "no"); to offsets (+c): \(method.isOffsetInvariant ? "yes" : "no")."
    let rows = chosen.indices.map { WeightRow(indicator: chosen[$0], direction: resolved[$0], weight: weights[$0]) }
    return WeightsReport(
      title: "Objective weights · 客观赋权: \(method.rawValue)", method: method.rawValue,
      notes: ["Data: \(table.file); \(selection.columns.first?.count ?? 0) rows used, \(chosen.count) indicators.", method.formula + ".", invariance],
      rows: rows, warnings: warnings, catalog: catalog,
      extraJSON: [
        ("n", .integer(selection.columns.first?.count ?? 0)), ("unitInvariant", .bool(method.isUnitInvariant)),
        ("offsetInvariant", .bool(method.isOffsetInvariant)), ("formula", .string(method.formula)),
      ])
  }
}

/// `kpi-weights ahp`: subjective weights from pairwise comparisons.
public struct AHPJob: Sendable {
  public var matrixPaths: [String]
  public var method: AHP.Method = .eigenvector
  public var allowInconsistent = false
  public var catalog = IndicatorCatalog.builtIn

  public init(matrixPaths: [String]) { self.matrixPaths = matrixPaths }

  public func run() throws -> WeightsReport {
    let matrices = try matrixPaths.map { try PairwiseMatrixFile.load(path: $0) }
    var warnings: [String] = []
    for (path, matrix) in zip(matrixPaths, matrices) {
      do {
        try AHP.validate(matrix)
      } catch let error as AnalysisError {
        throw ConfigError(file: path, line: nil, keyPath: "", message: error.description)
      }
    }
    let combined = try AHP.combine(matrices)
    if matrices.count > 1 {
      for (path, matrix) in zip(matrixPaths, matrices) {
        let single = try AHP.weights(matrix, method: method)
        if single.consistencyRatio > 0.10 {
          warnings.append("\(path) alone has consistency ratio \(String(format: "%.3f", single.consistencyRatio)) (above 0.10).")
        }
      }
    }
    let result = try AHP.weights(combined, method: method)
    if !allowInconsistent { try AHP.requireConsistent(result, indicators: combined.indicators) }
    if result.consistencyRatio > 0.10 {
      warnings.append("Consistency ratio \(String(format: "%.3f", result.consistencyRatio)) is above 0.10 (--allow-inconsistent): the judgements contradict each other; treat the weights with care.")
    }
    let names = combined.indicators
    let rows = names.indices.map { WeightRow(indicator: names[$0], direction: catalog[names[$0]]?.direction, weight: result.weights[$0]) }
    var notes = ["Pairwise comparisons: \(matrixPaths.joined(separator: ", "))\(matrices.count > 1 ? " (combined by element-wise geometric mean)" : "")."]
    notes.append(
      method == .eigenvector
        ? "Principal right eigenvector (LAPACK dgeev), normalised to sum 1; CR = CI/RI with Saaty's random index."
        : "Row geometric means, normalised to sum 1; λmax estimated as mean((Aw)ᵢ/wᵢ); CR = CI/RI with Saaty's random index.")
    var summary: [(String, String)] = [
      ("λmax", String(format: "%.4f", result.lambdaMax)), ("n", "\(names.count)"),
      ("CI = (λmax − n)/(n − 1)", String(format: "%.4f", result.consistencyIndex)), ("RI (Saaty)", String(format: "%.2f", result.randomIndex)),
      ("CR = CI/RI", String(format: "%.4f", result.consistencyRatio) + (result.consistencyRatio <= 0.10 ? " (consistent, ≤ 0.10)" : " (inconsistent, > 0.10)")),
    ]
    if let worst = result.mostInconsistent {
      summary.append(("most inconsistent", "\(names[worst.first]) vs \(names[worst.second]): given \(AnalysisError.ratio(worst.given)), implied \(AnalysisError.ratio(worst.implied))"))
    }
    return WeightsReport(
      title: "AHP weights · 层次分析法权重", method: "ahp-\(method.rawValue)", notes: notes, rows: rows, warnings: warnings, catalog: catalog,
      extraJSON: [
        ("n", .integer(names.count)), ("lambdaMax", .double(result.lambdaMax)), ("consistencyIndex", .double(result.consistencyIndex)),
        ("consistencyRatio", .double(result.consistencyRatio)), ("randomIndex", .double(result.randomIndex)),
        ("experts", .integer(matrices.count)),
      ], summary: summary)
  }
}
