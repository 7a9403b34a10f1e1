@testable import DataSources
import Foundation
import Testing
import TestSupport

/// A workbook's sheet streamed as CSV (`stats`, `fit --streaming` on an .xlsx): the text is the
/// whole read's byte for byte wherever the XML is cut, and the whole read's errors come at the end.
@Suite("xlsx streaming")
struct XLSXStreamTests {
  static func path(_ name: String) throws -> String { try FixtureLoader.url(name, "xlsx", in: .module).path }

  /// Every record the stream yields, after its header: the sample's header line, then the chunks.
  static func streamed(_ path: String, sheet: String? = nil, chunkBytes: Int = 1 << 10, pieceBytes: Int) throws -> (headers: [String], text: [UInt8], file: String) {
    let stream = try CSVStream(workbook: path, sheet: sheet, chunkBytes: chunkBytes, pieceBytes: pieceBytes)
    var text: [UInt8] = []
    while let chunk = try stream.next() { text += chunk.bytes[..<chunk.end] }
    return (stream.headers, text, stream.file)
  }

  /// The whole read's CSV, split as the stream splits it: the header line, then the records.
  static func whole(_ path: String, sheet: String? = nil) throws -> (headers: [String], text: [UInt8]) {
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    let opened = try XLSXReader.open(bytes: bytes, file: path, sheet: sheet)
    guard case .success(let xml) = XLSXReader.extract(opened.entry, from: bytes, name: opened.target) else { throw DataError.emptyFile(file: path) }
    var csv = XLSXReader.SheetCSV(xml, strings: opened.strings, styles: opened.styles, date1904: opened.date1904).csv
    if csv.last != 0x0A { csv.append(0x0A) }
    let table = try CSVReader.parse(bytes: csv, file: path)
    let headerEnd = csv.firstIndex(of: 0x0A)! + 1
    return (table.headers, Array(csv[headerEnd...]))
  }

  @Test("the streamed CSV is the whole read's, with the XML cut into pieces of 1, 2, 3, 7, 64 and 4,096 bytes",
    arguments: ["openpyxl-history", "openpyxl-1904", "libreoffice-history"])
  func sameText(name: String) throws {
    let path = try Self.path(name)
    let expected = try Self.whole(path)
    for piece in [1, 2, 3, 7, 64, 4096] {
      let got = try Self.streamed(path, pieceBytes: piece)
      #expect(got.headers == expected.headers, "piece \(piece)")
      #expect(got.text == expected.text, "piece \(piece): \(got.text.count) bytes against \(expected.text.count)")
    }
  }

  @Test("a sheet by name streams, its SHA-256 is the workbook file's, and the sample table names cells")
  func sheetAndHash() throws {
    let path = try Self.path("openpyxl-history")
    let stream = try CSVStream.open(path: path, sheet: "说明")
    #expect(stream.headers == ["note"])
    while try stream.next() != nil {}
    #expect(stream.sha256 == (try SHA256.hex(ofFile: path)))
    let history = try CSVStream.open(path: path, sheet: nil)
    #expect(history.file == "\(path)[历史]")
    let sample = try history.sampleTable()
    #expect(sample.location(row: 2, column: 7).description == "\(path)[历史]!H4")
  }

  @Test("the whole read's errors: a merged header (found after the rows), an unknown sheet, an old .xls, a damaged part")
  func errors() throws {
    func message(_ body: () throws -> Void) -> String? {
      do { try body() } catch { return "\(error)" }
      return nil
    }
    let merged = try Self.path("openpyxl-merged")
    let whole = message { _ = try XLSXReader.parse(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: merged))), file: merged) }
    #expect(whole != nil)
    #expect(message { _ = try Self.streamed(merged, pieceBytes: 5) } == whole)
    let history = try Self.path("openpyxl-history")
    #expect(message { _ = try CSVStream.open(path: history, sheet: "Sheet9") } == "\(history): error: cannot read the workbook: it has no sheet 'Sheet9'; its sheets are '历史', '说明'")
    let directory = try CLI.temporaryDirectory()
    let old = directory.appendingPathComponent("old.data").path
    try Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 64)).write(to: URL(fileURLWithPath: old))
    #expect(message { _ = try CSVStream.open(path: old, sheet: nil) } == "\(old): error: cannot read the workbook: it is an old Excel .xls workbook; save it as .xlsx or CSV")
    // Flip a byte inside the sheet's compressed data: the whole read and the stream say the same.
    var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: history)))
    let opened = try XLSXReader.open(bytes: bytes, file: history, sheet: nil)
    bytes[opened.entry.dataStart + opened.entry.compressedSize / 2] ^= 0x55
    let damaged = directory.appendingPathComponent("damaged.xlsx").path
    try Data(bytes).write(to: URL(fileURLWithPath: damaged))
    let wholeDamaged = message { _ = try XLSXReader.parse(bytes: bytes, file: damaged) }
    #expect(wholeDamaged?.contains("cannot read the workbook: its part xl/worksheets/sheet1.xml") == true, "\(wholeDamaged ?? "")")
    #expect(message { _ = try Self.streamed(damaged, pieceBytes: 1 << 20) } == wholeDamaged)
  }
}
