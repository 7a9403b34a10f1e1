import Glibc

/// Reports' one funnel for C library calls (writing outputs): `lstat`, `open`, `write`, `fsync`,
/// `fchmod`, `link`, `rename`, `unlink`, `kill(pid, 0)`, `opendir`. Failures come back as the
/// `errno` they set, described for people by ``describe(_:)``.
enum POSIX {
  /// What is at a path, from `lstat(2)` (a symlink is reported as itself, not its target).
  enum Kind: Equatable { case regular, directory, symlink, other }

  /// Kind and permission bits of what is at `path`, or `nil` when nothing is.
  static func status(_ path: String) -> (kind: Kind, mode: mode_t)? {
    var info = stat()
    guard lstat(path, &info) == 0 else { return nil }
    let kind: Kind
    switch info.st_mode & S_IFMT {
    case S_IFREG: kind = .regular
    case S_IFDIR: kind = .directory
    case S_IFLNK: kind = .symlink
    default: kind = .other
    }
    return (kind, info.st_mode & 0o7777)
  }

  /// Creates `path` (which must not exist) with `mode`, writes `bytes`, flushes them to disk and
  /// closes it; the `errno` of the first failure, or `nil`. The file is removed on failure.
  /// `slowly` (a test hook) pauses after each 4 KiB.
  /// With `exactMode` (a file replacing another) the mode is set as given, past the umask.
  static func createFile(_ path: String, bytes: [UInt8], mode: mode_t, exactMode: Bool, slowly: Bool = false) -> Int32? {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
    guard descriptor >= 0 else { return errno }
    var failure: Int32? = nil
    bytes.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        let chunk = slowly ? min(4096, raw.count - offset) : raw.count - offset
        let written = write(descriptor, raw.baseAddress! + offset, chunk)
        if written < 0 {
          if errno == EINTR { continue }
          failure = errno
          return
        }
        offset += written
        if slowly { usleep(20_000) }
      }
    }
    // The umask narrowed `mode` at creation; a replaced file keeps its exact bits.
    if failure == nil && exactMode && fchmod(descriptor, mode) != 0 { failure = errno }
    if failure == nil && fsync(descriptor) != 0 { failure = errno }
    if close(descriptor) != 0 && failure == nil { failure = errno }
    if failure != nil { unlink(path) }
    return failure
  }

  /// `link(2)`: publishes `from` at `to` only if nothing is there (`EEXIST` otherwise), the
  /// no-replace step `rename(2)` lacks.
  static func link(_ from: String, _ to: String) -> Int32? { Glibc.link(from, to) == 0 ? nil : errno }

  /// `rename(2)`: replaces `to` atomically.
  static func rename(_ from: String, _ to: String) -> Int32? { Glibc.rename(from, to) == 0 ? nil : errno }

  static func unlink(_ path: String) { _ = Glibc.unlink(path) }

  /// Whether a process `pid` exists (`kill(pid, 0)` not failing with `ESRCH`).
  static func processExists(_ pid: Int32) -> Bool { kill(pid, 0) == 0 || errno != ESRCH }

  /// The names in `directory` (empty when it cannot be read).
  static func names(in directory: String) -> [String] {
    guard let stream = opendir(directory) else { return [] }
    defer { closedir(stream) }
    var names: [String] = []
    while let entry = readdir(stream) {
      let name = withUnsafePointer(to: entry.pointee.d_name) { $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) } }
      names.append(name)
    }
    return names
  }

  static var processID: Int32 { getpid() }

  /// `errno` as people read it in a "cannot write" message.
  static func describe(_ code: Int32) -> String {
    switch code {
    case ENOSPC: return "no space left on the device"
    case EDQUOT: return "the disk quota is exceeded"
    case EACCES, EPERM: return "permission denied"
    case ENOENT, ENOTDIR: return "the directory does not exist"
    case EROFS: return "the file system is read-only"
    case EISDIR: return "it is a directory"
    default: return String(cString: strerror(code))
    }
  }
}
