extension XLSXReader {
  /// Why a ZIP archive's structure points outside its bytes, or `nil` when every offset and size
  /// the archive reader will follow is in bounds.
  ///
  /// ZIPFoundation's in-memory archive traps (a reversed range in its read callback) when a
  /// central-directory or local-header offset points past the end, so a crafted or truncated
  /// .xlsx must be refused before it gets there. Checked, with every sum in Int (64-bit, from
  /// 16- and 32-bit fields, so no overflow):
  /// - the end-of-central-directory record (signature `PK\5\6`, in the last 65,557 bytes);
  /// - the central directory within the bytes before that record;
  /// - each entry (`PK\1\2`, 46 bytes plus its name, extra field and comment) within the
  ///   directory, its local header (`PK\3\4`, 30 bytes plus name and extra), its data (stored
  ///   or compressed size) and any data descriptor within the bytes. ZIP64 sizes (`0xFFFFFFFF`) are refused: no workbook needs 4 GB.
  static func zipBoundsProblem(_ bytes: [UInt8]) -> String? {
    let n = bytes.count
    func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
    func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
    guard n >= 22 else { return "it is not a readable .xlsx (ZIP) archive" }
    var eocd = -1
    var at = n - 22
    while at >= max(0, n - 65_557) {
      if bytes[at] == 0x50 && bytes[at + 1] == 0x4B && bytes[at + 2] == 0x05 && bytes[at + 3] == 0x06 {
        eocd = at
        break
      }
      at -= 1
    }
    guard eocd >= 0 else { return "it is not a readable .xlsx (ZIP) archive" }
    let entries = u16(eocd + 10), size = u32(eocd + 12), offset = u32(eocd + 16)
    if size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF || entries == 0xFFFF { return "it is a ZIP64 archive, which workbooks never need" }
    guard offset + size <= eocd else { return "its ZIP directory points outside the file" }
    var cursor = offset
    for _ in 0..<entries {
      guard cursor + 46 <= offset + size, u32(cursor) == 0x0201_4B50 else { return "its ZIP directory has a damaged entry" }
      let flags = u16(cursor + 8), method = u16(cursor + 10), compressed = u32(cursor + 20), uncompressed = u32(cursor + 24)
      let nameLength = u16(cursor + 28), extraLength = u16(cursor + 30), commentLength = u16(cursor + 32), local = u32(cursor + 42)
      if compressed == 0xFFFF_FFFF || uncompressed == 0xFFFF_FFFF || local == 0xFFFF_FFFF { return "it is a ZIP64 archive, which workbooks never need" }
      guard local + 30 <= n, u32(local) == 0x0403_4B50 else { return "a ZIP entry's header points outside the file" }
      // The reader takes the stored size for a stored entry, the compressed one otherwise, and
      // after it a 16-byte data descriptor when flag bit 3 is set.
      let dataStart = local + 30 + u16(local + 26) + u16(local + 28)
      let dataEnd = dataStart + (method == 0 ? uncompressed : compressed) + (flags & 0x08 != 0 ? 16 : 0)
      guard dataStart + compressed <= n, dataEnd <= n else { return "a ZIP entry's data runs past the end of the file (is it truncated?)" }
      cursor += 46 + nameLength + extraLength + commentLength
    }
    return nil
  }
}
