import DataSources
import Foundation
import LinearAlgebra
import WeightAnalysis

/// `kpi-weights objective`: objective weights from the indicator matrix of a CSV history.
public struct ObjectiveJob: Sendable {
  public var method: ObjectiveMethod
  public var indicators: [String]?
  public var strict = false

  public init(method: ObjectiveMethod) {
    self.method = method
  }

  public func run(on input: AnalysisInput) throws -> WeightsReport {
    let table = input.table
    let catalog = input.catalog
    let chosen = indicators ?? table.defaultIndicators(excluding: catalog.outcomeIDs)
    guard !chosen.isEmpty else { throw AnalysisError.noIndicators }
    let selection = try table.numericColumns(chosen, roles: Array(repeating: "an indicator", count: chosen.count), strict: strict)
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
          reason: "'\(name)' has no known direction and objective weights cannot infer one (there is no outcome); give \(Setting.direction) \(name)=higher|lower or a \(Setting.catalog) entry")
      }
    }
    if selection.droppedRows > 0 {
      warnings.append("\(selection.droppedRows) of \(table.rowCount) rows dropped for missing values; use \(Setting.strict) to fail instead.")
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

