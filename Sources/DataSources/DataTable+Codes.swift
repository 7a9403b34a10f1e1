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
  /// The cells are hashed as bytes (eight bytes at a time into an open-addressing table), so a row costs no
  /// string; only the distinct texts become strings. Two byte strings that trim to the same
  /// text (a trailing U+3000, say) share one level.
  /// - Complexity: O(bytes of the column) expected, plus O(rows) for the codes.
  public func codes(column index: Int) -> TextCodes {
    guard let spans = fieldSpans[index] else { return indexingFields(columns: [index]).codes(column: index) }
    var codes = [Int32](repeating: -1, count: rowCount)
    var pool: [UInt8] = []  // the distinct cells' bytes, one after another
    var bounds: [Int] = [0]  // level k is pool[bounds[k]..<bounds[k + 1]]
    var hashes: [UInt64] = []
    var slots = [Int32](repeating: -1, count: 1024)
    bytes.withUnsafeBufferPointer { buffer in
      for row in 0..<rowCount {
        let span = spans[row]
        if span & Self.slowSpan != 0 {
          var text = text(row: row, column: index)
          text.withUTF8 { codes[row] = Self.code(of: $0, pool: &pool, bounds: &bounds, hashes: &hashes, slots: &slots) }
        } else if span != 0 {
          let start = Int(span >> Self.spanLengthBits), length = Int(span & ((1 << Self.spanLengthBits) - 1))
          if length > 0 {
            codes[row] = Self.code(of: UnsafeBufferPointer(rebasing: buffer[start..<(start + length)]), pool: &pool, bounds: &bounds, hashes: &hashes, slots: &slots)
          }
        }
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

  /// The level of a non-empty cell's bytes, added when new (open addressing, linear probing,
  /// the table doubled at half full).
  @inline(__always)
  static func code(of bytes: UnsafeBufferPointer<UInt8>, pool: inout [UInt8], bounds: inout [Int], hashes: inout [UInt64], slots: inout [Int32]) -> Int32 {
    let hash = Self.hash(bytes)
    let found: Int32? = slots.withUnsafeBufferPointer { table in
      pool.withUnsafeBufferPointer { stored in
        let mask = table.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
          let level = Int(table[slot])
          if level < 0 { return nil }
          if hashes[level] == hash {
            let start = bounds[level]
            if bounds[level + 1] - start == bytes.count {
              var same = true
              for k in 0..<bytes.count where stored[start + k] != bytes[k] { same = false; break }
              if same { return Int32(level) }
            }
          }
          slot = (slot + 1) & mask
        }
      }
    }
    if let found { return found }
    let level = hashes.count
    guard level < Int(Int32.max) else { preconditionFailure("more than 2^31 distinct texts in one column") }
    pool.append(contentsOf: bytes)
    bounds.append(pool.count)
    hashes.append(hash)
    if hashes.count * 2 > slots.count { slots = [Int32](repeating: -1, count: slots.count * 2) }
    else { insert(Int32(level), hash: hash, into: &slots); return Int32(level) }
    for (k, h) in hashes.enumerated() { insert(Int32(k), hash: h, into: &slots) }
    return Int32(level)
  }

  @inline(__always)
  static func insert(_ level: Int32, hash: UInt64, into slots: inout [Int32]) {
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: hash) & mask
    while slots[slot] >= 0 { slot = (slot + 1) & mask }
    slots[slot] = level
  }

  /// A 64-bit hash of bytes, eight at a time (multiply–xorshift mixing, as in MurmurHash3's finaliser).
  @inline(__always)
  static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
    let raw = UnsafeRawBufferPointer(bytes)
    var i = 0
    while i + 8 <= raw.count {
      h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
      h ^= h >> 32
      i += 8
    }
    var tail: UInt64 = 0, shift: UInt64 = 0
    while i < raw.count {
      tail |= UInt64(raw[i]) << shift
      shift += 8
      i += 1
    }
    h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
    return h ^ (h >> 29)
  }
}
