extension XLSXReader {
  /// One part of a ZIP archive, as its central directory describes it.
  struct ZIPEntry: Equatable {
    /// 0 stored, 8 deflated.
    let method: Int
    let compressedSize: Int
    let uncompressedSize: Int
    let crc32: UInt32
    /// Offset of the entry's data (after its local header).
    let dataStart: Int
  }

  /// The parts of a ZIP archive by name (the first entry of a name wins), every offset and size
  /// checked against the bytes, or why the structure points outside them.
  ///
  /// Our own reader, after fuzzing found two traps and an endless loop in ZIPFoundation's
  /// in-memory reading (a reversed range when an offset points past the end, and a DEFLATE
  /// loop that never ends when a stream is cut short). Checked, with every sum in Int (64-bit,
  /// from 16- and 32-bit fields, so no overflow):
  /// - the end-of-central-directory record (signature `PK\5\6`, in the last 65,557 bytes);
  /// - the central directory within the bytes before that record;
  /// - each entry (`PK\1\2`, 46 bytes plus its name, extra field and comment) within the
  ///   directory, its local header (`PK\3\4`, 30 bytes plus name and extra) and its data
  ///   (the central directory's compressed size, authoritative also when a data descriptor
  ///   follows) within the bytes. ZIP64 sizes (`0xFFFFFFFF`) are refused: no workbook needs 4 GB.
  static func zipDirectory(_ bytes: [UInt8]) -> Result<[String: ZIPEntry], ZIPProblem> {
    let n = bytes.count
    func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
    func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
    guard n >= 22 else { return .failure(.init("it is not a readable .xlsx (ZIP) archive")) }
    var eocd = -1
    var at = n - 22
    while at >= max(0, n - 65_557) {
      if bytes[at] == 0x50 && bytes[at + 1] == 0x4B && bytes[at + 2] == 0x05 && bytes[at + 3] == 0x06 {
        eocd = at
        break
      }
      at -= 1
    }
    guard eocd >= 0 else { return .failure(.init("it is not a readable .xlsx (ZIP) archive")) }
    let count = u16(eocd + 10), size = u32(eocd + 12), offset = u32(eocd + 16)
    if size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF || count == 0xFFFF { return .failure(.init("it is a ZIP64 archive, which workbooks never need")) }
    guard offset + size <= eocd else { return .failure(.init("its ZIP directory points outside the file")) }
    var entries: [String: ZIPEntry] = [:]
    var cursor = offset
    for _ in 0..<count {
      guard cursor + 46 <= offset + size, u32(cursor) == 0x0201_4B50 else { return .failure(.init("its ZIP directory has a damaged entry")) }
      let method = u16(cursor + 10), crc = UInt32(u32(cursor + 16)), compressed = u32(cursor + 20), uncompressed = u32(cursor + 24)
      let nameLength = u16(cursor + 28), extraLength = u16(cursor + 30), commentLength = u16(cursor + 32), local = u32(cursor + 42)
      if compressed == 0xFFFF_FFFF || uncompressed == 0xFFFF_FFFF || local == 0xFFFF_FFFF { return .failure(.init("it is a ZIP64 archive, which workbooks never need")) }
      guard cursor + 46 + nameLength <= offset + size else { return .failure(.init("its ZIP directory has a damaged entry")) }
      guard local + 30 <= n, u32(local) == 0x0403_4B50 else { return .failure(.init("a ZIP entry's header points outside the file")) }
      let dataStart = local + 30 + u16(local + 26) + u16(local + 28)
      guard dataStart + compressed <= n else { return .failure(.init("a ZIP entry's data runs past the end of the file (is it truncated?)")) }
      let name = String(decoding: bytes[(cursor + 46)..<(cursor + 46 + nameLength)], as: UTF8.self)
      if entries[name] == nil {
        entries[name] = ZIPEntry(method: method, compressedSize: compressed, uncompressedSize: uncompressed, crc32: crc, dataStart: dataStart)
      }
      cursor += 46 + nameLength + extraLength + commentLength
    }
    return .success(entries)
  }

  /// A ZIP structure problem, in words that end "cannot read the workbook: …".
  struct ZIPProblem: Error, Equatable {
    let reason: String
    init(_ reason: String) { self.reason = reason }
  }

  /// Why a ZIP archive's structure points outside its bytes, or `nil` when it is sound.
  static func zipBoundsProblem(_ bytes: [UInt8]) -> String? {
    if case .failure(let problem) = zipDirectory(bytes) { return problem.reason }
    return nil
  }

  /// The bytes of one part: stored as is, or inflated (at most its declared size), its CRC-32
  /// checked against the directory's.
  static func extract(_ entry: ZIPEntry, from bytes: [UInt8], name: String) -> Result<[UInt8], ZIPProblem> {
    let data: [UInt8]
    switch entry.method {
    case 0:
      guard entry.compressedSize == entry.uncompressedSize else { return .failure(.init("its part \(name) is damaged (a stored part with two sizes)")) }
      data = Array(bytes[entry.dataStart..<(entry.dataStart + entry.compressedSize)])
    case 8:
      // DEFLATE cannot expand more than 1032:1 (a 258-byte match per bit pair of a block), so a
      // larger declared size is a damaged directory, refused before any buffer is sized by it.
      let (most, overflow) = entry.compressedSize.multipliedReportingOverflow(by: 1032)
      guard overflow || entry.uncompressedSize <= most + 64 else {
        return .failure(
          .init("its part \(name) is damaged (it declares \(entry.uncompressedSize) bytes from \(entry.compressedSize) compressed, more than DEFLATE can produce)"))
      }
      do {
        data = try bytes.withUnsafeBufferPointer { buffer throws(LibZ.InflateError) in
          try LibZ.inflate(
            UnsafeBufferPointer(rebasing: buffer[entry.dataStart..<(entry.dataStart + entry.compressedSize)]), expectedSize: entry.uncompressedSize,
            limit: entry.uncompressedSize)
        }
      } catch .truncated {
        return .failure(.init("its part \(name) cannot be decompressed (the compressed data ends early; is the file truncated?)"))
      } catch .tooLarge {
        return .failure(.init("its part \(name) cannot be decompressed (it is larger than the archive says)"))
      } catch {
        return .failure(.init("its part \(name) cannot be decompressed"))
      }
    default:
      return .failure(.init("its part \(name) uses ZIP compression method \(entry.method); save the workbook again from Excel or LibreOffice"))
    }
    guard data.count == entry.uncompressedSize else { return .failure(.init("its part \(name) cannot be decompressed (it is smaller than the archive says)")) }
    guard LibZ.crc32(data) == entry.crc32 else { return .failure(.init("its part \(name) is damaged (CRC-32 mismatch)")) }
    return .success(data)
  }
}
