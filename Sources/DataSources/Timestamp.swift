/// Dates and times as exports write them, read per column.
///
/// A value is seconds since 1970-01-01 00:00 in the export's own clock (no time zone is
/// applied unless the text carries one, ISO 8601 `Z` or `±hh:mm`): durations between two
/// columns of one export are then exact. Formats:
///
/// | format | examples |
/// |---|---|
/// | `iso` | `2025-01-01`, `2025-01-01 08:05`, `2025-01-01T08:05:00`, `2025-01-01T08:05:00.250+08:00` |
/// | `ymd` | `2025/01/01`, `2025/1/1 8:05`, `2025/01/01 08:05:30` |
/// | `chinese` | `2025年1月1日`, `2025年1月1日 8:05`, `2025年01月01日 08:05:30` |
/// | `dmy`, `mdy` | `01/02/2025 08:05` — day or month first: ambiguous, so only when stated |
public enum TimestampFormat: String, Sendable, CaseIterable {
  case iso, ymd, chinese, dmy, mdy

  /// The formats a column may be recognised in without being told.
  public static let unambiguous: [TimestampFormat] = [.iso, .ymd, .chinese]
}

public enum Timestamp {
  /// Seconds since 1970-01-01 of a text in `format`, or `nil` when it is not one.
  public static func parse(_ text: String, format: TimestampFormat) -> Double? {
    var text = text
    return text.withUTF8 { parse(bytes: $0, format: format) }
  }

  /// ``parse(_:format:)`` on UTF-8 bytes (no string is made).
  public static func parse(bytes: UnsafeBufferPointer<UInt8>, format: TimestampFormat) -> Double? {
    var scanner = Scanner(bytes)
    scanner.skipSpaces()
    var year = 0, month = 0, day = 0
    switch format {
    case .iso, .ymd:
      let separator: UInt8 = format == .iso ? 0x2D : 0x2F  // '-' or '/'
      guard let y = scanner.digits(4...4), scanner.take(separator), let m = scanner.digits(1...2), scanner.take(separator), let d = scanner.digits(1...2)
      else { return nil }
      (year, month, day) = (y, m, d)
    case .chinese:
      guard let y = scanner.digits(4...4), scanner.take(Array("年".utf8)), let m = scanner.digits(1...2), scanner.take(Array("月".utf8)),
        let d = scanner.digits(1...2), scanner.take(Array("日".utf8)) || scanner.take(Array("号".utf8))
      else { return nil }
      (year, month, day) = (y, m, d)
    case .dmy, .mdy:
      guard let a = scanner.digits(1...2), scanner.take(0x2F), let b = scanner.digits(1...2), scanner.take(0x2F), let y = scanner.digits(4...4) else { return nil }
      (year, month, day) = format == .dmy ? (y, b, a) : (y, a, b)
    }
    guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
    var seconds = Double(daysFromCivil(year: year, month: month, day: day)) * 86_400
    if scanner.atEnd { return seconds }
    // Time: " " (or "T" in ISO 8601), H:MM[:SS[.fff]], then an optional zone.
    guard scanner.take(0x20) || (format == .iso && scanner.take(0x54)) else { return nil }
    scanner.skipSpaces()
    guard let hour = scanner.digits(1...2), scanner.take(0x3A), let minute = scanner.digits(2...2), hour < 24, minute < 60 else { return nil }
    seconds += Double(hour * 3600 + minute * 60)
    if scanner.take(0x3A) {
      guard let second = scanner.digits(2...2), second < 61 else { return nil }
      seconds += Double(second)
      if scanner.take(0x2E) {
        guard let (fraction, count) = scanner.fraction() else { return nil }
        seconds += fraction / pow10(count)
      }
    }
    if format == .iso {
      if scanner.take(0x5A) {  // Z
      } else if let sign = scanner.peek(), sign == 0x2B || sign == 0x2D {
        scanner.advance()
        guard let h = scanner.digits(2...2) else { return nil }
        _ = scanner.take(0x3A)
        let m = scanner.digits(2...2) ?? 0
        let offset = Double(h * 3600 + m * 60)
        seconds += sign == 0x2B ? -offset : offset
      }
    }
    scanner.skipSpaces()
    return scanner.atEnd ? seconds : nil
  }

  /// The first unambiguous format that reads `text`.
  public static func detect(_ text: String) -> TimestampFormat? {
    TimestampFormat.unambiguous.first { parse(text, format: $0) != nil }
  }

  /// Whether `text` looks like a day-or-month-first date (`01/02/2025`).
  public static func looksAmbiguous(_ text: String) -> Bool {
    parse(text, format: .dmy) != nil || parse(text, format: .mdy) != nil
  }

  /// `YYYY-MM` of a timestamp (the period of a month).
  public static func civil(_ seconds: Double) -> (year: Int, month: Int, day: Int, weekday: Int) {
    let days = Int((seconds / 86_400).rounded(.down))
    let (y, m, d) = civilFromDays(days)
    // 1970-01-01 was a Thursday; ISO weekday 1 = Monday.
    let weekday = ((days % 7) + 7 + 3) % 7 + 1
    return (y, m, d, weekday)
  }

  /// Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's `days_from_civil`).
  public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  /// The date of a day count since 1970-01-01 (Hinnant's `civil_from_days`).
  public static func civilFromDays(_ z: Int) -> (year: Int, month: Int, day: Int) {
    let z = z + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  static func pow10(_ n: Int) -> Double {
    var value = 1.0
    for _ in 0..<n { value *= 10 }
    return value
  }

  /// A cursor over UTF-8 bytes.
  struct Scanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var i = 0
    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }
    var atEnd: Bool { i >= bytes.count }
    func peek() -> UInt8? { i < bytes.count ? bytes[i] : nil }
    mutating func advance() { i += 1 }
    mutating func skipSpaces() { while i < bytes.count && (bytes[i] == 0x20 || bytes[i] == 0x09) { i += 1 } }
    mutating func take(_ byte: UInt8) -> Bool {
      guard i < bytes.count, bytes[i] == byte else { return false }
      i += 1
      return true
    }
    mutating func take(_ sequence: [UInt8]) -> Bool {
      guard i + sequence.count <= bytes.count else { return false }
      for k in 0..<sequence.count where bytes[i + k] != sequence[k] { return false }
      i += sequence.count
      return true
    }
    /// A run of digits whose length is in `lengths`.
    mutating func digits(_ lengths: ClosedRange<Int>) -> Int? {
      var value = 0, count = 0
      while i < bytes.count, (0x30...0x39).contains(bytes[i]), count < lengths.upperBound {
        value = value * 10 + Int(bytes[i] - 0x30)
        i += 1
        count += 1
      }
      if i < bytes.count, (0x30...0x39).contains(bytes[i]) { return nil }  // too many digits
      return lengths.contains(count) ? value : nil
    }
    /// Fraction digits (up to 9).
    mutating func fraction() -> (Double, Int)? {
      var value = 0.0, count = 0
      while i < bytes.count, (0x30...0x39).contains(bytes[i]) {
        if count < 9 {
          value = value * 10 + Double(bytes[i] - 0x30)
          count += 1
        }
        i += 1
      }
      return count > 0 ? (value, count) : nil
    }
  }
}
