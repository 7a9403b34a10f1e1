/// A column read as timestamps.
public struct TimestampColumn: Sendable {
  /// Seconds since 1970-01-01 per row (``Timestamp``); NaN where the cell is empty or unreadable.
  public let values: [Double]
  public let format: TimestampFormat
  /// Rows whose non-empty cell is not a timestamp in `format` (each row once, in order).
  public let unreadableRows: [Int]
}

extension DataTable {
  /// Reads column `index` as timestamps in `format`, or in the one unambiguous format its cells
  /// are written in.
  ///
  /// - Throws: ``DataError/ambiguousDate(_:column:value:)`` for a day-or-month-first date when no
  ///   format is given, ``DataError/mixedDateFormats(_:column:value:first:firstLine:)`` for a
  ///   column written two ways, ``DataError/notTimestamps(file:column:example:)`` when no cell is
  ///   a timestamp.
  public func timestamps(column index: Int, format given: TimestampFormat? = nil) throws -> TimestampColumn {
    var format = given
    var firstRow: Int? = nil
    var values = [Double](repeating: .nan, count: rowCount)
    var unreadable: [Int] = []
    // Fast path: each cell's bytes parsed in the column's format, no string made; the rows it
    // cannot read (and the first, to learn the format) go through the text below.
    var pending: [Int] = []
    if let known = given ?? firstFormat(column: index) {
      format = known
      forEachField(column: index) { row, bytes in
        guard !bytes.isEmpty else { return }
        if let value = Timestamp.parse(bytes: bytes, format: known) { values[row] = value } else { pending.append(row) }
      }
      firstRow = values.firstIndex { !$0.isNaN }
    } else {
      pending = Array(0..<rowCount)
    }
    for row in pending {
      let text = self.text(row: row, column: index)
      if text.isEmpty { continue }
      if let format {
        if let value = Timestamp.parse(text, format: format) {
          values[row] = value
          continue
        }
        if given == nil, let other = Timestamp.detect(text), other != format, let firstRow {
          throw DataError.mixedDateFormats(
            location(row: row, column: index), column: fileHeader(index), value: text, first: self.text(row: firstRow, column: index), firstLine: line(ofRow: firstRow))
        }
        if given == nil && Timestamp.looksAmbiguous(text) { throw DataError.ambiguousDate(location(row: row, column: index), column: fileHeader(index), value: text) }
        unreadable.append(row)
      } else if let detected = Timestamp.detect(text) {
        format = detected
        firstRow = row
        values[row] = Timestamp.parse(text, format: detected) ?? .nan
      } else if Timestamp.looksAmbiguous(text) {
        throw DataError.ambiguousDate(location(row: row, column: index), column: fileHeader(index), value: text)
      } else {
        unreadable.append(row)
      }
    }
    guard let format else {
      throw DataError.notTimestamps(file: file, column: fileHeader(index), example: texts(column: index).first { !$0.isEmpty } ?? "")
    }
    return TimestampColumn(values: values, format: format, unreadableRows: unreadable)
  }

  /// The format of the column's first non-empty cell, if it is an unambiguous timestamp.
  func firstFormat(column index: Int) -> TimestampFormat? {
    for row in 0..<rowCount {
      let text = self.text(row: row, column: index)
      if !text.isEmpty { return Timestamp.detect(text) }
    }
    return nil
  }

  /// Whether column `index` holds timestamps: its first non-empty cells (up to 20) are dates or
  /// times in one format.
  public func looksLikeTimestamps(column index: Int) -> Bool {
    guard columns[index].isText else { return false }
    var seen = 0
    var format: TimestampFormat? = nil
    for row in 0..<rowCount where seen < 20 {
      let text = self.text(row: row, column: index)
      if text.isEmpty { continue }
      guard let detected = Timestamp.detect(text) ?? (Timestamp.looksAmbiguous(text) ? .dmy : nil), format == nil || format == detected else { return false }
      format = detected
      seen += 1
    }
    return seen > 0
  }
}
