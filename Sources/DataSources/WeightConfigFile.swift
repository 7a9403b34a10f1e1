import Foundation
import WeightAnalysis
import Yams

/// Reads weight configs (YAML or JSON; the writer is in `WeightConfigFile+Writing.swift`).
/// Unknown keys are errors naming their key path, so a misspelt `missingValue:` never passes.
public enum WeightConfigFile {
  public static func load(path: String) throws -> WeightConfig {
    try parse(configText(path), file: path)
  }

  public static func parse(_ text: String, file: String) throws -> WeightConfig {
    let document = try YAMLDocument.compose(text, file: file)
    let root = try Reader(document: document, node: document.node, path: "")
    try root.allowOnly(["schema", "version", "provenance", "payPolicy", "indicators"])
    let schema = try root.string("schema")
    guard schema == WeightConfig.schemaName else {
      throw document.error(document.node, "schema", "expected '\(WeightConfig.schemaName)', got '\(schema)'; is this a kpi-weights config?")
    }
    let version = try root.int("version")
    guard WeightConfig.supportedVersions.contains(version) else {
      throw document.error(document.node, "version", "schema version \(version) is not supported (supported: \(WeightConfig.supportedVersions.map(String.init).joined(separator: ", "))); use a newer kpi-weights")
    }
    let p = try root.child("provenance")
    try p.allowOnly(["tool", "data", "outcome", "method", "blend", "preset", "swot", "asOf", "prepared", "catalog", "ahp", "objective", "bootstrap", "model"])
    let data = try p.child("data")
    try data.allowOnly(["file", "query", "sha256", "rows"])
    let swot = try p.optionalChild("swot")
    try swot?.allowOnly(["file", "sha256"])
    var provenance = WeightConfig.Provenance(
      tool: try p.string("tool"), dataFile: try data.string("file"), dataSHA256: try data.string("sha256"), rows: try data.int("rows"),
      outcome: try p.string("outcome"), method: try p.string("method"), blend: try p.double("blend"), preset: try p.string("preset"),
      swotFile: try swot?.string("file"), swotSHA256: try swot?.string("sha256"), asOf: try p.string("asOf"), prepared: try prepared(p))
    provenance.dataQuery = try data.optionalString("query")
    try readSettings(p, into: &provenance)
    let pay = try root.child("payPolicy")
    try pay.allowOnly(["baseShare", "performanceShare", "warningThreshold", "warningPeriods", "missingValues", "gate", "cap", "curve"])
    let policy = WeightConfig.PayPolicy(
      baseShare: try pay.double("baseShare"), performanceShare: try pay.double("performanceShare"),
      warningThreshold: try pay.double("warningThreshold"), warningPeriods: try pay.int("warningPeriods"),
      missingValues: try missingPolicy(pay), gate: try pay.optionalDouble("gate"), cap: try pay.optionalDouble("cap"), curve: try curve(pay))
    var indicators: [WeightConfig.Indicator] = []
    for (index, entry) in try root.list("indicators").enumerated() {
      try entry.allowOnly(["id", "zh", "en", "unit", "direction", "weight", "lower", "upper", "scoring"])
      let directionText = try entry.string("direction")
      guard let direction = Direction(rawValue: directionText) else {
        throw document.error(entry.node, "indicators[\(index)].direction", "expected 'higher' or 'lower', got '\(directionText)'")
      }
      indicators.append(
        WeightConfig.Indicator(
          id: try entry.string("id"), chineseLabel: try entry.optionalString("zh") ?? "", englishLabel: try entry.optionalString("en") ?? "",
          unit: try entry.optionalString("unit") ?? "", direction: direction, weight: try entry.double("weight"), lower: try entry.double("lower"),
          upper: try entry.double("upper"), scoring: try scoring(entry.child("scoring"))))
    }
    return WeightConfig(version: version, indicators: indicators, provenance: provenance, payPolicy: policy)
  }

  /// The optional inputs that changed the weights: catalog, AHP, objective, bootstrap, model.
  static func readSettings(_ p: Reader, into provenance: inout WeightConfig.Provenance) throws {
    func hashed(_ r: Reader) throws -> WeightConfig.Provenance.HashedFile {
      try r.allowOnly(["file", "sha256"])
      return .init(file: try r.string("file"), sha256: try r.string("sha256"))
    }
    if let catalog = try p.optionalChild("catalog") { provenance.settings.catalog = try hashed(catalog) }
    if p.has("ahp") { provenance.settings.ahp = try p.list("ahp").map(hashed) }
    provenance.settings.objective = try p.optionalString("objective")
    if let b = try p.optionalChild("bootstrap") {
      try b.allowOnly(["replicates", "seed", "group"])
      provenance.settings.bootstrap = .init(replicates: try b.int("replicates"), seed: try b.string("seed"), group: try b.optionalString("group"))
    }
    if let m = try p.optionalChild("model") {
      try m.allowOnly(["standardErrors", "cluster", "fixedEffects", "lags", "leadOutcome", "weights"])
      provenance.settings.model = .init(
        standardErrors: try m.string("standardErrors"), cluster: try m.stringList("cluster"), fixedEffects: try m.stringList("fixedEffects"),
        lags: try m.stringList("lags"), leadOutcome: m.has("leadOutcome") ? try m.int("leadOutcome") : nil, weights: try m.optionalString("weights"))
    }
  }

  static func prepared(_ p: Reader) throws -> WeightConfig.Provenance.Prepared? {
    guard let r = try p.optionalChild("prepared") else { return nil }
    try r.allowOnly(["spec", "specSHA256", "input", "inputSHA256"])
    return .init(spec: try r.string("spec"), specSHA256: try r.string("specSHA256"), input: try r.string("input"), inputSHA256: try r.string("inputSHA256"))
  }

  static func missingPolicy(_ pay: Reader) throws -> WeightConfig.PayPolicy.MissingPolicy {
    guard let text = try pay.optionalString("missingValues") else { return .skip }
    guard let policy = WeightConfig.PayPolicy.MissingPolicy(rawValue: text) else {
      throw pay.document.error(try pay.value("missingValues"), pay.key("missingValues"), "expected 'skip' (leave the entity-period out, with a reason) or 'zero' (score the indicator 0), got '\(text)'")
    }
    return policy
  }

  /// `curve: linear` (or absent), or a list of `{score, pay}` steps.
  static func curve(_ pay: Reader) throws -> PayCurve {
    guard let node = pay.mapping["curve"], node.scalar?.string != "~" else { return .linear }
    if let text = node.scalar?.string {
      guard text == "linear" else {
        throw pay.document.error(node, pay.key("curve"), "expected 'linear' or a list of steps such as [{score: 6, pay: 0.5}, {score: 8, pay: 1.0}], got '\(text)'")
      }
      return .linear
    }
    return .steps(
      try pay.list("curve").map { step in
        try step.allowOnly(["score", "pay"])
        return (score: try step.double("score"), pay: try step.double("pay"))
      })
  }

  static func scoring(_ r: Reader) throws -> ScoringRule {
    let kind = try r.string("kind")
    let keys: [String: Set<String>] = [
      "minmax": ["kind"], "linear": ["kind", "full", "step", "points"], "targets": ["kind", "limits", "beyond", "interpolate"], "steps": ["kind", "edges"],
    ]
    if let allowed = keys[kind] { try r.allowOnly(allowed) }
    switch kind {
    case "minmax": return .minMax
    case "linear": return .linear(full: try r.double("full"), step: try r.double("step"), points: try r.double("points"))
    case "targets":
      let limits = try r.list("limits").map { item in
        try item.allowOnly(["limit", "points"])
        return (limit: try item.double("limit"), points: try item.double("points"))
      }
      return .targets(limits: limits, beyond: try r.double("beyond"), interpolate: try r.bool("interpolate"))
    case "steps":
      return .steps(
        edges: try r.list("edges").map { item in
          try item.allowOnly(["from", "points"])
          return (from: try item.double("from"), points: try item.double("points"))
        })
    default:
      throw r.document.error(r.node, r.path + ".kind", "unknown scoring rule '\(kind)'; expected minmax, linear, targets or steps")
    }
  }

  /// Typed access to a mapping node with key-path errors.
  struct Reader {
    let document: YAMLDocument
    let node: Node
    let path: String
    let mapping: Node.Mapping

    init(document: YAMLDocument, node: Node, path: String) throws {
      guard let mapping = node.mapping else { throw document.error(node, path, "expected a mapping") }
      self.document = document
      self.node = node
      self.path = path
      self.mapping = mapping
    }

    func key(_ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    /// Rejects keys other than `allowed`, naming the first unknown one and the expected keys.
    func allowOnly(_ allowed: Set<String>) throws {
      for (keyNode, _) in mapping {
        let name = keyNode.string ?? "?"
        if !allowed.contains(name) {
          throw document.error(keyNode, key(name), "unknown key; expected one of \(allowed.sorted().joined(separator: ", "))")
        }
      }
    }

    func value(_ name: String) throws -> Node {
      guard let value = mapping[name] else { throw document.error(node, key(name), "missing") }
      return value
    }
    func string(_ name: String) throws -> String {
      guard let text = try value(name).scalar?.string else { throw document.error(try value(name), key(name), "expected text") }
      return text
    }
    func optionalString(_ name: String) throws -> String? {
      guard let value = mapping[name], value != Node("~"), value.scalar?.string != "~" else { return nil }
      guard let text = value.scalar?.string else { throw document.error(value, key(name), "expected text") }
      return text
    }
    func double(_ name: String) throws -> Double {
      let v = try value(name)
      guard let number = v.scalar.flatMap({ ConfigNumber.decimal($0.string) }), number.isFinite else { throw document.error(v, key(name), "expected a number") }
      return number
    }
    func optionalDouble(_ name: String) throws -> Double? {
      guard let value = mapping[name], value.scalar?.string != "~", value.scalar?.string != "null" else { return nil }
      return try double(name)
    }
    func int(_ name: String) throws -> Int {
      let v = try value(name)
      guard let number = v.scalar.flatMap({ Int($0.string) }) else { throw document.error(v, key(name), "expected a whole number") }
      return number
    }
    func bool(_ name: String) throws -> Bool {
      let v = try value(name)
      guard let flag = v.scalar.flatMap({ Bool.construct(from: $0) }) else { throw document.error(v, key(name), "expected true or false") }
      return flag
    }
    func child(_ name: String) throws -> Reader { try Reader(document: document, node: try value(name), path: key(name)) }
    func optionalChild(_ name: String) throws -> Reader? {
      guard let value = mapping[name], value.mapping != nil else { return nil }
      return try Reader(document: document, node: value, path: key(name))
    }
    /// Whether `name` is present and not null.
    func has(_ name: String) -> Bool {
      guard let value = mapping[name] else { return false }
      return value.scalar.map { !["~", "null"].contains($0.string) } ?? true
    }
    /// A list of texts (absent or null: empty).
    func stringList(_ name: String) throws -> [String] {
      guard has(name) else { return [] }
      let v = try value(name)
      guard let items = v.sequence else { throw document.error(v, key(name), "expected a list") }
      return try items.enumerated().map { i, item in
        guard let text = item.scalar?.string else { throw document.error(item, "\(key(name))[\(i)]", "expected text") }
        return text
      }
    }
    func list(_ name: String) throws -> [Reader] {
      let v = try value(name)
      guard let items = v.sequence else { throw document.error(v, key(name), "expected a list") }
      return try items.enumerated().map { try Reader(document: document, node: $1, path: "\(key(name))[\($0)]") }
    }
  }
}
