/// A plain-text table whose columns stay aligned with Chinese text: East Asian wide and
/// fullwidth characters take two terminal columns (Unicode UAX #11).
public struct TextTable: Sendable {
  public enum Alignment: Sendable { case left, right }

  public var headers: [String]
  public var alignments: [Alignment]
  public var rows: [[String]] = []

  public init(headers: [String], alignments: [Alignment]) {
    precondition(headers.count == alignments.count, "one alignment per header")
    self.headers = headers
    self.alignments = alignments
  }

  public mutating func append(_ row: [String]) {
    precondition(row.count == headers.count, "row has \(row.count) cells, table has \(headers.count) columns")
    rows.append(row)
  }

  /// Renders with two spaces between columns and a rule under the header; `styleHeader`
  /// wraps header text (e.g. in ANSI bold) without affecting widths.
  public func render(styleHeader: (String) -> String = { $0 }) -> String {
    var widths = headers.map(displayWidth)
    for row in rows {
      for (j, cell) in row.enumerated() { widths[j] = max(widths[j], displayWidth(cell)) }
    }
    func line(_ cells: [String], style: (String) -> String) -> String {
      var parts: [String] = []
      for (j, cell) in cells.enumerated() {
        let padding = String(repeating: " ", count: widths[j] - displayWidth(cell))
        let isLast = j == cells.count - 1
        switch alignments[j] {
        case .left: parts.append(style(cell) + (isLast ? "" : padding))
        case .right: parts.append(padding + style(cell))
        }
      }
      var text = parts.joined(separator: "  ")
      while text.last == " " { text.removeLast() }
      return text
    }
    var out = line(headers, style: styleHeader) + "\n"
    out += widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ") + "\n"
    for row in rows { out += line(row, style: { $0 }) + "\n" }
    return out
  }
}

/// Terminal columns taken by `text`: 2 for East Asian wide/fullwidth scalars, 0 for combining
/// marks and zero-width characters, 1 otherwise.
public func displayWidth(_ text: String) -> Int {
  var width = 0
  for scalar in text.unicodeScalars {
    let v = scalar.value
    switch v {
    case 0x0300...0x036F, 0x200B...0x200F, 0xFE00...0xFE0F: continue
    case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
      0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
      0x1F900...0x1F9FF, 0x20000...0x3FFFD:
      width += 2
    default:
      width += 1
    }
  }
  return width
}
