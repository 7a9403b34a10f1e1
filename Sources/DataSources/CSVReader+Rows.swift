import Foundation
import LinearAlgebra
import Synchronization
import LinearAlgebra

/// The body of a CSV file: every record parsed into preallocated column storage, on two cores
/// when the file is large and has no quotes.
///
/// ## Design
/// - **Capacity first.** A record ends with a line break (one or two of the bytes LF, CR), except
///   possibly the last, so `#LF + #CR + 1` bounds the number of records in any byte range. Each
///   part's bound is counted first (in parallel); the parts then write their rows into disjoint
///   ranges of the same column arrays, and the few unused slots (blank lines, CRLF counted twice)
///   are squeezed out afterwards. No cell is copied after it is parsed.
/// - **One pass per cell.** The common cell, an unquoted decimal such as `-12.75` followed by a
///   delimiter or a line end, is converted while it is scanned (exactly, by Clinger's fast path:
///   at most 19 digits and a mantissa below 2⁵³, one correctly rounded division by a power of
///   ten). Any other unquoted cell is delimited and handed to ``NumberParsing``. A record with a
///   quote, or with the wrong number of fields, is re-read by the general record reader, which
///   handles RFC 4180 quoting and reports ragged rows with their location.
/// - Cell kinds other than numbers are rare; they are collected per record and committed when
///   the record is complete, so a record that falls back to the general reader is counted once.
extension CSVReader {
  /// Where a part of the body is and which rows of the output it owns.
  struct Part: Sendable {
    var start: Int
    var end: Int
    /// Line number of `start`.
    var line: Int
    /// First output row of this part.
    var rowOffset = 0
    /// Bound on its number of records.
    var capacity = 0
  }

  /// What one part found, per column, besides the values.
  struct PartResult: Sendable {
    var rows = 0
    /// Line number after the part's last record, in the part's own numbering.
    var endLine = 1
    var missing: [Int]
    var text: [Int]
    var nonFinite: [Int]
    var ambiguous: [Int]
    /// First problem cell per column (row relative to the part).
    var firstProblem: [(row: Int, kind: DataColumn.CellProblem)?]
    var firstMissing: [Int?]

    init(width: Int) {
      missing = Array(repeating: 0, count: width)
      text = missing
      nonFinite = missing
      ambiguous = missing
      firstProblem = Array(repeating: nil, count: width)
      firstMissing = Array(repeating: nil, count: width)
    }

    mutating func record(_ kind: CellValue, column j: Int, row: Int) {
      switch kind {
      case .number: break
      case .missing:
        missing[j] += 1
        if firstMissing[j] == nil { firstMissing[j] = row }
      case .text:
        text[j] += 1
        if firstProblem[j] == nil { firstProblem[j] = (row, .text) }
      case .nonFinite:
        nonFinite[j] += 1
        if firstProblem[j] == nil { firstProblem[j] = (row, .nonFinite) }
      case .ambiguous:
        ambiguous[j] += 1
        if firstProblem[j] == nil { firstProblem[j] = (row, .ambiguous) }
      }
    }
  }

  /// Upper bound on the records in `start..<end`: line-break bytes plus one.
  ///
  /// Eight bytes at a time, without a popcount instruction (the baseline x86-64 target has
  /// none): a byte of `v = w ⊕ 0x0A…0A` is zero exactly where `w` has LF, and
  /// `~(((v & 0x7F…7F) + 0x7F…7F) | v | 0x7F…7F)` has its high bit exactly at the zero bytes of
  /// `v` (no carry crosses a byte). Shifted down to one per byte, LF and CR marks add up in byte
  /// lanes for up to 127 words (≤ 254 per lane), then the lanes are summed by one multiplication
  /// on 16-bit pairs.
  static func recordBound(_ buffer: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> Int {
    guard let base = buffer.baseAddress, start < end else { return 1 }
    let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    let lf: UInt64 = 0x0A0A_0A0A_0A0A_0A0A, cr: UInt64 = 0x0D0D_0D0D_0D0D_0D0D
    let evenBytes: UInt64 = 0x00FF_00FF_00FF_00FF, quarters: UInt64 = 0x0001_0001_0001_0001
    var count = 0
    var i = start
    let raw = UnsafeRawPointer(base)
    while i + 8 <= end {
      var lanes: UInt64 = 0
      var words = 0
      while words < 127 && i + 8 <= end {
        let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        let v = word ^ lf, u = word ^ cr
        let lfMarks = ~(((v & low) &+ low) | v | low)
        let crMarks = ~(((u & low) &+ low) | u | low)
        lanes &+= (lfMarks >> 7) &+ (crMarks >> 7)
        words += 1
        i += 8
      }
      // Eight byte lanes (≤ 254 each) → four 16-bit lanes → one sum.
      let pairs = (lanes & evenBytes) &+ ((lanes >> 8) & evenBytes)
      count &+= Int((pairs &* quarters) >> 48)
    }
    while i < end {
      let byte = buffer[i]
      count &+= (byte == 0x0A || byte == 0x0D) ? 1 : 0
      i += 1
    }
    return count + 1
  }

  /// Parses the body `bodyStart..<buffer.count` (first record on line `line`) into columns.
  static func parseBody(
    _ buffer: UnsafeBufferPointer<UInt8>, bodyStart: Int, line: Int, headers: [String], delimiter: UInt8, file: String,
    progress: (@Sendable (Int, Int) -> Void)? = nil
  ) throws -> (columns: [DataColumn], rowStarts: [Int], rowLines: [Int32]) {
    let tracker = progress.map { ByteProgress(total: buffer.count - bodyStart, report: $0) }
    let width = headers.count
    // Two cores: split the body at a line break near the middle when no quote can hide one.
    var parts = [Part(start: bodyStart, end: buffer.count, line: line)]
    if buffer.count - bodyStart > 8 << 20, !containsQuote(buffer, from: bodyStart) {
      var middle = bodyStart + (buffer.count - bodyStart) / 2
      while middle < buffer.count && buffer[middle] != 0x0A { middle += 1 }
      if middle + 1 < buffer.count {
        parts = [Part(start: bodyStart, end: middle + 1, line: line), Part(start: middle + 1, end: buffer.count, line: 1)]
      }
    }
    let shared = buffer
    if parts.count == 1 {
      parts[0].capacity = recordBound(buffer, start: parts[0].start, end: parts[0].end)
    } else {
      let ranges = parts
      let bounds = try Parallel.map(ranges.count) { k in recordBound(shared, start: ranges[k].start, end: ranges[k].end) }
      for k in parts.indices { parts[k].capacity = bounds[k] }
    }
    for k in parts.indices.dropFirst() { parts[k].rowOffset = parts[k - 1].rowOffset + parts[k - 1].capacity }
    let total = parts.last.map { $0.rowOffset + $0.capacity } ?? 0

    // Storage for every row; a slot is written before it is ever read, and unwritten slots are
    // removed below.
    var values = (0..<width).map { _ in [Double](unsafeUninitializedCapacity: total) { _, count in count = total } }
    var rowStarts = [Int](unsafeUninitializedCapacity: total) { _, count in count = total }
    var rowLines = [Int32](unsafeUninitializedCapacity: total) { _, count in count = total }
    var results: [PartResult] = []
    try withMutableBufferPointers(&values) { sinks in
      try rowStarts.withUnsafeMutableBufferPointer { starts in
        try rowLines.withUnsafeMutableBufferPointer { lines in
          // Part k writes only its own rows rowOffset ..< rowOffset + capacity of every sink,
          // claimed from the shared arrays (a second claim of any row would fail).
          let sinkRows = sinks.map { Parallel.DisjointRows($0) }
          let startRows = Parallel.DisjointRows(starts), lineRows = Parallel.DisjointRows(lines)
          let ranges = parts
          results = try Parallel.map(ranges.count) { k in
            let rows = ranges[k].rowOffset..<(ranges[k].rowOffset + ranges[k].capacity)
            guard let ownStarts = startRows.claim(rows), let ownLines = lineRows.claim(rows) else {
              preconditionFailure("CSV parts overlap at rows \(rows)")
            }
            let ownSinks = sinkRows.map { sink in
              guard let own = sink.claim(rows) else { preconditionFailure("CSV parts overlap at rows \(rows)") }
              return own
            }
            return try parsePart(shared, ranges[k], width: width, delimiter: delimiter, file: file, sinks: ownSinks, starts: ownStarts, lines: ownLines, progress: tracker)
          }
        }
      }
    }

    if let progress { progress(buffer.count - bodyStart, buffer.count - bodyStart) }
    // Squeeze out unused slots, renumber lines of later parts, merge the statistics.
    var columns = headers.map { DataColumn(name: $0, values: []) }
    var written = 0
    var lineShift = 0
    for (k, part) in parts.enumerated() {
      let result = results[k]
      if part.rowOffset != written && result.rows > 0 {
        for j in 0..<width { values[j].withUnsafeMutableBufferPointer { move($0, from: part.rowOffset, to: written, count: result.rows) } }
        rowStarts.withUnsafeMutableBufferPointer { move($0, from: part.rowOffset, to: written, count: result.rows) }
        rowLines.withUnsafeMutableBufferPointer { move($0, from: part.rowOffset, to: written, count: result.rows) }
      }
      if lineShift != 0 {
        let shift = Int32(truncatingIfNeeded: lineShift)
        for r in written..<(written + result.rows) { rowLines[r] += shift }
      }
      for j in 0..<width {
        columns[j].missingCount += result.missing[j]
        columns[j].textCount += result.text[j]
        if columns[j].firstProblem == nil, let problem = result.firstProblem[j] { columns[j].firstProblem = (problem.row + written, problem.kind) }
        if columns[j].firstMissingRow == nil, let row = result.firstMissing[j] { columns[j].firstMissingRow = row + written }
        columns[j].numericCount += result.rows - result.missing[j] - result.text[j] - result.nonFinite[j] - result.ambiguous[j]
      }
      written += result.rows
      // The next part counted lines from 1; its first line is this part's last.
      lineShift = result.endLine + lineShift - 1
    }
    for j in 0..<width {
      values[j].removeLast(total - written)
      columns[j].values = values[j]
    }
    values = []
    rowStarts.removeLast(total - written)
    rowLines.removeLast(total - written)
    return (columns, rowStarts, rowLines)
  }

  static func move<T>(_ buffer: UnsafeMutableBufferPointer<T>, from source: Int, to destination: Int, count: Int) {
    guard count > 0, let base = buffer.baseAddress else { return }
    (base + destination).update(from: base + source, count: count)
  }

  /// Parses one part's records into its own rows of the sinks: `sinks`, `starts` and `lines` are
  /// the part's claimed ranges (``Parallel/DisjointRows``), indexed from 0.
  static func parsePart(
    _ buffer: UnsafeBufferPointer<UInt8>, _ part: Part, width: Int, delimiter: UInt8, file: String,
    sinks: [UnsafeMutableBufferPointer<Double>], starts: UnsafeMutableBufferPointer<Int>, lines: UnsafeMutableBufferPointer<Int32>,
    progress: ByteProgress? = nil
  ) throws -> PartResult {
    var reported = part.start
    var result = PartResult(width: width)
    var cursor = Cursor(buffer: buffer, delimiter: delimiter, file: file, end: part.end)
    cursor.position = part.start
    cursor.line = part.line
    let end = part.end
    let sinkBases = sinks.map { $0.baseAddress! }
    var pending: [(column: Int, kind: CellValue)] = []
    pending.reserveCapacity(width)
    var fields: [FieldRange] = []
    fields.reserveCapacity(width + 4)
    let powers = NumberParsing.powersOfTen
    var rows = 0
    while true {
      cursor.skipBlankLines()
      if cursor.atEnd { break }
      precondition(rows < part.capacity, "CSV record bound exceeded")
      let rowStart = cursor.position
      starts[rows] = rowStart
      lines[rows] = Int32(truncatingIfNeeded: cursor.line)
      if !pending.isEmpty { pending.removeAll(keepingCapacity: true) }
      var p = rowStart
      var complete = false
      var atLineBreak = true
      var j = 0
      fieldLoop: while true {
        // Fast path: [-]digits[.digits] ending at a delimiter or line end.
        var q = p
        var negative = false
        if q < end && buffer[q] == 0x2D { negative = true; q += 1 }
        var mantissa: UInt64 = 0
        let integerStart = q
        while q < end {
          let digit = buffer[q] &- 0x30
          if digit > 9 { break }
          mantissa = mantissa &* 10 &+ UInt64(digit)
          q += 1
        }
        var digitCount = q - integerStart
        var fractionDigits = 0
        if q < end && buffer[q] == 0x2E {
          q += 1
          let fractionStart = q
          while q < end {
            let digit = buffer[q] &- 0x30
            if digit > 9 { break }
            mantissa = mantissa &* 10 &+ UInt64(digit)
            q += 1
          }
          fractionDigits = q - fractionStart
          digitCount += fractionDigits
        }
        let next: UInt8 = q < end ? buffer[q] : 0x0A
        let value: Double
        if (next == delimiter || next == 0x0A || next == 0x0D) && digitCount > 0 && digitCount <= 19 && mantissa < (1 << 53) && fractionDigits <= 22 {
          let magnitude = fractionDigits == 0 ? Double(mantissa) : Double(mantissa) / powers[fractionDigits]
          value = negative ? -magnitude : magnitude
        } else {
          // General unquoted cell: find its end; a quote means the general record reader.
          q = p
          while q < end {
            let c = buffer[q]
            if c == delimiter || c == 0x0A || c == 0x0D || c == 0x22 { break }
            q += 1
          }
          if q < end && buffer[q] == 0x22 { break fieldLoop }
          let cell = NumberParsing.parse(buffer, p, q)
          if case .number(let x) = cell {
            value = x
          } else {
            value = .nan
            pending.append((j, cell))
          }
        }
        sinkBases[j][rows] = value
        j += 1
        if q >= end {
          if j == width { p = q; complete = true; atLineBreak = false }
          break fieldLoop
        }
        let c = buffer[q]
        if c == delimiter {
          if j == width { break fieldLoop }
          p = q + 1
          continue
        }
        // Line end.
        if j != width { break fieldLoop }
        p = q + 1
        if c == 0x0D && p < end && buffer[p] == 0x0A { p += 1 }
        complete = true
        break fieldLoop
      }
      if complete {
        cursor.position = p
        if atLineBreak { cursor.line += 1 }
        for cell in pending { result.record(cell.kind, column: cell.column, row: rows) }
      } else {
        // General reader: quotes, or the wrong number of fields.
        cursor.position = rowStart
        try cursor.record(into: &fields)
        if fields.count != width {
          throw DataError.raggedRow(location(buffer, byteOffset: rowStart, file: file), expected: width, found: fields.count)
        }
        for k in 0..<width {
          let field = fields[k]
          let cell = field.hasEscapedQuote ? .text : NumberParsing.parse(buffer, field.start, field.end)
          if case .number(let x) = cell {
            sinkBases[k][rows] = x
          } else {
            sinkBases[k][rows] = .nan
            result.record(cell, column: k, row: rows)
          }
        }
      }
      rows += 1
      if let progress, rows & 0x3FFF == 0 {
        progress.add(cursor.position - reported)
        reported = cursor.position
      }
    }
    result.rows = rows
    result.endLine = cursor.line
    return result
  }

  /// Bytes parsed so far across the parsing threads, for a progress callback.
  final class ByteProgress: Sendable {
    private let total: Int
    private let report: @Sendable (Int, Int) -> Void
    private let done = Mutex(0)
    init(total: Int, report: @escaping @Sendable (Int, Int) -> Void) {
      self.total = total
      self.report = report
    }
    /// Reports under the lock, so the values the callback sees never go backwards.
    func add(_ bytes: Int) {
      done.withLock {
        $0 += bytes
        report($0, total)
      }
    }
  }

}

/// Calls `body` with a mutable buffer pointer to every array, valid for the duration of the call.
///
/// Up to ``nestedBufferLimit`` arrays the pointers are the arrays' own storage (each array is
/// moved out while `body` runs, so none is copied on write), taken by one nested
/// `withUnsafeMutableBufferPointer` per array. Wider tables would nest that deep on the stack (a
/// 15,000-column CSV overflowed it), so above the limit every array gets its own allocation of
/// the same count, copied in before and back after: no recursion, at the price of one copy of
/// the (short, wide) table.
func withMutableBufferPointers<T, R>(_ arrays: inout [[T]], _ body: ([UnsafeMutableBufferPointer<T>]) throws -> R) rethrows -> R {
  if arrays.count > nestedBufferLimit {
    let buffers = arrays.map { array -> UnsafeMutableBufferPointer<T> in
      let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: array.count)
      _ = buffer.initialize(from: array)
      return buffer
    }
    defer {
      for (k, buffer) in buffers.enumerated() {
        arrays[k] = Array(buffer)
        buffer.deinitialize().deallocate()
      }
    }
    return try body(buffers)
  }
  var taken: [[T]] = []
  swap(&taken, &arrays)
  defer { swap(&taken, &arrays) }
  func nest(_ index: Int, _ buffers: inout [UnsafeMutableBufferPointer<T>]) throws -> R {
    if index == taken.count { return try body(buffers) }
    var column: [T] = []
    swap(&column, &taken[index])
    defer { swap(&column, &taken[index]) }
    return try column.withUnsafeMutableBufferPointer { buffer in
      buffers.append(buffer)
      return try nest(index + 1, &buffers)
    }
  }
  var buffers: [UnsafeMutableBufferPointer<T>] = []
  buffers.reserveCapacity(taken.count)
  return try nest(0, &buffers)
}

/// The most arrays ``withMutableBufferPointers(_:_:)`` nests for (well within a thread's stack,
/// also under AddressSanitizer).
let nestedBufferLimit = 256
