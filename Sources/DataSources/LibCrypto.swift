import CCrypto

/// DataSources' one funnel for libcrypto (OpenSSL 3): SHA-256 through the EVP interface, which
/// uses the CPU's SHA extensions where it has them (about 10× a portable implementation).
/// Nothing else in the module calls libcrypto.
enum LibCrypto {
  /// SHA-256 of `bytes`, as 32 bytes.
  /// - Precondition: libcrypto can make a digest context (it fails only when out of memory).
  static func sha256(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
    guard let context = EVP_MD_CTX_new() else { preconditionFailure("libcrypto: EVP_MD_CTX_new failed (out of memory)") }
    defer { EVP_MD_CTX_free(context) }
    var digest = [UInt8](repeating: 0, count: 32)
    var length: UInt32 = 0
    let ok = digest.withUnsafeMutableBufferPointer { out -> Bool in
      guard EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else { return false }
      // Fed in pieces of at most 1 GiB (the length is a size_t, but stay well inside it).
      var offset = 0
      while offset < bytes.count {
        let count = min(bytes.count - offset, 1 << 30)
        guard EVP_DigestUpdate(context, bytes.baseAddress! + offset, count) == 1 else { return false }
        offset += count
      }
      return EVP_DigestFinal_ex(context, out.baseAddress, &length) == 1
    }
    guard ok, length == 32 else { preconditionFailure("libcrypto: SHA-256 failed") }
    return digest
  }

  /// SHA-256 fed in pieces (a file read in chunks).
  final class Hasher {
    let context: OpaquePointer

    init() {
      guard let context = EVP_MD_CTX_new() else { preconditionFailure("libcrypto: EVP_MD_CTX_new failed (out of memory)") }
      guard EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else { preconditionFailure("libcrypto: SHA-256 init failed") }
      self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    func update(_ bytes: UnsafeRawBufferPointer) {
      var offset = 0
      while offset < bytes.count {
        let count = min(bytes.count - offset, 1 << 30)
        guard EVP_DigestUpdate(context, bytes.baseAddress! + offset, count) == 1 else { preconditionFailure("libcrypto: SHA-256 update failed") }
        offset += count
      }
    }

    /// The 32 bytes of the digest (the hasher is spent).
    func finish() -> [UInt8] {
      var digest = [UInt8](repeating: 0, count: 32)
      var length: UInt32 = 0
      let ok = digest.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(context, $0.baseAddress, &length) == 1 }
      guard ok, length == 32 else { preconditionFailure("libcrypto: SHA-256 failed") }
      return digest
    }
  }
}
