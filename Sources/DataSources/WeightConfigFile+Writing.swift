import Foundation
import WeightAnalysis

/// Writes weight configs as YAML or JSON (chosen by the file extension), key order fixed so the
/// same config always gives the same bytes. Reading (``WeightConfigFile/parse(_:file:)``) and
/// writing are the one codec of ``WeightConfig``: write → read → write is byte-identical.
extension WeightConfigFile {
  public enum Format: String, Sendable { case yaml, json }

  public static func format(forPath path: String) -> Format {
    path.lowercased().hasSuffix(".json") ? .json : .yaml
  }

  public static func jsonValue(_ config: WeightConfig) -> JSONValue {
    let p = config.provenance
    var provenance: [(String, JSONValue)] = [
      ("tool", .string(p.tool)),
      ("data", .object([("file", .string(p.dataFile))] + (p.dataQuery.map { [("query", .string($0))] } ?? []) + [("sha256", .string(p.dataSHA256)), ("rows", .integer(p.rows))])),
      ("outcome", .string(p.outcome)), ("method", .string(p.method)), ("blend", .number(p.blend)), ("preset", .string(p.preset)),
    ]
    if let file = p.swotFile, let hash = p.swotSHA256 {
      provenance.append(("swot", .object([("file", .string(file)), ("sha256", .string(hash))])))
    } else {
      provenance.append(("swot", .null))
    }
    provenance.append(("asOf", .string(p.asOf)))
    if let prepared = p.prepared {
      provenance.append(
        ("prepared", .object([
          ("spec", .string(prepared.spec)), ("specSHA256", .string(prepared.specSHA256)), ("input", .string(prepared.input)),
          ("inputSHA256", .string(prepared.inputSHA256)),
        ])))
    }
    // Written only when set, so a config made without them reads as before.
    let hashed = { (f: WeightConfig.Provenance.HashedFile) -> JSONValue in .object([("file", .string(f.file)), ("sha256", .string(f.sha256))]) }
    if let catalog = p.settings.catalog { provenance.append(("catalog", hashed(catalog))) }
    if !p.settings.ahp.isEmpty { provenance.append(("ahp", .array(p.settings.ahp.map(hashed)))) }
    if let objective = p.settings.objective { provenance.append(("objective", .string(objective))) }
    if let b = p.settings.bootstrap {
      provenance.append(("bootstrap", .object([("replicates", .integer(b.replicates)), ("seed", .string(b.seed)), ("group", b.group.map { .string($0) } ?? .null)])))
    }
    if let m = p.settings.model {
      provenance.append(
        ("model", .object([
          ("standardErrors", .string(m.standardErrors)), ("cluster", .array(m.cluster.map { .string($0) })),
          ("fixedEffects", .array(m.fixedEffects.map { .string($0) })), ("lags", .array(m.lags.map { .string($0) })),
          ("leadOutcome", m.leadOutcome.map { .integer($0) } ?? .null), ("weights", m.weights.map { .string($0) } ?? .null),
        ])))
    }
    let indicators: [JSONValue] = config.indicators.map { i in
      .object([
        ("id", .string(i.id)), ("zh", .string(i.chineseLabel)), ("en", .string(i.englishLabel)), ("unit", .string(i.unit)),
        ("direction", .string(i.direction.rawValue)), ("weight", .number(i.weight)), ("lower", .number(i.lower)), ("upper", .number(i.upper)),
        ("scoring", scoring(i.scoring)),
      ])
    }
    let pay = config.payPolicy
    return .object([
      ("schema", .string(WeightConfig.schemaName)), ("version", .integer(config.version)),
      ("provenance", .object(provenance)),
      ("payPolicy", .object([
        ("baseShare", .number(pay.baseShare)), ("performanceShare", .number(pay.performanceShare)),
        ("warningThreshold", .number(pay.warningThreshold)), ("warningPeriods", .integer(pay.warningPeriods)),
        ("missingValues", .string(pay.missingValues.rawValue)),
        ("gate", pay.gate.map(JSONValue.number) ?? .null), ("cap", pay.cap.map(JSONValue.number) ?? .null), ("curve", curve(pay.curve)),
      ])),
      ("indicators", .array(indicators)),
    ])
  }

  static func curve(_ curve: PayCurve) -> JSONValue {
    switch curve {
    case .linear: return .string("linear")
    case .steps(let steps): return .array(steps.map { .object([("score", .number($0.score)), ("pay", .number($0.pay))]) })
    }
  }

  static func scoring(_ rule: ScoringRule) -> JSONValue {
    switch rule {
    case .minMax: return .object([("kind", .string("minmax"))])
    case .linear(let full, let step, let points):
      return .object([("kind", .string("linear")), ("full", .number(full)), ("step", .number(step)), ("points", .number(points))])
    case .targets(let limits, let beyond, let interpolate):
      return .object([
        ("kind", .string("targets")),
        ("limits", .array(limits.map { .object([("limit", .number($0.limit)), ("points", .number($0.points))]) })),
        ("beyond", .number(beyond)), ("interpolate", .bool(interpolate)),
      ])
    case .steps(let edges):
      return .object([
        ("kind", .string("steps")), ("edges", .array(edges.map { .object([("from", .number($0.from)), ("points", .number($0.points))]) })),
      ])
    }
  }

  public static func render(_ config: WeightConfig, format: Format) -> String {
    let value = jsonValue(config)
    switch format {
    case .json: return value.serialized()
    case .yaml:
      return "# kpi-weights weight configuration. Check it with: kpi-weights validate FILE\n" + yaml(value, indent: 0)
    }
  }

  /// Block-style YAML; strings are always double-quoted (JSON escapes are valid YAML), numbers in
  /// shortest round-trip form, so reading back gives the same values.
  static func yaml(_ value: JSONValue, indent: Int) -> String {
    let pad = String(repeating: "  ", count: indent)
    switch value {
    case .object(let pairs):
      var out = ""
      for (key, item) in pairs {
        switch item {
        case .object(let inner) where !inner.isEmpty:
          out += "\(pad)\(key):\n" + yaml(item, indent: indent + 1)
        case .array(let items) where !items.isEmpty:
          out += "\(pad)\(key):\n" + yaml(item, indent: indent + 1)
        default:
          out += "\(pad)\(key): \(scalar(item))\n"
        }
      }
      return out
    case .array(let items):
      var out = ""
      for item in items {
        if case .object(let pairs) = item, !pairs.isEmpty {
          let body = yaml(item, indent: indent + 1)
          // "- " takes the place of the first line's indentation.
          let firstIndent = String(repeating: "  ", count: indent + 1)
          out += pad + "- " + body.dropFirst(firstIndent.count)
        } else {
          out += "\(pad)- \(scalar(item))\n"
        }
      }
      return out
    default:
      return pad + scalar(value) + "\n"
    }
  }

  static func scalar(_ value: JSONValue) -> String {
    switch value {
    case .null: return "~"
    case .bool(let b): return b ? "true" : "false"
    case .integer(let i): return String(i)
    case .number(let d): return "\(d)"
    case .string(let s): return JSONValue.quote(s)
    case .array(let items): return items.isEmpty ? "[]" : JSONValue.array(items).serialized(indent: 1)
    case .object(let pairs): return pairs.isEmpty ? "{}" : JSONValue.object(pairs).serialized(indent: 1)
    }
  }
}
