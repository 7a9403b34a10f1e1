import Foundation

/// Number formatting for people (machine formats use shortest round-trip instead).
enum Format4 {
  static func general(_ value: Double) -> String {
    guard value.isFinite else { return value.isNaN ? "—" : (value > 0 ? "inf" : "-inf") }
    let magnitude = abs(value)
    if magnitude != 0 && (magnitude < 1e-3 || magnitude >= 1e7) { return compactExponent(String(format: "%.4e", value)) }
    return String(format: "%.6g", value)
  }

  /// A column in one style: `%.6g` when every finite nonzero value is within [1e-4, 1e7),
  /// otherwise every value in `%.4e` (a column never mixes `9.6620e-4` with `0.00583147`).
  static func column(_ values: [Double]) -> [String] {
    let plain = values.allSatisfy { v in !v.isFinite || v == 0 || (abs(v) >= 1e-4 && abs(v) < 1e7) }
    return values.map { v in
      guard v.isFinite else { return general(v) }
      return plain ? String(format: "%.6g", v) : compactExponent(String(format: "%.4e", v))
    }
  }

  static func fixed(_ value: Double, digits: Int = 4) -> String {
    guard value.isFinite else { return value.isNaN ? "—" : (value > 0 ? "inf" : "-inf") }
    if abs(value) >= 1e7 { return general(value) }
    return String(format: "%.\(digits)f", value)
  }

  static func pValue(_ p: Double) -> String {
    guard p.isFinite else { return "—" }
    // One style in a column: fixed to four decimals, and below that a bound.
    if p < 1e-4 { return "<0.0001" }
    return String(format: "%.4f", p)
  }

  static func compactExponent(_ text: String) -> String {
    text.replacingOccurrences(of: "e-0", with: "e-").replacingOccurrences(of: "e+0", with: "e+")
  }
}

/// A share such as a blend for people: at most four significant digits (`0.3`, not
/// `0.30000000000000004`).
func shortNumber(_ value: Double) -> String { String(format: "%.4g", value) }

/// `String(format: "%.2f", value)` without Foundation's formatter (the CSV of a million scores):
/// the value is rounded half away from zero to hundredths and printed with two decimals.
/// Falls back to `String(format:)` beyond ±1e15 and for values that are not finite.
func twoDecimals(_ value: Double) -> String {
  guard value.isFinite, abs(value) < 1e15 else { return String(format: "%.2f", value) }
  let scaled = (value * 100).rounded()
  // Half-way cases of the binary value itself decide like printf: defer to it when close.
  if 0.5 - abs(value * 100 - scaled) < 1e-6 { return String(format: "%.2f", value) }
  let hundredths = Int64(scaled)
  let magnitude = hundredths.magnitude
  let fraction = magnitude % 100
  return "\(hundredths < 0 ? "-" : "")\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}
