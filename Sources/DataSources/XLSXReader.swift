import Foundation
import ZIPFoundation

/// Reads a sheet of an Excel workbook (`.xlsx`, Office Open XML) into a ``DataTable``.
///
/// The workbook is a ZIP archive (read with ZIPFoundation, in memory); its XML parts are scanned
/// by our own streaming scanner: `xl/workbook.xml` (sheet names, the 1904 date system),
/// `xl/_rels/workbook.xml.rels`, `xl/sharedStrings.xml`, `xl/styles.xml` (which cells carry a
/// date format) and the sheet itself. Cells: shared and inline strings, numbers, booleans
/// (`TRUE`/`FALSE`, read as 1/0 by the yes/no rule), errors (`#N/A` is missing), the cached
/// values of formulas, empty cells. A number in a date or time format becomes an ISO 8601
/// timestamp: in the 1900 system serial 1 is 1900-01-01 and Excel's fictitious 1900-02-29
/// (serial 60) is kept as a day, so serial 61 is 1900-03-01; in the 1904 system serial 0 is
/// 1904-01-01. The sheet becomes CSV text that the CSV reader parses, so every rule about
/// numbers and missing values is the same; locations name the cell (`file.xlsx[Sheet1]!C7`).
public enum XLSXReader {
  /// Whether bytes are a ZIP archive (an `.xlsx`) or an OLE2 compound file (an old `.xls`).
  public static func isZIP(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) }
  public static func isOLE2(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) }

  /// Parses sheet `sheet` (a name, or a 1-based number; `nil`: the first) of a workbook.
  /// - Throws: ``DataError`` (``DataError/workbook(file:reason:)``, ``DataError/mergedHeader(_:range:)``,
  ///   and the CSV reader's errors located by cell).
  public static func parse(bytes: [UInt8], file: String, sheet: String? = nil) throws -> DataTable {
    if isOLE2(bytes) { throw DataError.workbook(file: file, reason: "it is an old Excel .xls workbook; save it as .xlsx or CSV") }
    let archive: Archive
    do {
      archive = try Archive(data: Data(bytes), accessMode: .read)
    } catch {
      throw DataError.workbook(file: file, reason: "it is not a readable .xlsx (ZIP) archive")
    }
    func part(_ path: String) throws -> [UInt8]? {
      guard let entry = archive[path] else { return nil }
      var data = Data()
      data.reserveCapacity(Int(clamping: entry.uncompressedSize))
      do {
        _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
      } catch {
        throw DataError.workbook(file: file, reason: "its part \(path) cannot be decompressed")
      }
      return [UInt8](data)
    }
    guard let workbookXML = try part("xl/workbook.xml") else { throw DataError.workbook(file: file, reason: "it has no xl/workbook.xml; is it an Excel workbook?") }
    let workbook = Workbook(workbookXML)
    let relationships = try part("xl/_rels/workbook.xml.rels").map(Relationships.init) ?? Relationships([])
    guard !workbook.sheets.isEmpty else { throw DataError.workbook(file: file, reason: "it has no sheets") }
    let chosen: (name: String, id: String)
    if let sheet {
      if let number = Int(sheet), (1...workbook.sheets.count).contains(number) {
        chosen = workbook.sheets[number - 1]
      } else if let named = workbook.sheets.first(where: { $0.name == sheet }) {
        chosen = named
      } else {
        throw DataError.workbook(file: file, reason: "it has no sheet '\(sheet)'; its sheets are \(workbook.sheets.map { "'\($0.name)'" }.joined(separator: ", "))")
      }
    } else {
      chosen = workbook.sheets[0]
    }
    var target = relationships.targets[chosen.id] ?? "worksheets/sheet1.xml"
    target = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
    guard let sheetXML = try part(target) else { throw DataError.workbook(file: file, reason: "the part \(target) of sheet '\(chosen.name)' is missing") }
    let strings = try part("xl/sharedStrings.xml").map(SharedStrings.parse) ?? []
    let styles = try part("xl/styles.xml").map(Styles.init) ?? Styles([])
    let cells = SheetCells(sheetXML)
    let name = "\(file)[\(chosen.name)]"

    // Header: the first row with a value; a merge touching it is a merged or multi-row header.
    guard let headerRow = cells.rows.first(where: { row in row.cells.contains { !$0.value.isEmpty } })?.number else {
      throw DataError.emptyFile(file: name)
    }
    if let merge = cells.merges.first(where: { $0.rows.contains(headerRow) }) {
      throw DataError.mergedHeader(SourceLocation(file: name, line: headerRow, column: merge.columns.lowerBound + 1, cell: merge.reference), range: merge.reference)
    }
    // The sheet as CSV: one line per sheet row from the header on (empty rows are blank lines).
    var csv: [UInt8] = []
    csv.reserveCapacity(sheetXML.count / 2)
    var expected = headerRow
    for row in cells.rows where row.number >= headerRow {
      while expected < row.number {
        csv.append(0x0A)
        expected += 1
      }
      var column = 0
      for cell in row.cells {
        while column < cell.column {
          if column > 0 { csv.append(0x2C) }
          column += 1
        }
        if column > 0 { csv.append(0x2C) }
        let text = cell.text(strings: strings, styles: styles, date1904: workbook.date1904)
        appendField(text, to: &csv)
        column += 1
      }
      csv.append(0x0A)
      expected = row.number + 1
    }
    var table: DataTable
    do {
      table = try CSVReader.parse(bytes: csv, file: name)
    } catch DataError.raggedRow(let at, _, let found) {
      // A row wider than the header: the cell beyond the last named column.
      let sheetRow = headerRow + at.line - 1
      throw DataError.unnamedColumn(SourceLocation(file: name, line: sheetRow, column: found, cell: "\(columnLetters(found - 1))\(sheetRow)"))
    }
    table.sheet = .init(name: chosen.name, headerRow: headerRow, workbook: file)
    return table
  }

  /// A CSV field: quoted when it holds a delimiter, quote or line break.
  static func appendField(_ text: String, to out: inout [UInt8]) {
    let utf8 = text.utf8
    if utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
      out.append(0x22)
      for byte in utf8 {
        if byte == 0x22 { out.append(0x22) }
        out.append(byte)
      }
      out.append(0x22)
    } else {
      out.append(contentsOf: utf8)
    }
  }

  /// `A`, `B`, …, `Z`, `AA`, … for a 0-based column.
  public static func columnLetters(_ index: Int) -> String {
    var n = index + 1
    var letters: [Character] = []
    while n > 0 {
      let r = (n - 1) % 26
      letters.append(Character(Unicode.Scalar(UInt8(65 + r))))
      n = (n - 1) / 26
    }
    return String(letters.reversed())
  }

  /// The 0-based column and the row of a reference such as `C7` (`nil` when malformed).
  static func cellIndex(_ reference: String) -> (column: Int, row: Int)? {
    var column = 0, row = 0, sawDigit = false
    for byte in reference.utf8 {
      if (0x41...0x5A).contains(byte) && !sawDigit {
        column = column * 26 + Int(byte - 0x40)
      } else if (0x30...0x39).contains(byte) {
        sawDigit = true
        row = row * 10 + Int(byte - 0x30)
      } else if byte != 0x24 {  // '$'
        return nil
      }
    }
    return column > 0 && row > 0 ? (column - 1, row) : nil
  }

  // MARK: Dates

  /// A date-formatted number as ISO 8601 text (date only when it has no time of day).
  static func dateText(_ serial: Double, date1904: Bool) -> String? {
    // The 1904 system stores dates before 1904 as negative serials (down to 1900-01-01).
    guard serial.isFinite, serial >= (date1904 ? -1462 : 0), serial < 2_958_466 else { return nil }
    var days = serial.rounded(.down)
    var seconds = ((serial - days) * 86_400).rounded()
    if seconds >= 86_400 { days += 1; seconds -= 86_400 }
    let day: Int
    if date1904 {
      day = Timestamp.daysFromCivil(year: 1904, month: 1, day: 1) + Int(days)
    } else if days >= 61 {
      day = Timestamp.daysFromCivil(year: 1899, month: 12, day: 30) + Int(days)
    } else if days == 60 {
      return "1900-02-29"  // Excel's fictitious leap day (Lotus 1-2-3 compatibility): not a date
    } else {
      day = Timestamp.daysFromCivil(year: 1899, month: 12, day: 31) + Int(days)
    }
    let (y, m, d) = Timestamp.civilFromDays(day)
    func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    var text = "\(y)-\(two(m))-\(two(d))"
    if seconds > 0 {
      let s = Int(seconds)
      text += " \(two(s / 3600)):\(two(s / 60 % 60)):\(two(s % 60))"
    }
    return text
  }

  /// Whether a number format shows a date or time: built-in ids 14–22, 27–36, 45–47, 50–58, or a
  /// format code with d, m, y, h or s outside quotes, escapes and `[…]` colour/condition blocks.
  static func isDateFormat(id: Int, code: String?) -> Bool {
    if let code {
      var inQuote = false, inBracket = false, escaped = false
      for character in code.lowercased() {
        if escaped { escaped = false; continue }
        switch character {
        case "\\": escaped = true
        case "\"": inQuote.toggle()
        case "[": inBracket = true
        case "]": inBracket = false
        default:
          if !inQuote && !inBracket && "dmyhs".contains(character) { return true }
        }
      }
      return false
    }
    return (14...22).contains(id) || (27...36).contains(id) || (45...47).contains(id) || (50...58).contains(id)
  }
}

extension XLSXReader {
  struct Workbook {
    var sheets: [(name: String, id: String)] = []
    var date1904 = false

    init(_ bytes: [UInt8]) {
      var scanner = XMLScanner(bytes)
      while let event = scanner.next() {
        guard case .start(let name, let attributes, _) = event else { continue }
        if XMLScanner.named(name, "sheet") || XMLScanner.named(name, "x:sheet") {
          if let sheetName = XMLScanner.attribute("name", in: attributes), let id = XMLScanner.attribute("r:id", in: attributes) {
            sheets.append((sheetName, id))
          }
        } else if XMLScanner.named(name, "workbookPr"), let value = XMLScanner.attribute("date1904", in: attributes) {
          date1904 = value == "1" || value == "true"
        }
      }
    }
  }

  struct Relationships {
    var targets: [String: String] = [:]
    init(_ bytes: [UInt8]) {
      var scanner = XMLScanner(bytes)
      while let event = scanner.next() {
        guard case .start(let name, let attributes, _) = event, XMLScanner.named(name, "Relationship") else { continue }
        if let id = XMLScanner.attribute("Id", in: attributes), let target = XMLScanner.attribute("Target", in: attributes) { targets[id] = target }
      }
    }
  }

  enum SharedStrings {
    /// Each `<si>`'s text: its `<t>` runs joined, phonetic runs (`<rPh>`) left out.
    static func parse(_ bytes: [UInt8]) -> [String] {
      var result: [String] = []
      var scanner = XMLScanner(bytes)
      var current: [UInt8] = []
      var inItem = false, inText = false, inPhonetic = false
      while let event = scanner.next() {
        switch event {
        case .start(let name, _, let selfClosing):
          if XMLScanner.named(name, "si") { inItem = true; current.removeAll(keepingCapacity: true); if selfClosing { result.append(""); inItem = false } }
          else if XMLScanner.named(name, "rPh") { inPhonetic = !selfClosing }
          else if XMLScanner.named(name, "t") && inItem && !inPhonetic { inText = !selfClosing }
        case .end(let name):
          if XMLScanner.named(name, "si") { result.append(XMLScanner.decode(current[...])); inItem = false }
          else if XMLScanner.named(name, "rPh") { inPhonetic = false }
          else if XMLScanner.named(name, "t") { inText = false }
        case .text(let text):
          if inText { current.append(contentsOf: text) }
        }
      }
      return result
    }
  }

  struct Styles {
    /// Whether cell style `s` (an index into `cellXfs`) formats numbers as dates or times.
    var isDate: [Bool] = []
    init(_ bytes: [UInt8]) {
      var codes: [Int: String] = [:]
      var formatIDs: [Int] = []
      var inCellXfs = false
      var scanner = XMLScanner(bytes)
      while let event = scanner.next() {
        switch event {
        case .start(let name, let attributes, let selfClosing):
          if XMLScanner.named(name, "numFmt"), let id = XMLScanner.attribute("numFmtId", in: attributes).flatMap(Int.init) {
            codes[id] = XMLScanner.attribute("formatCode", in: attributes)
          } else if XMLScanner.named(name, "cellXfs") {
            inCellXfs = !selfClosing
          } else if inCellXfs && XMLScanner.named(name, "xf") {
            formatIDs.append(XMLScanner.attribute("numFmtId", in: attributes).flatMap(Int.init) ?? 0)
          }
        case .end(let name):
          if XMLScanner.named(name, "cellXfs") { inCellXfs = false }
        case .text: break
        }
      }
      isDate = formatIDs.map { XLSXReader.isDateFormat(id: $0, code: codes[$0]) }
    }
  }

  /// The cells of a sheet, row by row, and its merged ranges.
  struct SheetCells {
    struct Cell {
      let column: Int
      /// `s` shared string, `inlineStr`, `str` formula string, `b` boolean, `e` error, `n` number.
      let type: String
      let style: Int
      let value: String

      func text(strings: [String], styles: Styles, date1904: Bool) -> String {
        switch type {
        case "s": return Int(value).flatMap { $0 < strings.count ? strings[$0] : nil } ?? ""
        case "b": return value == "1" ? "TRUE" : (value == "0" ? "FALSE" : value)
        case "inlineStr", "str", "e": return value
        default:
          if style < styles.isDate.count, styles.isDate[style], let number = Double(value), let date = XLSXReader.dateText(number, date1904: date1904) {
            return date
          }
          return value
        }
      }
    }
    struct Row {
      let number: Int
      var cells: [Cell]
    }
    struct Merge {
      let reference: String
      let rows: ClosedRange<Int>
      let columns: ClosedRange<Int>
    }

    var rows: [Row] = []
    var merges: [Merge] = []

    init(_ bytes: [UInt8]) {
      var scanner = XMLScanner(bytes)
      var row: Row? = nil
      var nextRow = 1
      var cell: (column: Int, type: String, style: Int)? = nil
      var nextColumn = 0
      var value: [UInt8] = []
      var capture = false, inInline = false
      while let event = scanner.next() {
        switch event {
        case .start(let name, let attributes, let selfClosing):
          if XMLScanner.named(name, "row") {
            let number = XMLScanner.attribute("r", in: attributes).flatMap(Int.init) ?? nextRow
            row = Row(number: number, cells: [])
            nextRow = number + 1
            nextColumn = 0
            if selfClosing { rows.append(row!); row = nil }
          } else if XMLScanner.named(name, "c") {
            let column = XMLScanner.attribute("r", in: attributes).flatMap { XLSXReader.cellIndex($0)?.column } ?? nextColumn
            cell = (column, XMLScanner.attribute("t", in: attributes) ?? "n", XMLScanner.attribute("s", in: attributes).flatMap(Int.init) ?? 0)
            nextColumn = column + 1
            value.removeAll(keepingCapacity: true)
            if selfClosing { cell = nil }
          } else if XMLScanner.named(name, "v") {
            capture = !selfClosing && cell != nil
          } else if XMLScanner.named(name, "is") {
            inInline = true
          } else if XMLScanner.named(name, "t") && inInline {
            capture = !selfClosing
          } else if XMLScanner.named(name, "mergeCell"), let reference = XMLScanner.attribute("ref", in: attributes) {
            let parts = reference.split(separator: ":").map(String.init)
            if let a = XLSXReader.cellIndex(parts[0]), let b = XLSXReader.cellIndex(parts.count > 1 ? parts[1] : parts[0]) {
              merges.append(Merge(reference: reference, rows: min(a.row, b.row)...max(a.row, b.row), columns: min(a.column, b.column)...max(a.column, b.column)))
            }
          }
        case .end(let name):
          if XMLScanner.named(name, "v") || XMLScanner.named(name, "t") {
            capture = false
          } else if XMLScanner.named(name, "is") {
            inInline = false
          } else if XMLScanner.named(name, "c"), let c = cell {
            let text = XMLScanner.decode(value[...])
            if !text.isEmpty { row?.cells.append(Cell(column: c.column, type: c.type, style: c.style, value: text)) }
            cell = nil
          } else if XMLScanner.named(name, "row"), let r = row {
            rows.append(r)
            row = nil
          }
        case .text(let text):
          if capture { value.append(contentsOf: text) }
        }
      }
    }
  }
}
