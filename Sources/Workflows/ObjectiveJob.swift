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
    let chosen: [String]
    let ignored: [IgnoredColumn]
    if let listed = indicators?.map(input.columnName) {
      chosen = listed
      ignored = ColumnRoles.unlisted(table: table, catalog: catalog, used: Set(listed))
    } else {
      // cv is a dispersion measure: it needs no direction.
      (chosen, ignored) = ColumnRoles.defaultIndicators(table: table, catalog: catalog, outcome: nil, reserved: [:], includeUnknownDirections: method == .cv)
    }
    guard !chosen.isEmpty else { throw AnalysisError.noIndicators }
    let unknown = method == .cv ? [] : chosen.filter { catalog[$0] == nil }
    if !unknown.isEmpty { throw AnalysisError.unknownDirections(indicators: unknown, suggested: unknown.map { _ in nil }) }
    let selection = try table.numericColumns(chosen, roles: Array(repeating: "an indicator", count: chosen.count), strict: strict)
    var warnings: [Message] = []
    if let empty = ColumnRoles.emptyColumnsWarning(ignored) { warnings.append(empty) }
    var resolved: [Direction] = []
    for name in chosen {
      if let direction = catalog[name]?.direction {
        resolved.append(direction)
      } else {
        resolved.append(.higherIsBetter)  // cv: dispersion does not depend on direction
      }
    }
    if selection.droppedRows > 0 {
      warnings.append(
        Message(
          en: "\(selection.droppedRows) of \(table.rowCount) rows dropped for missing values.", zh: "\(table.rowCount) 行中有 \(selection.droppedRows) 行因缺失值被剔除。",
          hintEn: "Use \(Setting.strict) to fail instead.", hintZh: "如需改为报错，请使用 \(Setting.strict)。"))
    }
    let weights = try ObjectiveWeights.compute(method: method, names: chosen, columns: selection.columns, directions: resolved)
    let invariance = Message(
      en: "Invariant to units (×c): \(method.isUnitInvariant ? "yes" : "no"); to offsets (+c): \(method.isOffsetInvariant ? "yes" : "no").",
      zh: "不随单位变化（×c）：\(method.isUnitInvariant ? "是" : "否")；不随平移变化（+c）：\(method.isOffsetInvariant ? "是" : "否")。")
    let n = selection.columns.first?.count ?? 0
    let rows = chosen.indices.map { WeightRow(indicator: chosen[$0], direction: resolved[$0], weight: weights[$0]) }
    return WeightsReport(
      title: Message(en: "Objective weights: \(method.rawValue)", zh: "客观赋权：\(method.rawValue)"), method: method.rawValue,
      notes: [
        Message(en: "Data: \(table.file); \(n) rows used, \(chosen.count) indicators.", zh: "数据：\(table.file)；使用 \(n) 行，\(chosen.count) 个指标。"),
        Message(en: method.formula + ".", zh: method.chineseFormula + "。"), invariance,
      ],
      rows: rows, warnings: warnings, catalog: catalog, columnSummary: input.columnSummary(ignored: ignored),
      extraJSON: [
        ("n", .integer(selection.columns.first?.count ?? 0)), ("unitInvariant", .bool(method.isUnitInvariant)),
        ("offsetInvariant", .bool(method.isOffsetInvariant)), ("formula", .string(method.formula)),
      ])
  }
}

