import Glibc

/// DataSources' one funnel for C library calls — reading files (`open`, `fstat`, `read`), iconv,
/// `memchr` — in the manner of swift-system's `Syscalls.swift`: arguments checked, `errno`
/// turned into typed ``DataError`` values with the file named, nothing else in the module calls C.
enum POSIX {
  /// The bytes of a file, read straight into one array (no intermediate `Data`).
  /// - Throws: ``DataError/unreadable(file:reason:)``.
  static func readFile(_ path: String) throws -> [UInt8] {
    let handle = try ReadHandle(path: path)
    var bytes: [UInt8] = []
    var capacity = handle.size + 1  // +1 sees end of file without another allocation
    bytes.reserveCapacity(capacity)
    while true {
      let wanted = capacity - bytes.count
      if try handle.read(appendingTo: &bytes, maximum: wanted) < wanted { return bytes }
      capacity *= 2  // the file grew, or it is a pipe: read on
    }
  }

  /// A file open for reading in pieces (closed when the handle goes).
  final class ReadHandle {
    let path: String
    let descriptor: Int32
    /// The size `fstat` gave when the file was opened (0 for a pipe).
    let size: Int

    /// - Throws: ``DataError/unreadable(file:reason:)``.
    init(path: String) throws {
      let descriptor = open(path, O_RDONLY | O_CLOEXEC)
      guard descriptor >= 0 else {
        let reason: String
        switch errno {
        case ENOENT, ENOTDIR: reason = "no such file"
        case EACCES, EPERM: reason = "permission denied"
        default: reason = String(cString: strerror(errno))
        }
        throw DataError.unreadable(file: path, reason: reason)
      }
      var status = stat()
      guard fstat(descriptor, &status) == 0 else {
        close(descriptor)
        throw DataError.unreadable(file: path, reason: String(cString: strerror(errno)))
      }
      if (status.st_mode & S_IFMT) == S_IFDIR {
        close(descriptor)
        throw DataError.unreadable(file: path, reason: "it is a directory")
      }
      self.path = path
      self.descriptor = descriptor
      self.size = max(Int(status.st_size), 0)
    }

    deinit { close(descriptor) }

    /// Appends up to `maximum` bytes to `bytes` (fewer only at the end of the file); returns how
    /// many. `read` is repeated on a short count and on `EINTR`.
    func read(appendingTo bytes: inout [UInt8], maximum: Int) throws -> Int {
      let start = bytes.count
      var failure: Int32 = 0
      var count = 0
      bytes.append(contentsOf: repeatElement(0, count: maximum))
      bytes.withUnsafeMutableBufferPointer { buffer in
        while count < maximum {
          let got = Glibc.read(descriptor, buffer.baseAddress! + start + count, maximum - count)
          if got < 0 {
            if errno == EINTR { continue }
            failure = errno
            return
          }
          if got == 0 { return }
          count += got
        }
      }
      bytes.removeLast(maximum - count)
      if failure != 0 { throw DataError.unreadable(file: path, reason: String(cString: strerror(failure))) }
      return count
    }

    /// Up to `maximum` bytes; empty at the end of the file.
    func read(maximum: Int) throws -> [UInt8] {
      var bytes: [UInt8] = []
      _ = try read(appendingTo: &bytes, maximum: maximum)
      return bytes
    }
  }

  /// The size in bytes of a regular file, `nil` when it cannot be read or is not a file.
  static func fileSize(_ path: String) -> Int? {
    var status = stat()
    guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
    return Int(status.st_size)
  }

  /// Whether `byte` occurs in `buffer[start...]`.
  static func contains(_ byte: UInt8, in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
    guard let base = buffer.baseAddress, start >= 0, start < buffer.count else { return false }
    return memchr(base + start, Int32(byte), buffer.count - start) != nil
  }

  /// GB18030 bytes converted to UTF-8 by glibc iconv.
  /// - Throws: ``DataError/undecodable(file:reason:)`` naming the first byte that is not GB18030.
  static func convertGB18030ToUTF8(_ input: [UInt8], file: String) throws -> [UInt8] {
    let descriptor = iconv_open("UTF-8", "GB18030")
    if descriptor == iconv_t(bitPattern: -1) {
      throw DataError.undecodable(file: file, reason: "the system has no GB18030 converter")
    }
    defer { iconv_close(descriptor) }
    var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
    var source = input
    let converted: Int = source.withUnsafeMutableBufferPointer { src in
      output.withUnsafeMutableBufferPointer { dst in
        var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(src.baseAddress!).assumingMemoryBound(to: CChar.self)
        var inLeft = src.count
        var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(dst.baseAddress!).assumingMemoryBound(to: CChar.self)
        var outLeft = dst.count
        let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
        if result == -1 || inLeft != 0 { return -(src.count - inLeft) - 1 }
        return dst.count - outLeft
      }
    }
    if converted < 0 {
      throw DataError.undecodable(file: file, reason: "invalid byte sequence at byte offset \(-converted - 1)")
    }
    output.removeSubrange(converted...)
    return output
  }
}
