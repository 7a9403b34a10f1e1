/// A text column as dense codes: each distinct text once, each row a small integer.
public struct TextCodes: Sendable, Equatable {
  /// Per row: the index of its text in `levels`, or −1 for an empty cell.
  public let codes: [Int32]
  /// The distinct non-empty texts, in order of first appearance.
  public let levels: [String]
}

extension DataTable {
  /// Column `index` as ``TextCodes``: texts compare as ``text(row:column:)`` gives them.
  ///
  /// The cells are hashed as bytes (FNV-1a into an open-addressing table), so a row costs no
  /// string; only the distinct texts become strings. Two byte strings that trim to the same
  /// text (a trailing U+3000, say) share one level.
  /// - Complexity: O(bytes of the column) expected, plus O(rows) for the codes.
  public func codes(column index: Int) -> TextCodes {
    var codes = [Int32](repeating: -1, count: rowCount)
    var pool: [UInt8] = []  // the distinct cells' bytes, one after another
    var bounds: [Int] = [0]  // level k is pool[bounds[k]..<bounds[k + 1]]
    var hashes: [UInt64] = []
    var slots = [Int32](repeating: -1, count: 1024)
    var mask = slots.count - 1

    func insert(_ level: Int, hash: UInt64) {
      var slot = Int(truncatingIfNeeded: hash) & mask
      while slots[slot] >= 0 { slot = (slot + 1) & mask }
      slots[slot] = Int32(level)
    }
    forEachField(column: index) { row, bytes in
      guard !bytes.isEmpty else { return }
      var hash: UInt64 = 0xcbf2_9ce4_8422_2325
      for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
      var slot = Int(truncatingIfNeeded: hash) & mask
      while true {
        let level = Int(slots[slot])
        if level < 0 { break }
        if hashes[level] == hash && pool[bounds[level]..<bounds[level + 1]].elementsEqual(bytes) {
          codes[row] = Int32(level)
          return
        }
        slot = (slot + 1) & mask
      }
      let level = hashes.count
      guard level < Int(Int32.max) else { preconditionFailure("more than 2^31 distinct texts in one column") }
      pool.append(contentsOf: bytes)
      bounds.append(pool.count)
      hashes.append(hash)
      codes[row] = Int32(level)
      if hashes.count * 2 > slots.count {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        mask = slots.count - 1
        for (k, h) in hashes.enumerated() { insert(k, hash: h) }
      } else {
        slots[slot] = Int32(level)
      }
    }
    let raw = pool.withUnsafeBufferPointer { buffer in
      (0..<hashes.count).map { k in CSVReader.trimmedText(UnsafeBufferPointer(rebasing: buffer[bounds[k]..<bounds[k + 1]])) }
    }
    // Levels that trim to the same text, or to nothing, are merged.
    var final: [String: Int32] = [:]
    var levels: [String] = []
    var remap = [Int32](repeating: -1, count: raw.count)
    for (k, text) in raw.enumerated() where !text.isEmpty {
      if let code = final[text] {
        remap[k] = code
      } else {
        final[text] = Int32(levels.count)
        remap[k] = Int32(levels.count)
        levels.append(text)
      }
    }
    if levels.count != raw.count || remap.enumerated().contains(where: { $0.element != Int32($0.offset) }) {
      for row in codes.indices where codes[row] >= 0 { codes[row] = remap[Int(codes[row])] }
    }
    return TextCodes(codes: codes, levels: levels)
  }
}
