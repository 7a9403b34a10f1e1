import LinearAlgebra

/// How the bytes of a file were turned into UTF-8.
public enum DetectedEncoding: String, Sendable, Equatable {
  case utf8 = "UTF-8"
  case utf8WithBOM = "UTF-8 with BOM"
  /// Not valid UTF-8, decoded as GB18030 (what Chinese Excel writes as "CSV").
  case gb18030 = "GB18030"
}

enum TextDecoding {
  /// Returns UTF-8 bytes (BOM removed) and the encoding found.
  ///
  /// UTF-8 is tried first: it is self-validating, so a GB18030 file is practically never
  /// mistaken for it. A file that is not valid UTF-8 is converted from GB18030 (a superset of
  /// GBK and GB2312) with iconv; if that fails too, the error says so rather than garbling text.
  static func utf8Bytes(_ bytes: [UInt8], file: String) throws -> ([UInt8], DetectedEncoding) {
    if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
      let rest = Array(bytes[3...])
      if isValidUTF8(rest) { return (rest, .utf8WithBOM) }
    }
    if isValidUTF8(bytes) { return (bytes, .utf8) }
    if let (offset, multibyte) = bytes.withUnsafeBufferPointer({ firstInvalidUTF8($0) }), multibyte >= mixedEvidence {
      let line = bytes[..<offset].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
      throw DataError.mixedEncoding(file: file, line: line, byte: bytes[offset])
    }
    return (try convertFromGB18030(bytes, file: file), .gb18030)
  }

  /// How many well-formed multi-byte UTF-8 characters must precede the first bad byte for a file
  /// to count as UTF-8 with a foreign cell rather than as GB18030 (whose Chinese text forms a
  /// valid UTF-8 sequence by chance only rarely, and almost never three times in a row).
  static let mixedEvidence = 3

  /// The offset of the first byte that breaks UTF-8, with the number of well-formed multi-byte
  /// characters before it; `nil` when the whole buffer is UTF-8.
  static func firstInvalidUTF8(_ p: UnsafeBufferPointer<UInt8>) -> (offset: Int, multibyte: Int)? {
    var i = 0, multibyte = 0
    while i < p.count {
      let b = p[i]
      if b < 0x80 {
        i += 1
        continue
      }
      let length = b >= 0xC2 && b < 0xE0 ? 2 : (b >= 0xE0 && b < 0xF0 ? 3 : (b >= 0xF0 && b < 0xF5 ? 4 : 0))
      guard length > 0, i + length <= p.count, validUTF8(UnsafeBufferPointer(rebasing: p[i..<(i + length)])) else { return (i, multibyte) }
      multibyte += 1
      i += length
    }
    return nil
  }

  /// Whether `bytes` are well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
  /// above U+10FFFF), checked without making a string; a large file is checked in two parts on
  /// two cores, split before a byte that starts a character.
  static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBufferPointer { buffer in
      guard buffer.count >= 1 << 24 else { return validUTF8(buffer) }
      var middle = buffer.count / 2
      while middle < buffer.count && buffer[middle] & 0xC0 == 0x80 { middle += 1 }
      let parts = Parallel.Shared([UnsafeBufferPointer(rebasing: buffer[..<middle]), UnsafeBufferPointer(rebasing: buffer[middle...])])
      let valid = (try? Parallel.map(2) { validUTF8(parts.value[$0]) }) ?? [false]
      return !valid.contains(false)
    }
  }

  /// ``isValidUTF8(_:)`` for one buffer: ASCII skipped eight bytes at a time.
  static func validUTF8(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
    let n = p.count
    guard let base = p.baseAddress else { return true }
    let raw = UnsafeRawPointer(base)
    var i = 0
    while i < n {
      if i + 8 <= n && raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
        i += 8
        continue
      }
      let b = p[i]
      if b < 0x80 {
        i += 1
      } else if b < 0xC2 {
        return false  // a continuation byte, or an overlong two-byte form
      } else if b < 0xE0 {
        guard i + 1 < n, p[i + 1] & 0xC0 == 0x80 else { return false }
        i += 2
      } else if b < 0xF0 {
        guard i + 2 < n else { return false }
        let b1 = p[i + 1]
        guard b1 & 0xC0 == 0x80, p[i + 2] & 0xC0 == 0x80 else { return false }
        if b == 0xE0 && b1 < 0xA0 { return false }  // overlong
        if b == 0xED && b1 >= 0xA0 { return false }  // UTF-16 surrogates
        i += 3
      } else if b < 0xF5 {
        guard i + 3 < n else { return false }
        let b1 = p[i + 1]
        guard b1 & 0xC0 == 0x80, p[i + 2] & 0xC0 == 0x80, p[i + 3] & 0xC0 == 0x80 else { return false }
        if b == 0xF0 && b1 < 0x90 { return false }  // overlong
        if b == 0xF4 && b1 >= 0x90 { return false }  // above U+10FFFF
        i += 4
      } else {
        return false
      }
    }
    return true
  }

  static func convertFromGB18030(_ input: [UInt8], file: String) throws -> [UInt8] {
    var output = try POSIX.convertGB18030ToUTF8(input, file: file)
    if output.starts(with: [0xEF, 0xBB, 0xBF]) { output.removeFirst(3) }
    return output
  }
}
