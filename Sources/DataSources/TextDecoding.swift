
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
    return (try convertFromGB18030(bytes, file: file), .gb18030)
  }

  static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
    // Fast ASCII scan first; only text with high bytes needs full validation.
    let hasHighBytes = bytes.withUnsafeBufferPointer { buffer -> Bool in
      guard let base = buffer.baseAddress else { return false }
      let raw = UnsafeRawPointer(base)
      // Eight bytes at a time, four words per step (independent chains); stop at the first high bit.
      var i = 0
      while i + 32 <= buffer.count {
        let a = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        let b = raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
        let c = raw.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)
        let d = raw.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)
        if (a | b | c | d) & 0x8080_8080_8080_8080 != 0 { return true }
        i += 32
      }
      var accumulated: UInt8 = 0
      while i < buffer.count { accumulated |= buffer[i]; i += 1 }
      return accumulated & 0x80 != 0
    }
    if !hasHighBytes { return true }
    return String(validating: bytes, as: UTF8.self) != nil
  }

  static func convertFromGB18030(_ input: [UInt8], file: String) throws -> [UInt8] {
    var output = try POSIX.convertGB18030ToUTF8(input, file: file)
    if output.starts(with: [0xEF, 0xBB, 0xBF]) { output.removeFirst(3) }
    return output
  }
}
