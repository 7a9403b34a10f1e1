/// The two languages every human-facing text is written in.
public enum Language: String, Sendable, CaseIterable { case zh, en }

/// A finding (a warning, a reason, a note) as a value, rendered per language.
///
/// Every message is written twice, in Chinese and in English, where it is raised; nothing is
/// translated afterwards. A message has two parts:
/// - the **finding**, what a reader of a report needs ("'response_hours' is not statistically
///   significant (p = 0.31); its weight is uncertain.");
/// - an optional **hint**, what the analyst can change, which names settings and so reads as
///   command-line jargon on a page for managers. Terminal and JSON output show both parts; the
///   HTML report shows the finding only.
///
/// Settings interpolated into a hint are spelled by ``SettingNames/current`` when the message is
/// built, as every library message is.
public struct Message: Sendable, Hashable, CustomStringConvertible {
  public let findingEnglish: String
  public let findingChinese: String
  public let hintEnglish: String?
  public let hintChinese: String?

  /// - Parameters:
  ///   - en: the finding in English, a full sentence;
  ///   - zh: the same finding in Chinese;
  ///   - hintEn/hintZh: what the analyst can do about it (both or neither).
  public init(en: String, zh: String, hintEn: String? = nil, hintZh: String? = nil) {
    precondition((hintEn == nil) == (hintZh == nil), "a hint is written in both languages: \(en)")
    findingEnglish = en
    findingChinese = zh
    hintEnglish = hintEn
    hintChinese = hintZh
  }

  /// Finding and hint in `language`.
  public func text(_ language: Language) -> String {
    switch language {
    case .en: return findingEnglish + (hintEnglish.map { " " + $0 } ?? "")
    case .zh: return findingChinese + (hintChinese ?? "")
    }
  }

  /// The finding alone, for readers who do not run the tool.
  public func finding(_ language: Language) -> String { language == .en ? findingEnglish : findingChinese }

  /// The whole message in English (terminal, JSON `warnings`).
  public var english: String { text(.en) }
  /// The whole message in Chinese (JSON `warnings_zh`).
  public var chinese: String { text(.zh) }
  public var description: String { english }

  /// Whether either rendering contains `text` (for tests and filters).
  public func contains(_ text: String) -> Bool { english.contains(text) || chinese.contains(text) }
  public func hasPrefix(_ text: String) -> Bool { english.hasPrefix(text) || chinese.hasPrefix(text) }

  /// This message with `suffix` appended to both findings (e.g. the SWOT adjustments of a reason).
  public func appending(en: String, zh: String) -> Message {
    Message(en: findingEnglish + en, zh: findingChinese + zh, hintEn: hintEnglish, hintZh: hintChinese)
  }
}
