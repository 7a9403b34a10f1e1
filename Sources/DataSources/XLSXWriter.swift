import Foundation
import ZIPFoundation

/// Writes Excel workbooks (`.xlsx`, Office Open XML) that Excel, LibreOffice, openpyxl and our own
/// ``XLSXReader`` read: one sheet per ``Sheet``, the first row bold and frozen, text as inline
/// strings, numbers as numbers (shortest round-trip form, so a value read back is the same
/// double), an absent cell where a value is missing.
///
/// The bytes are reproducible: every ZIP entry carries the same date (1980-01-01 00:00 UTC) and
/// the parts are written in one fixed order, so the same table gives the same file (and hash).
public enum XLSXWriter {
  public enum Cell: Sendable, Equatable {
    case text(String)
    case number(Double)
    /// A number shown in a format; the cell holds the value itself (a share 0.296 shows as 29.60%).
    case formatted(Double, NumberFormat)
    case empty
  }

  /// Excel's built-in number formats the workbooks use.
  public enum NumberFormat: Sendable, Equatable {
    /// `0.00%` (built-in 10): weights and shares.
    case percent
    /// `0.00` (built-in 2): points and scores.
    case twoDecimals
    /// `#,##0.00` (built-in 4): money in yuan, from whole cents.
    case money

    /// The cell style (`cellXfs` index) of this format.
    var style: Int {
      switch self {
      case .percent: return 2
      case .twoDecimals: return 3
      case .money: return 4
      }
    }
  }

  public struct Sheet: Sendable {
    public let name: String
    public let rows: [[Cell]]
    /// Column widths in characters (`nil`: from the longest text in each column, 8–60).
    public let widths: [Double]?

    public init(name: String, rows: [[Cell]], widths: [Double]? = nil) {
      self.name = name
      self.rows = rows
      self.widths = widths
    }
  }

  /// The workbook's bytes.
  /// - Throws: ``DataError/unwritableWorkbook(file:reason:)`` for a sheet name Excel refuses (empty, over 31
  ///   characters, with `: \ / ? * [ ]`, or twice in one workbook) or more than 1,048,576 rows or
  ///   16,384 columns.
  public static func workbook(_ sheets: [Sheet], file: String) throws -> [UInt8] {
    guard !sheets.isEmpty else { throw DataError.unwritableWorkbook(file: file, reason: "a workbook needs at least one sheet") }
    var seen: [String: String] = [:]
    for sheet in sheets {
      guard !sheet.name.isEmpty, sheet.name.count <= 31, !sheet.name.contains(where: { ":\\/?*[]".contains($0) }) else {
        throw DataError.unwritableWorkbook(file: file, reason: "'\(sheet.name)' cannot be a sheet name (1–31 characters, none of : \\ / ? * [ ])")
      }
      if let first = seen[sheet.name.lowercased()] {
        throw DataError.unwritableWorkbook(file: file, reason: "two sheets are named '\(first)' and '\(sheet.name)' (Excel ignores case in sheet names)")
      }
      seen[sheet.name.lowercased()] = sheet.name
      guard sheet.rows.count <= 1_048_576, (sheet.rows.map(\.count).max() ?? 0) <= 16_384 else {
        throw DataError.unwritableWorkbook(file: file, reason: "sheet '\(sheet.name)' is larger than Excel's 1,048,576 rows × 16,384 columns")
      }
    }
    var parts: [(path: String, bytes: [UInt8])] = []
    parts.append(("[Content_Types].xml", Array(contentTypes(sheetCount: sheets.count).utf8)))
    parts.append(("_rels/.rels", Array(rootRelationships.utf8)))
    parts.append(("xl/workbook.xml", Array(workbookXML(sheets.map(\.name)).utf8)))
    parts.append(("xl/_rels/workbook.xml.rels", Array(workbookRelationships(sheetCount: sheets.count).utf8)))
    parts.append(("xl/styles.xml", Array(styles.utf8)))
    for (k, sheet) in sheets.enumerated() { parts.append(("xl/worksheets/sheet\(k + 1).xml", sheetXML(sheet))) }

    let date = Date(timeIntervalSince1970: 315_532_800)  // 1980-01-01 00:00 UTC, the first DOS date
    do {
      let archive = try Archive(data: Data(), accessMode: .create)
      for part in parts {
        let data = Data(part.bytes)
        try archive.addEntry(with: part.path, type: .file, uncompressedSize: Int64(data.count), modificationDate: date, permissions: 0o644, compressionMethod: .deflate) { position, size in
          data.subdata(in: Int(position)..<(Int(position) + size))
        }
      }
      guard let data = archive.data else { throw DataError.unwritableWorkbook(file: file, reason: "the archive could not be assembled") }
      return [UInt8](data)
    } catch let error as DataError {
      throw error
    } catch {
      throw DataError.unwritableWorkbook(file: file, reason: "the archive could not be written (\(error))")
    }
  }

  // MARK: Parts

  static func contentTypes(sheetCount: Int) -> String {
    var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    xml += #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
    xml += #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
    xml += #"<Default Extension="xml" ContentType="application/xml"/>"#
    xml += #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
    xml += #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
    for k in 1...sheetCount {
      xml += #"<Override PartName="/xl/worksheets/sheet\#(k).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
    }
    return xml + "</Types>"
  }

  static let rootRelationships =
    #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
    + #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#
    + "</Relationships>"

  static func workbookXML(_ names: [String]) -> String {
    var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    xml += #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#
    for (k, name) in names.enumerated() { xml += #"<sheet name="\#(XMLText.escape(name))" sheetId="\#(k + 1)" r:id="rId\#(k + 1)"/>"# }
    return xml + "</sheets></workbook>"
  }

  static func workbookRelationships(sheetCount: Int) -> String {
    var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    xml += #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
    for k in 1...sheetCount {
      xml += #"<Relationship Id="rId\#(k)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet\#(k).xml"/>"#
    }
    xml += #"<Relationship Id="rId\#(sheetCount + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#
    return xml + "</Relationships>"
  }

  /// Cell styles: 0 plain, 1 bold (the header), 2 percent, 3 two decimals, 4 money.
  static let styles =
    #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    + #"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
    + #"<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>"#
    + #"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#
    + #"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#
    + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
    + #"<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>"#
    + #"<xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
    + #"<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>"#
    + #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
    + "</styleSheet>"

  static func sheetXML(_ sheet: Sheet) -> [UInt8] {
    var out: [UInt8] = []
    func put(_ text: String) { out.append(contentsOf: text.utf8) }
    put(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n")
    put(#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#)
    if sheet.rows.count > 1 {
      put(#"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#)
    }
    let widths = sheet.widths ?? defaultWidths(sheet.rows)
    if !widths.isEmpty {
      put("<cols>")
      for (k, width) in widths.enumerated() { put(#"<col min="\#(k + 1)" max="\#(k + 1)" width="\#(width)" customWidth="1"/>"#) }
      put("</cols>")
    }
    put("<sheetData>")
    for (r, row) in sheet.rows.enumerated() {
      put(#"<row r="\#(r + 1)">"#)
      let style = r == 0 ? #" s="1""# : ""
      for (c, cell) in row.enumerated() {
        let reference = "\(XLSXReader.columnLetters(c))\(r + 1)"
        switch cell {
        case .empty: continue
        case .number(let value):
          guard value.isFinite else { continue }
          put(#"<c r="\#(reference)"\#(style)><v>\#(numberText(value))</v></c>"#)
        case .formatted(let value, let format):
          guard value.isFinite else { continue }
          put(#"<c r="\#(reference)" s="\#(format.style)"><v>\#(numberText(value))</v></c>"#)
        case .text(let text):
          let space = text.first?.isWhitespace == true || text.last?.isWhitespace == true ? #" xml:space="preserve""# : ""
          put(#"<c r="\#(reference)"\#(style) t="inlineStr"><is><t\#(space)>\#(XMLText.escape(text))</t></is></c>"#)
        }
      }
      put("</row>")
    }
    put("</sheetData></worksheet>")
    return out
  }

  /// A value in shortest round-trip form (whole numbers without a decimal point).
  static func numberText(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
  }

  /// Widths from the longest text of each column (a CJK character counts two), within 8–60.
  static func defaultWidths(_ rows: [[Cell]]) -> [Double] {
    let count = rows.map(\.count).max() ?? 0
    return (0..<count).map { c in
      let longest = rows.prefix(1000).map { row -> Int in
        guard c < row.count else { return 0 }
        switch row[c] {
        case .text(let text): return text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1100 ? 2 : 1) }
        case .number, .formatted: return 10
        case .empty: return 0
        }
      }.max() ?? 0
      return Double(min(max(longest + 2, 8), 60))
    }
  }
}

/// Text for XML, HTML and SVG (workbook parts, reports, charts).
public enum XMLText {
  /// Text for XML: `& < > "` escaped, and characters XML 1.0 cannot hold (controls other than tab
  /// and line breaks) left out.
  public static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      default:
        if scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r" { continue }
        if scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
