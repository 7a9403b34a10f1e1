import Foundation

/// Reads a sheet of an Excel workbook (`.xlsx`, Office Open XML) into a ``DataTable``.
///
/// The workbook is a ZIP archive (read in memory by our own bounds-checked reader and zlib); its XML parts are scanned
/// by our own streaming scanner: `xl/workbook.xml` (sheet names, the 1904 date system),
/// `xl/_rels/workbook.xml.rels`, `xl/sharedStrings.xml`, `xl/styles.xml` (which cells carry a
/// date format) and the sheet itself. Cells: shared and inline strings, numbers, booleans
/// (`TRUE`/`FALSE`, read as 1/0 by the yes/no rule), errors (`#N/A` is missing), the cached
/// values of formulas, empty cells. A number in a date or time format becomes an ISO 8601
/// timestamp: in the 1900 system serial 1 is 1900-01-01 and Excel's fictitious 1900-02-29
/// (serial 60) is kept as a day, so serial 61 is 1900-03-01; in the 1904 system serial 0 is
/// 1904-01-01. The sheet is written as CSV text in one streaming pass (``SheetCSV``), which the CSV reader parses, so every rule about
/// numbers and missing values is the same; locations name the cell (`file.xlsx[Sheet1]!C7`).
public enum XLSXReader {
  /// Whether bytes are a ZIP archive (an `.xlsx`) or an OLE2 compound file (an old `.xls`).
  public static func isZIP(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) }
  public static func isOLE2(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) }

  /// Parses sheet `sheet` (a name, or a 1-based number; `nil`: the first) of a workbook.
  /// - Throws: ``DataError`` (``DataError/workbook(file:reason:)``, ``DataError/mergedHeader(_:range:)``,
  ///   and the CSV reader's errors located by cell).
  public static func parse(bytes: [UInt8], file: String, sheet: String? = nil) throws -> DataTable {
    let opened = try open(bytes: bytes, file: file, sheet: sheet)
    let name = opened.name
    let sheetXML: [UInt8]
    switch extract(opened.entry, from: bytes, name: opened.target) {
    case .success(let data): sheetXML = data
    case .failure(let problem): throw DataError.workbook(file: file, reason: problem.reason)
    }
    // The sheet as CSV, written in one pass: one line per sheet row from the header (the first
    // row with a value) on; empty rows are blank lines.
    let sheetCSV = SheetCSV(sheetXML, strings: opened.strings, styles: opened.styles, date1904: opened.date1904)
    let headerRow = try opened.checkHeader(of: sheetCSV)
    let csv = sheetCSV.csv
    var table: DataTable
    do {
      table = try CSVReader.parse(bytes: csv, file: name)
    } catch let error as DataError {
      throw opened.located(error, headerRow: headerRow)
    }
    table.sheet = .init(name: opened.sheetName, headerRow: headerRow, workbook: file)
    return table
  }

  /// A workbook's chosen sheet and what reading it needs: its part, the shared strings, the
  /// date styles and the date system.
  struct OpenedSheet {
    let file: String
    let sheetName: String
    /// `book.xlsx[Sheet1]`, the name locations use.
    let name: String
    let target: String
    let entry: ZIPEntry
    let strings: SharedStrings
    let styles: Styles
    let date1904: Bool

    /// The header's sheet row, once the sheet is read: an empty sheet, and a merge touching the
    /// header (a merged or multi-row header), are errors.
    func checkHeader(of sheetCSV: SheetCSV) throws -> Int {
      guard let headerRow = sheetCSV.headerRow else { throw DataError.emptyFile(file: name) }
      if let merge = sheetCSV.merges.first(where: { $0.rows.contains(headerRow) }) {
        throw DataError.mergedHeader(SourceLocation(file: name, line: headerRow, column: merge.columns.lowerBound + 1, cell: merge.reference), range: merge.reference)
      }
      return headerRow
    }

    /// A CSV reader's error on the sheet's CSV, located on the sheet: a row wider than the
    /// header is the cell beyond the last named column.
    func located(_ error: DataError, headerRow: Int) -> DataError {
      if case .raggedRow(let at, _, let found) = error {
        let sheetRow = headerRow + at.line - 1
        return DataError.unnamedColumn(SourceLocation(file: name, line: sheetRow, column: found, cell: "\(columnLetters(found - 1))\(sheetRow)"))
      }
      return error
    }
  }

  /// Finds sheet `sheet` of a workbook and reads its shared strings and styles.
  static func open(bytes: [UInt8], file: String, sheet: String?) throws -> OpenedSheet {
    if isOLE2(bytes) { throw DataError.workbook(file: file, reason: "it is an old Excel .xls workbook; save it as .xlsx or CSV") }
    let entries: [String: ZIPEntry]
    switch zipDirectory(bytes) {
    case .success(let found): entries = found
    case .failure(let problem): throw DataError.workbook(file: file, reason: problem.reason)
    }
    func part(_ path: String) throws -> [UInt8]? {
      guard let entry = entries[path] else { return nil }
      switch extract(entry, from: bytes, name: path) {
      case .success(let data): return data
      case .failure(let problem): throw DataError.workbook(file: file, reason: problem.reason)
      }
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
    guard let entry = entries[target] else { throw DataError.workbook(file: file, reason: "the part \(target) of sheet '\(chosen.name)' is missing") }
    let strings = try part("xl/sharedStrings.xml").map(SharedStrings.init) ?? SharedStrings()
    let styles = try part("xl/styles.xml").map(Styles.init) ?? Styles([])
    return OpenedSheet(
      file: file, sheetName: chosen.name, name: "\(file)[\(chosen.name)]", target: target, entry: entry, strings: strings, styles: styles,
      date1904: workbook.date1904)
  }

  /// A CSV field: quoted when it holds a delimiter, quote or line break.
  static func appendField<Bytes: Collection<UInt8>>(_ utf8: Bytes, to out: inout [UInt8]) {
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
  static func cellIndex(_ reference: String) -> (column: Int, row: Int)? { cellIndex(reference.utf8) }

  /// ``cellIndex(_:)`` over bytes; columns beyond XFD (16,384) or rows beyond 1,048,576 (Excel's
  /// limits) are malformed.
  static func cellIndex<Bytes: Sequence<UInt8>>(_ reference: Bytes) -> (column: Int, row: Int)? {
    var column = 0, row = 0, sawDigit = false
    for byte in reference {
      guard column <= 16_384, row <= 1_048_576 else { return nil }
      if (0x41...0x5A).contains(byte) && !sawDigit {
        column = column * 26 + Int(byte - 0x40)
      } else if (0x30...0x39).contains(byte) {
        sawDigit = true
        row = row * 10 + Int(byte - 0x30)
      } else if byte != 0x24 {  // '$'
        return nil
      }
    }
    return column > 0 && column <= 16_384 && row > 0 && row <= 1_048_576 ? (column - 1, row) : nil
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

  /// The shared strings, each kept as a ready CSV field (quoted where needed) in one buffer.
  struct SharedStrings {
    var fields: [UInt8] = []
    /// Where string k's field starts in `fields` (k + 1: where it ends).
    var offsets: [Int] = [0]
    var count: Int { offsets.count - 1 }

    init() {}

    /// Each `<si>`'s text: its `<t>` runs joined, phonetic runs (`<rPh>`) left out.
    init(_ bytes: [UInt8]) {
      var scanner = XMLScanner(bytes)
      var current: [UInt8] = []
      var inItem = false, inText = false, inPhonetic = false
      fields.reserveCapacity(bytes.count / 4)
      while let event = scanner.next() {
        switch event {
        case .start(let name, _, let selfClosing):
          if XMLScanner.named(name, "si") { inItem = true; current.removeAll(keepingCapacity: true); if selfClosing { offsets.append(fields.count); inItem = false } }
          else if XMLScanner.named(name, "rPh") { inPhonetic = !selfClosing }
          else if XMLScanner.named(name, "t") && inItem && !inPhonetic { inText = !selfClosing }
        case .end(let name):
          if XMLScanner.named(name, "si") {
            XLSXReader.appendField(XMLScanner.decodedBytes(current[...]), to: &fields)
            offsets.append(fields.count)
            inItem = false
          }
          else if XMLScanner.named(name, "rPh") { inPhonetic = false }
          else if XMLScanner.named(name, "t") { inText = false }
        case .text(let text):
          if inText { current.append(contentsOf: text) }
        }
      }
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

  /// A sheet's cells written as CSV text in one streaming pass, with its merged ranges.
  ///
  /// Each cell is written as it is read: a shared string as its ready field, a number as its
  /// bytes (a date-formatted one as ISO 8601 text), a boolean as `TRUE`/`FALSE`, inline and
  /// formula strings and errors decoded and quoted where needed. Cells without a value are
  /// skipped; columns come from the `r` reference (or follow the previous cell), so gaps are
  /// empty fields, and a row is padded to the header's width. Nothing is written before the header (the first row with a value); later
  /// missing row numbers are blank lines, so CSV line k is sheet row `headerRow + k − 1`.
  struct SheetCSV {
    struct Merge {
      let reference: String
      let rows: ClosedRange<Int>
      let columns: ClosedRange<Int>
    }

    var csv: [UInt8] = []
    var headerRow: Int? = nil
    var merges: [Merge] = []
    /// Where the last whole line of ``csv`` ends (what a streaming read may hand on).
    var lineEnd = 0

    let strings: SharedStrings
    let styles: Styles
    let date1904: Bool
    // The scan's state, kept between the pieces of a streamed sheet.
    var rowNumber = 0, nextRow = 1, expectedRow = 0
    var inRow = false
    var column = 0, nextColumn = 0
    var inCell = false, headerWidth = 0
    var cellColumn = 0, cellStyle = 0
    var cellType: UInt8 = 0x6E  // first byte of `t`: n(umber), s(hared), b(oolean), i(nlineStr), e(rror); `str` is 0x53
    var value: [UInt8] = []
    var capture = false, inInline = false

    /// The whole sheet at once.
    init(_ bytes: [UInt8], strings: SharedStrings, styles: Styles, date1904: Bool) {
      self.init(strings: strings, styles: styles, date1904: date1904)
      csv.reserveCapacity(bytes.count / 3)
      var scanner = XMLScanner(bytes)
      consume(&scanner)
    }

    /// A sheet to be fed in pieces (``consume(_:)``).
    init(strings: SharedStrings, styles: Styles, date1904: Bool) {
      self.strings = strings
      self.styles = styles
      self.date1904 = date1904
    }

    /// Takes the whole lines written so far out of ``csv``.
    mutating func takeLines() -> [UInt8] {
      let lines = Array(csv[..<lineEnd])
      csv.removeSubrange(..<lineEnd)
      lineEnd = 0
      return lines
    }

    mutating func endLine() {
      csv.append(0x0A)
      lineEnd = csv.count
    }

    mutating func writeCell() {
      if headerRow == nil { headerRow = rowNumber; expectedRow = rowNumber }
      while column < cellColumn {
        if column > 0 { csv.append(0x2C) }
        column += 1
      }
      if column > 0 { csv.append(0x2C) }
      column += 1
      switch cellType {
      case 0x73:  // s
        if let k = Self.integer(value[...]), k < strings.count {
          csv.append(contentsOf: strings.fields[strings.offsets[k]..<strings.offsets[k + 1]])
        }
      case 0x62:  // b
        if value == [0x31] { csv.append(contentsOf: [0x54, 0x52, 0x55, 0x45]) }
        else if value == [0x30] { csv.append(contentsOf: [0x46, 0x41, 0x4C, 0x53, 0x45]) }
        else { XLSXReader.appendField(XMLScanner.decodedBytes(value[...]), to: &csv) }
      case 0x6E:  // n
        if cellStyle < styles.isDate.count, styles.isDate[cellStyle],
          let number = Double(String(decoding: value, as: UTF8.self)), let date = XLSXReader.dateText(number, date1904: date1904)
        {
          csv.append(contentsOf: date.utf8)
        } else if !value.contains(where: { $0 == 0x26 || $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
          csv.append(contentsOf: value)
        } else {
          XLSXReader.appendField(XMLScanner.decodedBytes(value[...]), to: &csv)
        }
      default:  // inlineStr, str, e
        XLSXReader.appendField(XMLScanner.decodedBytes(value[...]), to: &csv)
      }
    }

    /// Writes the events of `scanner` (the whole sheet, or a piece of it) as CSV.
    mutating func consume(_ scanner: inout XMLScanner) {
      while let event = scanner.next() {
        switch event {
        case .start(let name, let attributes, let selfClosing):
          if XMLScanner.named(name, "c") {
            var reference: ArraySlice<UInt8>? = nil
            var type: UInt8 = 0x6E, style = 0
            XMLScanner.forEachAttribute(in: attributes) { key, text in
              if key.count == 1 {
                switch key.first! {
                case 0x72: reference = text  // r
                case 0x73: style = Self.integer(text) ?? 0  // s
                case 0x74: type = text.count == 3 && text.first == 0x73 ? 0x53 : (text.first ?? 0x6E)  // t
                default: break
                }
              }
            }
            cellType = type
            cellStyle = style
            cellColumn = reference.flatMap { XLSXReader.cellIndex($0)?.column } ?? nextColumn
            nextColumn = cellColumn + 1
            value.removeAll(keepingCapacity: true)
            inCell = !selfClosing
          } else if XMLScanner.named(name, "v") {
            capture = !selfClosing && inCell
          } else if XMLScanner.named(name, "row") {
            var number: Int? = nil
            XMLScanner.forEachAttribute(in: attributes) { key, text in
              if key.count == 1 && key.first == 0x72 { number = Self.integer(text) }
            }
            rowNumber = number.flatMap { $0 >= nextRow && $0 <= 1_048_576 ? $0 : nil } ?? nextRow
            nextRow = rowNumber + 1
            column = 0
            nextColumn = 0
            if headerRow != nil {
              while expectedRow < rowNumber { endLine(); expectedRow += 1 }
            }
            inRow = !selfClosing
            if selfClosing, headerRow != nil { endLine(); expectedRow = rowNumber + 1 }
          } else if XMLScanner.named(name, "is") {
            inInline = true
          } else if XMLScanner.named(name, "t") && inInline {
            capture = !selfClosing
          } else if XMLScanner.named(name, "mergeCell"), let reference = XMLScanner.attribute("ref", in: attributes) {
            let parts = reference.split(separator: ":").map(String.init)
            if let first = parts.first, let a = XLSXReader.cellIndex(first), let b = XLSXReader.cellIndex(parts.count > 1 ? parts[1] : first) {
              merges.append(Merge(reference: reference, rows: min(a.row, b.row)...max(a.row, b.row), columns: min(a.column, b.column)...max(a.column, b.column)))
            }
          }
        case .end(let name):
          if XMLScanner.named(name, "v") || XMLScanner.named(name, "t") {
            capture = false
          } else if XMLScanner.named(name, "c") {
            if inCell && !value.isEmpty { writeCell() }
            inCell = false
          } else if XMLScanner.named(name, "is") {
            inInline = false
          } else if XMLScanner.named(name, "row") {
            if inRow, headerRow != nil {
              // Trailing empty cells are not in the XML: the row is padded to the header's width.
              if rowNumber == headerRow { headerWidth = column }
              if column > 0 { while column < headerWidth { csv.append(0x2C); column += 1 } }
              endLine()
              expectedRow = rowNumber + 1
            }
            inRow = false
          }
        case .text(let text):
          if capture { value.append(contentsOf: text) }
        }
      }
    }

    /// A non-negative decimal integer (at most 9 digits), or `nil`.
    @inline(__always)
    static func integer(_ bytes: ArraySlice<UInt8>) -> Int? {
      guard !bytes.isEmpty, bytes.count <= 9 else { return nil }
      var n = 0
      for byte in bytes {
        guard byte >= 0x30 && byte <= 0x39 else { return nil }
        n = n * 10 + Int(byte - 0x30)
      }
      return n
    }
  }
}
