/// Word-wraps `text` to `width` display columns (CJK characters count two), continuing lines with `indent`.
func wrap(_ text: String, width: Int, indent: String = "  ") -> String {
  var lines: [String] = []
  // Leading spaces are kept as the first line's indentation.
  let leading = String(text.prefix { $0 == " " })
  var line = leading
  var lineWidth = leading.count
  for word in text.dropFirst(leading.count).split(separator: " ", omittingEmptySubsequences: false) {
    let w = displayWidth(String(word))
    if lineWidth > leading.count && lineWidth + 1 + w > width {
      lines.append(line)
      line = indent + word
      lineWidth = displayWidth(indent) + w
    } else {
      let separator = lineWidth > leading.count || (line.count > leading.count) ? " " : ""
      line += separator + word
      lineWidth += separator.count + w
    }
  }
  lines.append(line)
  return lines.joined(separator: "\n")
}
