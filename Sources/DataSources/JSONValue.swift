import Foundation

/// A JSON value with ordered object keys, so exports are byte-for-byte reproducible.
public indirect enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  case number(Double)
  case integer(Int)
  case string(String)
  case array([JSONValue])
  case object([(String, JSONValue)])

  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.serialized() == rhs.serialized() }

  /// A double as JSON: the shortest decimal that reads back to the same double (Swift's
  /// `description`), or `null` for NaN and infinities, which JSON cannot express.
  public static func double(_ value: Double?) -> JSONValue {
    guard let value, value.isFinite else { return .null }
    return .number(value)
  }

  /// Serialises with two-space indentation and a trailing newline at top level.
  public func serialized(indent: Int = 0) -> String {
    var out = ""
    write(into: &out, indent: indent)
    return indent == 0 ? out + "\n" : out
  }

  func write(into out: inout String, indent: Int) {
    let pad = String(repeating: "  ", count: indent + 1)
    let closePad = String(repeating: "  ", count: indent)
    switch self {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .integer(let i): out += String(i)
    case .number(let d):
      if d == d.rounded() && abs(d) < 1e15 {
        out += d == 0 && d.sign == .minus ? "-0.0" : String(format: "%.1f", d)
      } else {
        out += "\(d)"
      }
    case .string(let s): out += JSONValue.quote(s)
    case .array(let items):
      if items.isEmpty { out += "[]"; return }
      out += "[\n"
      for (k, item) in items.enumerated() {
        out += pad
        item.write(into: &out, indent: indent + 1)
        out += k + 1 < items.count ? ",\n" : "\n"
      }
      out += closePad + "]"
    case .object(let pairs):
      if pairs.isEmpty { out += "{}"; return }
      out += "{\n"
      for (k, pair) in pairs.enumerated() {
        out += pad + JSONValue.quote(pair.0) + ": "
        pair.1.write(into: &out, indent: indent + 1)
        out += k + 1 < pairs.count ? ",\n" : "\n"
      }
      out += closePad + "}"
    }
  }

  static func quote(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 {
          out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }
}
