import DataSources
import WeightAnalysis

/// The language of terminal and Markdown output: one of the two, or both (headings as
/// "Warnings · 提示", messages in English), the default.
public enum DisplayLanguage: String, Sendable, CaseIterable {
  case zh, en, both

  /// A message in this language (English under `both`).
  func text(_ message: Message) -> String { message.text(self == .zh ? .zh : .en) }

  /// Running text: the Chinese under `zh`, else the English (as messages under `both`).
  func pick(_ english: String, _ chinese: String) -> String { self == .zh ? chinese : english }

  /// A line's label with its colon: "Data · 数据: ", "Data: " or "数据：".
  func label(_ english: String, _ chinese: String) -> String { self == .zh ? chinese + "：" : heading(english, chinese) + ": " }

  /// A heading: "Warnings · 提示", "Warnings" or "提示".
  func heading(_ english: String, _ chinese: String) -> String {
    switch self {
    case .zh: return chinese
    case .en: return english
    case .both: return "\(english) · \(chinese)"
    }
  }
}

extension JSONValue {
  /// Messages as JSON: `warnings` (English) and `warnings_zh` (Chinese), same order.
  static func messages(_ name: String, _ messages: [Message]) -> [(String, JSONValue)] {
    [(name, .array(messages.map { .string($0.english) })), (name + "_zh", .array(messages.map { .string($0.chinese) }))]
  }
}
