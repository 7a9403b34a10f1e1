import DataSources
import WeightAnalysis
import Workflows

extension PreparedTable {
  /// The table as CSV (UTF-8): key columns, then the measures in the spec's order, whole numbers
  /// as integers and others in shortest round-trip form, an empty cell where a group has no value.
  public func csv() -> String {
    var bytes: [UInt8] = []
    bytes.append(contentsOf: (keyHeaders + measureNames).map(csvField).joined(separator: ",").utf8)
    bytes.append(0x0A)
    for (g, key) in keys.enumerated() {
      bytes.append(contentsOf: key.map(csvField).joined(separator: ",").utf8)
      for column in columns {
        bytes.append(0x2C)
        let value = column[g]
        if value.isNaN { continue }
        // Whole numbers (counts, 0/1 flags) without a decimal point; others in shortest round-trip form.
        bytes.append(contentsOf: (value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)").utf8)
      }
      bytes.append(0x0A)
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The table as an Excel workbook: one sheet `prepared` with the same columns as ``csv()``
  /// (numbers as numbers, an absent cell where a group has no value), and a sheet `provenance`
  /// naming the spec and the input with their hashes and the rows dropped.
  public func xlsx(file: String) throws -> [UInt8] {
    var rows: [[XLSXWriter.Cell]] = [(keyHeaders + measureNames).map { .text($0) }]
    for (g, key) in keys.enumerated() {
      rows.append(key.map { .text($0) } + columns.map { $0[g].isNaN ? .empty : .number($0[g]) })
    }
    var about: [[XLSXWriter.Cell]] = [[.text("field"), .text("value")]]
    about.append([.text("spec"), .text(provenance.spec)])
    about.append([.text("specSHA256"), .text(provenance.specSHA256)])
    about.append([.text("input"), .text(provenance.input)])
    about.append([.text("inputSHA256"), .text(provenance.inputSHA256)])
    about.append([.text("rowsIn"), .number(Double(rowsIn))])
    about.append([.text("rowsOut"), .number(Double(groupsOut))])
    for drop in dropped { about.append([.text("dropped"), .text("\(drop.rows) rows: \(drop.reason) (first at \(drop.first))")]) }
    return try XLSXWriter.workbook([.init(name: "prepared", rows: rows), .init(name: "provenance", rows: about)], file: file)
  }

  /// What `prepare` tells the person who ran it: rows in, groups out, rows dropped by reason
  /// with the first location of each.
  public func summary() -> String {
    var lines = ["prepare: \(rowsIn) rows in, \(groupsOut) rows out (\(keyHeaders.joined(separator: " × ")))"]
    for drop in dropped { lines.append("  dropped \(drop.rows) row\(drop.rows == 1 ? "" : "s"): \(drop.reason) (first at \(drop.first))") }
    for note in notes { lines.append("  warning: \(note)") }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The provenance written beside the output (`OUTPUT.provenance.json`): which spec and which
  /// input made it, with their hashes, and the output's own hash so a later reader can tell that
  /// the file is unchanged.
  /// - Parameter inputQuery: the SQL that selected a database input's rows.
  public func provenanceJSON(outputSHA256: String, tool: String, inputQuery: String? = nil) -> String {
    JSONValue.object([
      ("schema", .string("kpi-weights/prepared")), ("version", .integer(1)), ("tool", .string(tool)),
      ("spec", .string(provenance.spec)), ("specSHA256", .string(provenance.specSHA256)),
      ("input", .string(provenance.input))] + (inputQuery.map { [("inputQuery", .string($0))] } ?? []) + [("inputSHA256", .string(provenance.inputSHA256)),
      ("outputSHA256", .string(outputSHA256)), ("rowsIn", .integer(rowsIn)), ("rowsOut", .integer(groupsOut)),
      ("dropped", .array(dropped.map { .object([("reason", .string($0.reason)), ("rows", .integer($0.rows)), ("first", .string($0.first.description))]) })),
    ]).serialized()
  }
}
