import Foundation
import Testing
import TestSupport
@testable import DataSources

@Suite("UTF-8 validation")
struct UTF8ValidationTests {
  /// Random byte strings built from pieces near the edges of UTF-8 (overlong forms, surrogates,
  /// U+10FFFF, stray continuation bytes, truncated sequences) and plain ASCII and Chinese.
  func sample(_ rng: inout SeededGenerator, pieces: Int) -> [UInt8] {
    let edges: [[UInt8]] = [
      [0x41], [0x7F], [0xC2, 0x80], [0xC1, 0xBF], [0xDF, 0xBF], [0xE0, 0xA0, 0x80], [0xE0, 0x9F, 0xBF], [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80],
      [0xEF, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF0, 0x8F, 0xBF, 0xBF], [0xF4, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80],
      [0x80], [0xBF], [0xE5, 0xAE], [0xF0, 0x90], [0xFF], Array("满意度评分,".utf8), Array("team,2025-01\n".utf8),
    ]
    var bytes: [UInt8] = []
    for _ in 0..<pieces {
      // Mostly valid pieces, so that some whole strings are valid.
      let k = Int(rng.next() % UInt64(edges.count))
      let valid = [0, 1, 2, 4, 5, 7, 9, 10, 12, 20, 21].contains(k)
      if valid || rng.next() % 8 == 0 { bytes += edges[k] }
    }
    return bytes
  }

  @Test("agrees with the standard library's validation on 20,000 seeded byte strings")
  func agreesWithStandardLibrary() {
    var rng = SeededGenerator(seed: 20_261_202)
    var valid = 0
    for _ in 0..<20_000 {
      let bytes = sample(&rng, pieces: Int(rng.next() % 12))
      let expected = String(validating: bytes, as: UTF8.self) != nil
      #expect(TextDecoding.isValidUTF8(bytes) == expected, "\(bytes)")
      if expected { valid += 1 }
    }
    #expect(valid > 2_000 && valid < 18_000)
  }

  @Test("a large file is checked in two parts: a bad byte in either half, or a character across the split, is found")
  func twoParts() {
    let unit = Array("团队001,C12345,2025-01-01T08:05\n".utf8)
    var bytes: [UInt8] = []
    while bytes.count < 1 << 25 { bytes += unit }
    #expect(TextDecoding.isValidUTF8(bytes))
    for position in [10, bytes.count / 2 - 1, bytes.count / 2, bytes.count / 2 + 1, bytes.count - 2] {
      var broken = bytes
      broken[position] = 0xFF
      #expect(!TextDecoding.isValidUTF8(broken), "0xFF at \(position)")
    }
    var truncated = bytes
    truncated.append(contentsOf: [0xE5, 0xAE])
    #expect(!TextDecoding.isValidUTF8(truncated))
  }
}

@Suite("field index and text codes")
struct FieldIndexTests {
  /// Quoted cells, escaped quotes, spaces, CRLF, a trailing U+3000, empty cells, Chinese.
  static let text =
    "id,team,note,flag\r\n1, 华东组 ,\"a,b\",是\r\n2,\"华东组\",\"say \"\"hi\"\"\",否\r\n3,华东组\u{3000},,\r\n4,,plain, 是 \r\n5,华南组,\"\",否\r\n"

  @Test("cells read through the index are the cells read row by row, and codes follow the texts")
  func indexMatchesRowScans() throws {
    let table = try CSVReader.parse(bytes: Array(Self.text.utf8), file: "t.csv")
    let indexed = table.indexingFields(columns: [1, 2, 3])
    for column in 0..<4 {
      #expect(indexed.texts(column: column) == table.texts(column: column), "column \(column)")
      #expect(indexed.texts(column: column) == (0..<table.rowCount).map { table.text(row: $0, column: column) })
    }
    #expect(table.texts(column: 2) == ["a,b", "say \"hi\"", "", "plain", ""])
    let teams = indexed.codes(column: 1)
    #expect(teams.levels == ["华东组", "华南组"])
    #expect(teams.codes == [0, 0, 0, -1, 1])
    #expect(table.codes(column: 1) == teams)
    #expect(indexed.codes(column: 3).levels == ["是", "否"])
  }
}
