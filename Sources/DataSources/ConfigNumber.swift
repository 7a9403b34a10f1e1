/// Numbers in configuration files (weight configs, presets, catalogs, AHP matrices).
///
/// Swift's `Double(String)` also reads hexadecimal floats (`0x1p3`), `nan`, `inf` and `infinity`;
/// a configuration that means 8 should say 8. Only plain decimals are numbers here:
/// `[+-]?(digits[.digits]|.digits)([eE][+-]?digits)?`, finite after conversion.
public enum ConfigNumber {
  public static func decimal(_ text: String) -> Double? {
    let utf8 = text.utf8
    var index = utf8.startIndex
    func digits() -> Int {
      var count = 0
      while index != utf8.endIndex, (0x30...0x39).contains(utf8[index]) {
        count += 1
        index = utf8.index(after: index)
      }
      return count
    }
    if index != utf8.endIndex, utf8[index] == 0x2B || utf8[index] == 0x2D { index = utf8.index(after: index) }
    var mantissa = digits()
    if index != utf8.endIndex, utf8[index] == 0x2E {
      index = utf8.index(after: index)
      mantissa += digits()
    }
    guard mantissa > 0 else { return nil }
    if index != utf8.endIndex, utf8[index] == 0x65 || utf8[index] == 0x45 {
      index = utf8.index(after: index)
      if index != utf8.endIndex, utf8[index] == 0x2B || utf8[index] == 0x2D { index = utf8.index(after: index) }
      guard digits() > 0 else { return nil }
    }
    guard index == utf8.endIndex, let value = Double(text), value.isFinite else { return nil }
    return value
  }
}
