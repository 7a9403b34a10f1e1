import Foundation
import Testing
import TestSupport
import WeightAnalysis

@testable import DataSources

@Suite("Catalog and pairwise-matrix files")
struct ConfigFileTests {
  @Test("a YAML catalog adds indicators with labels, units, directions, ranges")
  func catalogYAML() throws {
    let text = """
      indicators:
        - id: first_response_minutes
          zh: 首次响应时间
          en: First response time
          unit: min
          direction: lower
          range: [0, 1440]
      outcomes:
        - id: churned
          zh: 是否流失
          direction: lower
          optional: true
      """
    let entries = try CatalogFile.parse(text, file: "catalog.yaml")
    #expect(entries.count == 2)
    let first = entries[0]
    #expect(first.id == "first_response_minutes" && first.chineseLabel == "首次响应时间" && first.direction == .lowerIsBetter)
    #expect(first.plausibleRange == 0...1440 && !first.isOutcome && first.source == "catalog.yaml")
    #expect(entries[1].isOutcome && entries[1].isOptional && entries[1].englishLabel == "churned")
    var catalog = IndicatorCatalog.builtIn
    catalog.merge(entries)
    #expect(catalog["churned"]?.direction == .lowerIsBetter)
    #expect(catalog.outcomeIDs.contains("churned"))
  }

  @Test("JSON catalogs read the same")
  func catalogJSON() throws {
    let entries = try CatalogFile.parse(#"{"indicators": [{"id": "nps", "en": "Net promoter score", "direction": "higher", "range": [-100, 100]}]}"#, file: "c.json")
    #expect(entries[0].plausibleRange == -100...100 && entries[0].direction == .higherIsBetter)
  }

  @Test(
    "catalog errors name the file, line and key path",
    arguments: [
      ("indicators:\n  - id: a\n    direction: up\n", "c.yaml:3:16: error: indicators[0].direction: expected 'higher' or 'lower' (which way is better), got 'up'"),
      ("indicators:\n  - id: a\n", "c.yaml:2:5: error: indicators[0]: missing 'direction'"),
      ("indicators:\n  - id: a\n    direction: higher\n    colour: red\n", "c.yaml:4:5: error: indicators[0].colour: unknown key; expected one of aliases, direction, en, id, optional, range, unit, zh"),
      ("metrics: []\n", "c.yaml:1:1: error: metrics: unknown key; expected 'indicators' or 'outcomes'"),
      ("indicators:\n  - id: a\n    direction: higher\n    range: [5, 1]\n", "c.yaml:4:12: error: indicators[0].range: low 5.0 is above high 1.0"),
      (
        "indicators:\n  - id: a\n    direction: higher\n  - id: a\n    direction: lower\n",
        "c.yaml:4:5: error: indicators[1].id: 'a' is already defined at indicators[0]"
      ),
    ])
  func catalogErrors(text: String, expected: String) {
    #expect(message { _ = try CatalogFile.parse(text, file: "c.yaml") } == expected)
  }

  @Test("pairwise matrices from CSV (upper triangle only, fractions) and YAML agree")
  func matrices() throws {
    let csv = try PairwiseMatrixFile.parseCSV(",a,b,c\na,1,3,5\nb,,1,2\nc,,,1\n", file: "m.csv")
    let yaml = try PairwiseMatrixFile.parseYAML("indicators: [a, b, c]\nmatrix:\n  - [1, 3, 5]\n  - [1/3, 1, 2]\n  - [0.2, 1/2, 1]\n", file: "m.yaml")
    #expect(csv.indicators == ["a", "b", "c"])
    for i in 0..<3 { for j in 0..<3 { #expect(abs(csv.values[i, j] - yaml.values[i, j]) < 1e-15) } }
    #expect(abs(csv.values[2, 0] - 0.2) < 1e-15)
  }

  @Test(
    "pairwise matrix errors say where and how to fix",
    arguments: [
      (",a,b\na,1,x\nb,,1\n", "m.csv:2: error: a vs b: 'x' is not a number or fraction like 1/3"),
      (",a,b\nb,1,2\na,,1\n", "m.csv:2: error: row 1 is 'b' but column 1 is 'a'; rows and columns must list the indicators in the same order"),
      (",a,b,c\na,1,2,3\nb,,1,2\n", "m.csv:1: error: the header names 3 indicators but there are 2 rows; the matrix must be square"),
      (",a,b\na,1,\nb,,1\n", "m.csv:1: error: a vs b: both this comparison and its mirror are empty; give one of them"),
    ])
  func matrixErrors(text: String, expected: String) {
    #expect(message { _ = try PairwiseMatrixFile.parseCSV(text, file: "m.csv") } == expected)
  }
}

@Suite("numbers in configuration files are plain decimals")
struct ConfigNumberTests {
  @Test("decimals and exponents are numbers; hex floats, nan, inf and stray text are not")
  func decimals() {
    for (text, value) in [("8", 8.0), ("-0.5", -0.5), ("+.25", 0.25), ("1e3", 1000), ("2.5E-2", 0.025), ("3.", 3)] {
      #expect(ConfigNumber.decimal(text) == value, "\(text)")
    }
    for text in ["0x1p3", "0x10", "nan", "inf", "-infinity", "1e999", "", ".", "1e", "1 ", "1_000", "١"] {
      #expect(ConfigNumber.decimal(text) == nil, "\(text)")
    }
  }
}

@Suite("cells quoted in messages")
struct QuotedCellTests {
  @Test("a long cell is cut at 60 characters and control characters are escaped")
  func shownCells() {
    #expect(shown(String(repeating: "长", count: 1_000_000)) == String(repeating: "长", count: 60) + "…")
    #expect(shown("a\u{0}b\tc\nd\r\u{1B}") == "a\\0b\\tc\\nd\\r\\u{1B}")
    #expect(shown("满意度") == "满意度")
  }

  @Test("a NUL in a numeric cell is reported escaped, not raw")
  func nulCell() throws {
    let table = try CSVReader.parse(bytes: Array("a,b\n1,2\n3,x\u{0}y\n".utf8), file: "n.csv")
    let error = #expect(throws: DataError.self) { try table.numericColumns(["b"], roles: ["an indicator"], strict: false) }
    #expect(error.map(String.init(describing:)) == "n.csv: error: column 'b' holds text such as 'x\\0y', not numbers; choose a numeric column")
  }
}
