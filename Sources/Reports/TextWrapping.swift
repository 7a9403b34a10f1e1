/// Word-wraps `text` to `width` display columns (CJK characters count two), continuing lines with
/// `indent`. Latin text breaks at spaces; Chinese text, which has none, may break between any two
/// characters, but never before closing punctuation (`，。；：）]`) and never after `（`.
func wrap(_ text: String, width: Int, indent: String = "  ") -> String {
  var lines: [String] = []
  // Leading spaces are kept as the first line's indentation.
  let leading = String(text.prefix { $0 == " " })
  var line = leading
  var lineWidth = leading.count
  var lineHasContent = false
  for word in text.dropFirst(leading.count).split(separator: " ", omittingEmptySubsequences: false) {
    for (k, piece) in breakablePieces(word).enumerated() {
      // The first piece of a word follows a space; the later ones (Chinese) join directly.
      let separator = k == 0 && lineHasContent ? " " : ""
      let w = displayWidth(piece)
      if lineHasContent && lineWidth + separator.count + w > width {
        lines.append(line)
        line = indent + piece
        lineWidth = displayWidth(indent) + w
      } else {
        line += separator + piece
        lineWidth += separator.count + w
      }
      lineHasContent = true
    }
    if word.isEmpty {
      // Two spaces in a row: keep the second one.
      line += lineHasContent ? " " : ""
      lineWidth += lineHasContent ? 1 : 0
    }
  }
  lines.append(line)
  return lines.joined(separator: "\n")
}

/// A word cut where a line may break: each CJK character is a piece, with closing punctuation
/// kept on the piece before it and an opening bracket on the piece after it; Latin runs stay whole.
func breakablePieces(_ word: Substring) -> [String] {
  var pieces: [String] = []
  var current = "", opening = ""
  func start(_ text: String) {
    if !current.isEmpty { pieces.append(current) }
    current = opening + text
    opening = ""
  }
  for character in word {
    let text = String(character)
    if "，。；：、）」』！？)]},.;:!?%".contains(character) {
      current += text
    } else if "（「『".contains(character) {
      if !current.isEmpty { pieces.append(current) }
      current = ""
      opening += text
    } else if displayWidth(text) == 2 {
      start(text)
    } else if let last = current.last, displayWidth(String(last)) < 2, opening.isEmpty {
      current += text  // a Latin run goes on
    } else {
      start(text)
    }
  }
  current += opening
  if !current.isEmpty { pieces.append(current) }
  return pieces
}
