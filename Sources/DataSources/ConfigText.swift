import Foundation
import WeightAnalysis
import Yams

/// Reading configuration files (catalogs, presets, SWOT, AHP matrices, weight configs) as text.
public enum ConfigText {
  /// The bytes of a configuration file.
  /// - Throws: ``ConfigError`` "no such file" or "cannot read the file".
  public static func read(_ path: String) throws -> [UInt8] {
    do {
      return try CSVReader.readFile(path)
    } catch DataError.unreadable(_, let reason) {
      throw ConfigError(file: path, line: nil, keyPath: "", message: reason == "no such file" ? "no such file" : "cannot read the file")
    }
  }

  /// UTF-8 text of a configuration file's bytes (a BOM is dropped).
  /// - Throws: ``ConfigError`` when the bytes are not UTF-8.
  public static func decode(_ bytes: [UInt8], file: String) throws -> String {
    guard var text = String(validating: bytes, as: UTF8.self) else {
      throw ConfigError(file: file, line: nil, keyPath: "", message: "the file is not UTF-8 text")
    }
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    return text
  }
}
