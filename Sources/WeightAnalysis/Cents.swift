import Foundation

/// Money in integer cents (分): no binary floating point touches an amount.
public struct Cents: Sendable, Equatable, Comparable, CustomStringConvertible {
  public let value: Int64
  public init(_ value: Int64) { self.value = value }

  public static func < (a: Cents, b: Cents) -> Bool { a.value < b.value }

  /// The largest salary read: one trillion (10¹² yuan, 10¹⁴ cents). Base plus performance pay of
  /// such a salary fits Int64 many times over; sums of many of them are checked (``sum(_:)``).
  public static let maximum = Cents(100_000_000_000_000)

  /// `a + b`, or `nil` when the sum does not fit in Int64 cents.
  public static func adding(_ a: Cents, _ b: Cents) -> Cents? {
    let (sum, overflow) = a.value.addingReportingOverflow(b.value)
    return overflow ? nil : Cents(sum)
  }

  /// The exact sum, or `nil` when it does not fit in Int64 cents (about 9.2 × 10¹⁶ yuan).
  public static func sum(_ amounts: some Sequence<Cents>) -> Cents? {
    var total = Cents(0)
    for amount in amounts {
      guard let next = adding(total, amount) else { return nil }
      total = next
    }
    return total
  }

  /// Why a text is not an amount.
  public enum ParseFailure: Error, Sendable, Equatable {
    /// Not digits with optional thousands separators and at most two decimals.
    case malformed
    /// Well-formed, but above ``Cents/maximum``.
    case tooLarge
  }

  /// Parses `12345`, `12345.6`, `12,345.67`, `¥12,345.50` exactly; `nil` for anything else
  /// (negative amounts, more than two decimals, misplaced separators, above ``maximum``).
  public static func parse(_ text: String) -> Cents? { try? read(text).get() }

  /// ``parse(_:)`` with the reason for a refusal.
  public static func read(_ text: String) -> Result<Cents, ParseFailure> {
    var s = Substring(trimmedSpaces(text))
    if let first = s.utf8.first, !(0x30...0x39).contains(first) {
      for symbol in ["¥", "￥", "CNY", "RMB", "$"] where s.hasPrefix(symbol) { s = s.dropFirst(symbol.count).drop { $0 == " " } }
    }
    // One pass over the bytes: digits in comma groups (the first of 1–3 digits, the others of
    // exactly 3), then optionally '.' and one or two digits.
    var units: Int64 = 0
    var digits = 0, groupLength = 0, groups = 1, firstGroupLength = 0, overflowed = false
    var fraction: Int64 = 0, fractionDigits = 0, sawDot = false
    for byte in s.utf8 {
      if sawDot {
        guard (0x30...0x39).contains(byte), fractionDigits < 2 else { return .failure(.malformed) }
        fraction = fraction * 10 + Int64(byte - 0x30)
        fractionDigits += 1
      } else if (0x30...0x39).contains(byte) {
        let (times, o1) = units.multipliedReportingOverflow(by: 10)
        let (sum, o2) = times.addingReportingOverflow(Int64(byte - 0x30))
        if o1 || o2 { overflowed = true } else { units = sum }
        digits += 1
        groupLength += 1
      } else if byte == 0x2C {  // ','
        guard groupLength > 0 else { return .failure(.malformed) }
        if groups == 1 { firstGroupLength = groupLength } else if groupLength != 3 { return .failure(.malformed) }
        groups += 1
        groupLength = 0
      } else if byte == 0x2E {  // '.'
        sawDot = true
      } else {
        return .failure(.malformed)
      }
    }
    guard digits > 0, groupLength > 0 else { return .failure(.malformed) }
    if groups > 1 { guard firstGroupLength <= 3, groupLength == 3 else { return .failure(.malformed) } }
    if sawDot { guard fractionDigits > 0 else { return .failure(.malformed) } }
    // Well formed from here: a value past Int64 or the maximum is too large, not malformed.
    guard !overflowed, units <= maximum.value / 100 else { return .failure(.tooLarge) }
    let total = units * 100 + (fractionDigits == 1 ? fraction * 10 : fraction)
    return total <= maximum.value ? .success(Cents(total)) : .failure(.tooLarge)
  }

  /// `text` without surrounding white space: ASCII spaces and tabs on the fast path, Foundation's
  /// `.whitespaces` (also U+3000, U+00A0…) when an end is not ASCII.
  static func trimmedSpaces(_ text: String) -> String {
    let utf8 = text.utf8
    guard let first = utf8.first, let last = utf8.last else { return text }
    if first > 0x20 && first < 0x80 && last > 0x20 && last < 0x80 { return text }
    return text.trimmingCharacters(in: .whitespaces)
  }

  /// `value × numerator / denominator` rounded half up (四舍五入) to the cent, in integers.
  public func scaled(by numerator: Int64, over denominator: Int64) -> Cents {
    let product = value.multipliedFullWidth(by: numerator)
    let (quotient, remainder) = denominator.dividingFullWidth(product)
    return Cents(2 * remainder >= denominator ? quotient + 1 : quotient)
  }

  /// `12345.60` (two decimals, no separators).
  public var description: String {
    let sign = value < 0 ? "-" : ""
    let magnitude = value.magnitude
    let fraction = magnitude % 100
    return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
  }

  /// As a JSON number (exact to the cent in shortest round-trip form).
  public var amount: Double { Double(value) / 100 }
}
