/// A workbook's sheet read as CSV text in pieces, for a streaming pass (``CSVStream/init(workbook:sheet:chunkBytes:)``).
///
/// The workbook's compressed bytes are held (an `.xlsx` sheet has at most 1,048,576 rows, and
/// its ZIP is a small fraction of the sheet's XML); the sheet's part is inflated piece by piece
/// (``LibZ/Inflater``), each piece scanned as XML (``XMLScanner`` stops before a tag the piece
/// cuts) and written as CSV by the same ``XLSXReader/SheetCSV`` an in-memory read uses, so the
/// text is byte for byte the whole read's. Memory: the archive, the shared strings, one piece of
/// XML and the CSV lines not yet handed on.
///
/// At the end of the part its size and CRC-32 are checked against the archive's directory, and
/// the header against the merges (which follow the rows in the XML): a damaged part, an empty
/// sheet or a merged header is then an error, as in an in-memory read, before any result.
final class SheetStream {
  let opened: XLSXReader.OpenedSheet
  let sha256: String
  var sheetCSV: XLSXReader.SheetCSV
  /// The sheet's XML not yet scanned (a tag cut by the last piece).
  var carry: [UInt8] = []
  let inflater: LibZ.Inflater?
  /// A stored (uncompressed) part: its bytes, and how far they are read.
  let stored: [UInt8]?
  var storedOffset = 0
  var finished = false
  /// Inflated bytes per piece.
  let pieceBytes: Int

  convenience init(path: String, sheet: String?, pieceBytes: Int = 1 << 20) throws {
    try self.init(bytes: try POSIX.readFile(path), file: path, sheet: sheet, pieceBytes: pieceBytes)
  }

  /// A workbook already read (`file` names it in messages).
  init(bytes: [UInt8], file path: String, sheet: String?, pieceBytes: Int) throws {
    precondition(pieceBytes >= 1, "pieces of at least a byte")
    self.pieceBytes = pieceBytes
    sha256 = SHA256.hex(of: bytes)
    opened = try XLSXReader.open(bytes: bytes, file: path, sheet: sheet)
    sheetCSV = XLSXReader.SheetCSV(strings: opened.strings, styles: opened.styles, date1904: opened.date1904)
    let entry = opened.entry
    switch entry.method {
    case 0:
      guard entry.compressedSize == entry.uncompressedSize else {
        throw DataError.workbook(file: path, reason: "its part \(opened.target) is damaged (a stored part with two sizes)")
      }
      stored = Array(bytes[entry.dataStart..<(entry.dataStart + entry.compressedSize)])
      inflater = nil
    case 8:
      let (most, overflow) = entry.compressedSize.multipliedReportingOverflow(by: 1032)
      guard overflow || entry.uncompressedSize <= most + 64 else {
        throw DataError.workbook(
          file: path,
          reason: "its part \(opened.target) is damaged (it declares \(entry.uncompressedSize) bytes from \(entry.compressedSize) compressed, more than DEFLATE can produce)")
      }
      stored = nil
      do {
        inflater = try LibZ.Inflater(Array(bytes[entry.dataStart..<(entry.dataStart + entry.compressedSize)]), limit: entry.uncompressedSize)
      } catch {
        throw DataError.workbook(file: path, reason: "its part \(opened.target) cannot be decompressed")
      }
    default:
      throw DataError.workbook(
        file: path, reason: "its part \(opened.target) uses ZIP compression method \(entry.method); save the workbook again from Excel or LibreOffice")
    }
  }

  /// The next piece of the part's XML (empty at its end).
  func piece() throws -> [UInt8] {
    if let stored {
      let end = min(stored.count, storedOffset + pieceBytes)
      defer { storedOffset = end }
      return Array(stored[storedOffset..<end])
    }
    guard let inflater else { return [] }
    do {
      return try inflater.next(maximum: pieceBytes)
    } catch .truncated {
      throw DataError.workbook(file: opened.file, reason: "its part \(opened.target) cannot be decompressed (the compressed data ends early; is the file truncated?)")
    } catch .tooLarge {
      throw DataError.workbook(file: opened.file, reason: "its part \(opened.target) cannot be decompressed (it is larger than the archive says)")
    } catch {
      throw DataError.workbook(file: opened.file, reason: "its part \(opened.target) cannot be decompressed")
    }
  }

  /// The checks at the end of the part: its size and CRC-32, and the header.
  func finish() throws {
    let entry = opened.entry
    let produced = inflater?.produced ?? storedOffset
    guard produced == entry.uncompressedSize else {
      throw DataError.workbook(file: opened.file, reason: "its part \(opened.target) cannot be decompressed (it is smaller than the archive says)")
    }
    let crc = inflater?.crc32 ?? LibZ.crc32(stored ?? [])
    guard crc == entry.crc32 else { throw DataError.workbook(file: opened.file, reason: "its part \(opened.target) is damaged (CRC-32 mismatch)") }
    _ = try opened.checkHeader(of: sheetCSV)
  }

  /// Appends whole CSV lines to `bytes`, about `maximum` of them or more (a line is never cut);
  /// 0 at the end of the sheet.
  func read(appendingTo bytes: inout [UInt8], maximum: Int) throws -> Int {
    var written = 0
    while !finished && written < maximum {
      let next = try piece()
      let ended = next.isEmpty
      var scanner = XMLScanner(carry + next, final: ended)
      sheetCSV.consume(&scanner)
      carry = ended ? [] : Array(scanner.bytes[scanner.i...])
      if ended {
        finished = true
        try finish()
        // The last line of a sheet that does not end its last row (a cut file) is still a line.
        if sheetCSV.lineEnd < sheetCSV.csv.count { sheetCSV.endLine() }
      }
      let lines = sheetCSV.takeLines()
      bytes += lines
      written += lines.count
    }
    return written
  }

  /// The header's sheet row (known once the first line is read).
  var headerRow: Int? { sheetCSV.headerRow }
}
