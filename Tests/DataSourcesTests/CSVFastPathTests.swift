import Foundation
import Testing
import TestSupport
import WeightAnalysis

@testable import DataSources

/// The one-pass cell parser must agree with the general record reader on every kind of cell,
/// in files read in one part and in two (over 8 MB), with blank lines, CRLF, lone CR and a last
/// line without a line break.
@Suite("CSV one-pass parser")
struct CSVFastPathTests {
  /// A cell as written and what it must read as.
  struct Cell {
    let text: String
    let expected: Double?  // nil: not a number
    let kind: String  // number, missing, text, nonFinite, ambiguous
  }

  static func cell(_ generator: inout SplitMix64, quotes: Bool) -> Cell {
    let pick = generator.next() % 20
    let magnitude = Double(generator.next() % 1_000_000) / 100
    switch pick {
    case 0: return Cell(text: "", expected: nil, kind: "missing")
    case 1: return Cell(text: "NA", expected: nil, kind: "missing")
    case 2: return Cell(text: "-", expected: nil, kind: "missing")
    case 3: return Cell(text: "\(magnitude)%", expected: magnitude, kind: "number")
    case 4: return Cell(text: " \(magnitude) ", expected: magnitude, kind: "number")
    case 5: return Cell(text: "1.5e3", expected: 1500, kind: "number")
    case 6: return Cell(text: "+7", expected: 7, kind: "number")
    case 7: return quotes ? Cell(text: "\"1,234.5\"", expected: 1234.5, kind: "number") : Cell(text: "1234.5", expected: 1234.5, kind: "number")
    case 8: return Cell(text: "12345678901234567890", expected: 12_345_678_901_234_567_890, kind: "number")
    case 9: return Cell(text: "0.1234567890123456789012", expected: 0.1234567890123456789012, kind: "number")
    case 10: return Cell(text: "x\(pick)", expected: nil, kind: "text")
    case 11: return Cell(text: "-0", expected: -0.0, kind: "number")
    case 12: return Cell(text: ".5", expected: 0.5, kind: "number")
    case 13: return Cell(text: "7.", expected: 7, kind: "number")
    case 14: return Cell(text: "007", expected: 7, kind: "number")
    case 15: return Cell(text: "inf", expected: nil, kind: "nonFinite")
    case 16: return quotes ? Cell(text: "\"1,5\"", expected: nil, kind: "ambiguous") : Cell(text: "1e999", expected: nil, kind: "nonFinite")
    default:
      let negative = generator.next() & 1 == 0
      return Cell(text: "\(negative ? "-" : "")\(magnitude)", expected: negative ? -magnitude : magnitude, kind: "number")
    }
  }

  @Test(
    "agrees with the expected value and kind of every cell",
    arguments: [(2_000, true), (160_000, true), (160_000, false)])
  func mixedCells(rows: Int, quotes: Bool) throws {
    var generator = SplitMix64(seed: UInt64(rows))
    let width = 4
    var text = "a,b,c,d\n"
    var expected: [[Cell]] = Array(repeating: [], count: width)
    var lines: [Int] = []
    var line = 2
    for row in 0..<rows {
      if row % 97 == 5 && !text.unicodeScalars.last.map({ $0 == "\r" })! { text += "\n"; line += 1 }  // blank line (after a lone CR it would make CRLF)
      lines.append(line)
      let cells = (0..<width).map { _ in Self.cell(&generator, quotes: quotes) }
      for j in 0..<width { expected[j].append(cells[j]) }
      text += cells.map(\.text).joined(separator: ",")
      if row == rows - 1 { break }  // no line break after the last record
      switch row % 7 {
      case 0: text += "\r\n"
      case 1: text += "\r"
      default: text += "\n"
      }
      line += 1
    }
    // Without quotes a file over 8 MB is read in two parts.
    let table = try CSVReader.parse(bytes: Array(text.utf8), file: "mixed.csv")
    #expect(table.rowCount == rows)
    for j in 0..<width {
      let column = table.columns[j]
      var counts: [String: Int] = [:]
      var firstMissing: Int? = nil
      for (row, cell) in expected[j].enumerated() {
        counts[cell.kind, default: 0] += 1
        if cell.kind == "missing" && firstMissing == nil { firstMissing = row }
        if let value = cell.expected {
          if column.values[row] != value || column.values[row].sign != value.sign {
            Issue.record("row \(row) column \(j): \(cell.text) read as \(column.values[row])")
            return
          }
        } else if !column.values[row].isNaN {
          Issue.record("row \(row) column \(j): \(cell.text) should be NaN")
          return
        }
      }
      #expect(column.numericCount == counts["number", default: 0])
      #expect(column.missingCount == counts["missing", default: 0])
      #expect(column.textCount == counts["text", default: 0])
      #expect(column.firstMissingRow == firstMissing)
    }
    #expect(table.rowLines.map(Int.init) == lines)
    #expect(table.location(row: rows - 1, column: 1).line == lines[rows - 1])
  }

  @Test("a record with too many or too few fields is reported where it is, by either path")
  func ragged() {
    let advice = "check for a missing or extra delimiter, or quote fields that contain commas"
    #expect(message { _ = try parse("a,b\n1,2\n3,4,5\n") } == "data.csv:3:1: error: row has 3 fields but the header has 2; \(advice)")
    #expect(message { _ = try parse("a,b\n1,2\n3\n") } == "data.csv:3:1: error: row has 1 field but the header has 2; \(advice)")
    #expect(message { _ = try parse("a,b\n1,2\n3,4,\n") } == "data.csv:3:1: error: row has 3 fields but the header has 2; \(advice)")
    #expect(message { _ = try parse("a,b\n1,2\n\"3\",4,5") } == "data.csv:3:1: error: row has 3 fields but the header has 2; \(advice)")
  }
}

@Suite("CSV read progress")
struct CSVProgressTests {
  final class Log: @unchecked Sendable {
    let lock = NSLock()
    var values: [(Int, Int)] = []
    func add(_ done: Int, _ total: Int) { lock.withLock { values.append((done, total)) } }
  }

  @Test("a large file reports increasing progress that ends at the body's size")
  func progress() throws {
    var text = "a,b,c\n"
    for i in 0..<400_000 { text += "\(i),\(i % 7).5,\(i % 13)\n" }
    let log = Log()
    let table = try CSVReader.parse(bytes: Array(text.utf8), file: "big.csv", progress: { log.add($0, $1) })
    #expect(table.rowCount == 400_000)
    let body = text.utf8.count - "a,b,c\n".utf8.count
    #expect(log.values.count > 5)
    #expect(log.values.allSatisfy { $0.1 == body && $0.0 <= body })
    #expect(zip(log.values, log.values.dropFirst()).allSatisfy { $0.0 <= $1.0 })
    #expect(log.values.last!.0 == body)
  }
}
