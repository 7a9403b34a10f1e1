/// A small streaming scanner over XML bytes, enough for the parts of an `.xlsx` workbook
/// (SpreadsheetML): start and end tags with attributes, text, the five entities and character
/// references. No DTDs, no namespaces resolved (prefixes are kept in names).
struct XMLScanner {
  enum Event {
    /// `<name a="v" …>` (or self-closing `<name …/>`, then `selfClosing`).
    case start(name: ArraySlice<UInt8>, attributes: ArraySlice<UInt8>, selfClosing: Bool)
    case end(name: ArraySlice<UInt8>)
    case text(ArraySlice<UInt8>)
  }

  let bytes: [UInt8]
  var i = 0
  /// Whether `bytes` run to the end of the document. When not (a piece of a streamed part),
  /// ``next()`` stops before a tag, comment or declaration that the piece cuts short, with
  /// ``i`` at its `<`: the caller carries `bytes[i...]` into the next piece. Text may be cut
  /// anywhere (its pieces arrive as separate events).
  let final: Bool

  init(_ bytes: [UInt8], final: Bool = true) {
    self.bytes = bytes
    self.final = final
  }

  /// The next event, or `nil` at the end (of the piece, when not ``final``).
  mutating func next() -> Event? {
    let n = bytes.count
    while i < n {
      if bytes[i] != 0x3C {  // text up to the next '<'
        let start = i
        while i < n && bytes[i] != 0x3C { i += 1 }
        return .text(bytes[start..<i])
      }
      // '<'
      if !final && i + 1 >= n { return nil }
      if i + 1 < n && (bytes[i + 1] == 0x3F || bytes[i + 1] == 0x21) {  // <? … ?> or <!-- … --> / <!…>
        let open = i
        if !final && i + 3 >= n { return nil }
        if i + 3 < n && bytes[i + 2] == 0x2D && bytes[i + 3] == 0x2D {
          i += 4
          while i + 2 < n && !(bytes[i] == 0x2D && bytes[i + 1] == 0x2D && bytes[i + 2] == 0x3E) { i += 1 }
          if !final && i + 2 >= n { i = open; return nil }
          i += 3
        } else {
          while i < n && bytes[i] != 0x3E { i += 1 }
          if !final && i >= n { i = open; return nil }
          i += 1
        }
        continue
      }
      if i + 1 < n && bytes[i + 1] == 0x2F {  // </name>
        let start = i + 2
        var j = start
        while j < n && bytes[j] != 0x3E && !Self.isSpace(bytes[j]) { j += 1 }
        let name = bytes[start..<j]
        while j < n && bytes[j] != 0x3E { j += 1 }
        if !final && j >= n { return nil }
        i = j + 1
        return .end(name: name)
      }
      let start = i + 1
      var j = start
      while j < n && bytes[j] != 0x3E && bytes[j] != 0x2F && !Self.isSpace(bytes[j]) { j += 1 }
      let name = bytes[start..<j]
      let attributesStart = j
      var quote: UInt8 = 0
      while j < n {
        let c = bytes[j]
        if quote != 0 {
          if c == quote { quote = 0 }
        } else if c == 0x22 || c == 0x27 {
          quote = c
        } else if c == 0x3E {
          break
        }
        j += 1
      }
      if !final && j >= n { return nil }
      let selfClosing = j > attributesStart && bytes[j - 1] == 0x2F
      let attributes = bytes[attributesStart..<(selfClosing ? j - 1 : j)]
      i = j + 1
      return .start(name: name, attributes: attributes, selfClosing: selfClosing)
    }
    return nil
  }

  /// Whether a tag name is `expected` (ASCII): length and bytes compared directly.
  @inline(__always)
  static func named(_ name: ArraySlice<UInt8>, _ expected: StaticString) -> Bool {
    guard name.count == expected.utf8CodeUnitCount else { return false }
    let pointer = expected.utf8Start
    var k = 0
    for byte in name {
      if byte != pointer[k] { return false }
      k += 1
    }
    return true
  }

  static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }

  /// Calls `body` with each attribute's name and raw (undecoded) value, in order.
  @inline(__always)
  static func forEachAttribute(in attributes: ArraySlice<UInt8>, _ body: (ArraySlice<UInt8>, ArraySlice<UInt8>) -> Void) {
    var j = attributes.startIndex
    let end = attributes.endIndex
    while j < end {
      while j < end && isSpace(attributes[j]) { j += 1 }
      let nameStart = j
      while j < end && attributes[j] != 0x3D && !isSpace(attributes[j]) { j += 1 }
      let found = attributes[nameStart..<j]
      while j < end && attributes[j] != 0x22 && attributes[j] != 0x27 { j += 1 }
      guard j < end else { return }
      let quote = attributes[j]
      j += 1
      let valueStart = j
      while j < end && attributes[j] != quote { j += 1 }
      body(found, attributes[valueStart..<min(j, end)])
      j += 1
    }
  }

  /// The value of attribute `name` (entities decoded), if present.
  static func attribute(_ name: String, in attributes: ArraySlice<UInt8>) -> String? {
    let key = Array(name.utf8)
    var result: String? = nil
    forEachAttribute(in: attributes) { found, value in
      if result == nil && found.elementsEqual(key) { result = decode(value) }
    }
    return result
  }

  /// Text with `&amp; &lt; &gt; &quot; &apos;` and `&#NN;`/`&#xHH;` decoded.
  static func decode(_ slice: ArraySlice<UInt8>) -> String { String(decoding: decodedBytes(slice), as: UTF8.self) }

  /// ``decode(_:)`` as UTF-8 bytes.
  static func decodedBytes(_ slice: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
    guard slice.contains(0x26) else { return slice }
    var out: [UInt8] = []
    out.reserveCapacity(slice.count)
    var j = slice.startIndex
    while j < slice.endIndex {
      let c = slice[j]
      guard c == 0x26, let semicolon = slice[j...].firstIndex(of: 0x3B), semicolon - j <= 10 else {
        out.append(c)
        j += 1
        continue
      }
      let entity = String(decoding: slice[(j + 1)..<semicolon], as: UTF8.self)
      var scalar: Unicode.Scalar? = nil
      switch entity {
      case "amp": scalar = "&"
      case "lt": scalar = "<"
      case "gt": scalar = ">"
      case "quot": scalar = "\""
      case "apos": scalar = "'"
      default:
        if entity.hasPrefix("#x") || entity.hasPrefix("#X") { scalar = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init) }
        else if entity.hasPrefix("#") { scalar = UInt32(entity.dropFirst()).flatMap(Unicode.Scalar.init) }
      }
      if let scalar {
        out.append(contentsOf: String(Character(scalar)).utf8)
        j = semicolon + 1
      } else {
        out.append(c)
        j += 1
      }
    }
    return out[...]
  }
}
