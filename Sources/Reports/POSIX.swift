import Glibc

/// Reports' one funnel for C library calls (writing outputs).
enum POSIX {
  /// `rename(2)`: `nil` on success, else the system's description of `errno`.
  static func rename(_ from: String, to: String) -> String? {
    guard Glibc.rename(from, to) != 0 else { return nil }
    return String(cString: strerror(errno))
  }
}
