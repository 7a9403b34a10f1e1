/// SHA-256 (FIPS 180-4), for the data-file hashes in config provenance: libcrypto's, through
/// ``LibCrypto``. Checked against the FIPS test vectors and `sha256sum` in the tests.
public enum SHA256 {
  /// The lowercase hex SHA-256 of `bytes`.
  public static func hex(of bytes: [UInt8]) -> String {
    hex(digest: bytes.withUnsafeBytes { LibCrypto.sha256($0) })
  }

  static func hex(digest: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    text.reserveCapacity(64)
    for byte in digest {
      text.append(digits[Int(byte >> 4)])
      text.append(digits[Int(byte & 15)])
    }
    return String(decoding: text, as: UTF8.self)
  }

  /// SHA-256 of a file's bytes.
  public static func hex(ofFile path: String) throws -> String {
    let bytes = try CSVReader.readFile(path)
    return hex(of: bytes)
  }
}
