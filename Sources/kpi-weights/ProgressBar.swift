import Foundation
import Synchronization

/// A progress bar on standard error: only when it is a terminal, never when piped or `--quiet`.
/// Shows done/total, the rate and the time left; redraws at most ten times a second.
final class ProgressBar: Sendable {
  private struct State {
    var lastDraw = Date.distantPast
    var finished = false
  }

  private let total: Int
  private let label: String
  private let bytes: Bool
  private let start = Date()
  private let state = Mutex(State())

  /// `nil` when no bar should be shown.
  static func make(total: Int, label: String, quiet: Bool, bytes: Bool = false) -> ProgressBar? {
    guard !quiet, Terminal.stderrIsTerminal, total > 0 else { return nil }
    return ProgressBar(total: total, label: label, bytes: bytes)
  }

  /// A bar for reading `path` when it is large enough (16 MB) for reading to take a moment.
  static func forReading(_ path: String, quiet: Bool) -> ProgressBar? {
    guard let size = Terminal.fileSize(path), size >= 16 << 20 else { return nil }
    return make(total: size, label: "reading", quiet: quiet, bytes: true)
  }

  private init(total: Int, label: String, bytes: Bool) {
    self.total = total
    self.label = label
    self.bytes = bytes
  }

  func update(_ done: Int) {
    state.withLock { state in
      let now = Date()
      guard !state.finished, done >= total || now.timeIntervalSince(state.lastDraw) >= 0.1 else { return }
      state.lastDraw = now
      let elapsed = now.timeIntervalSince(start)
      let rate = elapsed > 0 ? Double(done) / elapsed : 0
      let left = rate > 0 ? Double(total - done) / rate : 0
      let width = 30
      let filled = min(width, Int(Double(width) * Double(done) / Double(total)))
      let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
      let counts = bytes
        ? String(format: "%.0f/%.0f MB  %.0f MB/s", Double(done) / 1e6, Double(total) / 1e6, rate / 1e6)
        : "\(done)/\(total)  \(String(format: "%.0f", rate))/s"
      Terminal.writeError("\r\(label) \(bar) \(counts)  ETA \(String(format: "%.1f", left)) s ")
      if done >= total {
        state.finished = true
        Terminal.writeError("\r\u{1B}[K")
      }
    }
  }
}
