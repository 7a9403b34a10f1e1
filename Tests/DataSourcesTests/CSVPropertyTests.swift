import Foundation
import PropertyBased
import Testing
import TestSupport

@testable import DataSources

@Suite("CSV write → read is the identity (1,000 random tables)")
struct CSVPropertyTests {
  /// Pieces a cell is made of: delimiters, quotes, line breaks, CJK, accents, emoji, numbers.
  static let pieces = ["a", "Z", "7", "3.5", "长", "服务流程", ",", "\"", "\n", "\r\n", "é", "😀", "%", "-", "x y"]

  static func quoted(_ cell: String) -> String {
    cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
      ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
  }

  @Test("random tables with quotes, line breaks, CJK and an optional BOM read back cell for cell")
  func roundTrip() async {
    await propertyCheck(count: 1_000, input: Gen.uint64(in: 1...UInt64.max)) { seed in
      var generator = SeededGenerator(seed: seed)
      let width = Int.random(in: 2...6, using: &generator), height = Int.random(in: 1...12, using: &generator)
      let headers = (0..<width).map { "列\($0)_c" }
      let cells = (0..<height).map { _ in
        (0..<width).map { _ in (0..<Int.random(in: 0...4, using: &generator)).map { _ in Self.pieces.randomElement(using: &generator)! }.joined() }
      }
      let crlf = Bool.random(using: &generator), bom = Bool.random(using: &generator)
      let end = crlf ? "\r\n" : "\n"
      var text = (bom ? "\u{FEFF}" : "") + headers.joined(separator: ",") + end
      for row in cells { text += row.map(Self.quoted).joined(separator: ",") + end }
      let table = try CSVReader.parse(bytes: Array(text.utf8), file: "p.csv")
      #expect(table.headers == headers, "seed \(seed)")
      #expect(table.rowCount == height, "seed \(seed)")
      for (r, row) in cells.enumerated() where r < table.rowCount {
        for (c, cell) in row.enumerated() { #expect(table.text(row: r, column: c) == cell, "seed \(seed), row \(r), column \(c)") }
      }
    }
  }
}
