/// What a spreadsheet cell holds, as far as numbers go.
enum CellValue: Equatable {
  case number(Double)
  case missing
  case nonFinite
  case ambiguous
  case text
}

/// Parses numeric cells the way analysts' exports write them.
///
/// Accepted: `-12`, `3.5`, `.5`, `1e-3`, `+7`, thousands separators in the en/zh convention
/// (`1,234,567.8`: groups of exactly three digits after the first), and a trailing `%` (the
/// value stays in percentage points: `85%` → 85, so `_pct` columns keep one unit whether or
/// not the sign was exported). Missing: an empty cell, `NA`, `N/A`, `#N/A`, `NULL`, `null`,
/// `None`, `-`. Non-finite literals (`NaN`, `inf`, `Infinity`) and overflow are reported, not
/// accepted. `1,5` or `12,34` is ambiguous (decimal comma?) and reported.
///
/// Decimal conversion is exact: mantissas of up to 19 digits with a power of ten within ±22
/// use Clinger's fast path (one correctly rounded multiplication or division); anything else
/// goes through the standard library's correctly rounded `Double(String)`.
enum NumberParsing {
  static let powersOfTen: [Double] = (0...22).map { power in
    var value = 1.0
    for _ in 0..<power { value *= 10 }
    return value
  }

  @inline(__always)
  static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

  /// Parses `buffer[start..<end]` (a field without its quotes; `""` escapes are not numbers anyway).
  static func parse(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> CellValue {
    var i = start, j = end
    while i < j && isSpace(buffer[i]) { i += 1 }
    while j > i && isSpace(buffer[j - 1]) { j -= 1 }
    if i == j { return .missing }
    if buffer[j - 1] == 0x25 {  // %
      j -= 1
      while j > i && isSpace(buffer[j - 1]) { j -= 1 }
      if i == j { return .text }
    }
    var negative = false
    var p = i
    if buffer[p] == 0x2D || buffer[p] == 0x2B {  // - +
      negative = buffer[p] == 0x2D
      p += 1
      if p == j { return i + 1 == j && !negative ? .text : (j - i == 1 ? .missing : .text) }
    }
    var mantissa: UInt64 = 0
    var digits = 0  // significant digits consumed into the mantissa
    var dropped = 0  // integer digits beyond 19 (scale by 10 each)
    var exponent = 0
    var sawDigit = false
    var sawComma = false
    var groupLength = 0  // digits since the last comma
    var firstGroupLength = -1
    // Integer part.
    while p < j {
      let c = buffer[p]
      if c >= 0x30 && c <= 0x39 {
        sawDigit = true
        groupLength += 1
        if digits < 19 {
          if mantissa != 0 || c != 0x30 { mantissa = mantissa &* 10 &+ UInt64(c - 0x30); digits += mantissa == 0 ? 0 : 1 }
        } else {
          dropped += 1
        }
        p += 1
      } else if c == 0x2C {  // ,
        if !sawDigit { return .text }
        if sawComma {
          if groupLength != 3 { return .ambiguous }
        } else {
          firstGroupLength = groupLength
          if firstGroupLength > 3 { return .ambiguous }
        }
        sawComma = true
        groupLength = 0
        p += 1
      } else {
        break
      }
    }
    if sawComma && groupLength != 3 { return .ambiguous }
    var fractionDigits = 0
    if p < j && buffer[p] == 0x2E {  // .
      p += 1
      while p < j, buffer[p] >= 0x30 && buffer[p] <= 0x39 {
        sawDigit = true
        let d = buffer[p] - 0x30
        if digits < 19 {
          if mantissa != 0 || d != 0 { mantissa = mantissa &* 10 &+ UInt64(d); digits += 1 }
          fractionDigits += 1
        }
        p += 1
      }
    }
    if !sawDigit { return classifyWord(buffer, i, j) }
    if p < j && (buffer[p] == 0x65 || buffer[p] == 0x45) {  // e E
      p += 1
      var exponentNegative = false
      if p < j && (buffer[p] == 0x2D || buffer[p] == 0x2B) { exponentNegative = buffer[p] == 0x2D; p += 1 }
      var value = 0
      var any = false
      while p < j, buffer[p] >= 0x30 && buffer[p] <= 0x39 {
        any = true
        if value < 100_000 { value = value * 10 + Int(buffer[p] - 0x30) }
        p += 1
      }
      if !any { return .text }
      exponent = exponentNegative ? -value : value
    }
    if p != j { return .text }
    let power = exponent + dropped - fractionDigits
    if mantissa == 0 { return .number(negative ? -0.0 : 0) }
    if mantissa < (1 << 53) && abs(power) <= 22 {
      var value = Double(mantissa)
      value = power >= 0 ? value * powersOfTen[power] : value / powersOfTen[-power]
      return .number(negative ? -value : value)
    }
    // Slow path: rebuild the plain literal without separators and let the standard library round.
    var literal = ""
    literal.reserveCapacity(j - i)
    for k in i..<j where buffer[k] != 0x2C { literal.unicodeScalars.append(Unicode.Scalar(buffer[k])) }
    guard let value = Double(literal) else { return .text }
    return value.isFinite ? .number(value) : .nonFinite
  }

  /// Whether a cell's text marks a missing value (`NA`, `N/A`, `#N/A`, `NULL`, `None`, `-`).
  static func isMissingMarker(_ text: String) -> Bool { ["na", "n/a", "#n/a", "null", "none", "-"].contains(text.lowercased()) }

  static func classifyWord(_ buffer: UnsafeBufferPointer<UInt8>, _ i: Int, _ j: Int) -> CellValue {
    guard j - i <= 9 else { return .text }
    // Only words starting with one of "nNiI#-+" can be markers; ids like "T017" leave at once.
    switch buffer[i] {
    case 0x6E, 0x4E, 0x69, 0x49, 0x23, 0x2D, 0x2B: break
    default: return .text
    }
    var word = ""
    for k in i..<j { word.unicodeScalars.append(Unicode.Scalar(buffer[k])) }
    switch word.lowercased() {
    case "na", "n/a", "#n/a", "null", "none", "-": return .missing
    case "nan", "-nan", "+nan", "inf", "-inf", "+inf", "infinity", "-infinity", "+infinity": return .nonFinite
    default: return .text
    }
  }
}
