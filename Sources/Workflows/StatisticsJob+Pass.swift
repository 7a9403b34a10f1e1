import DataSources
import Foundation
import LinearAlgebra
import WeightAnalysis

/// The parse-and-factor engine of a streaming pass, fed chunks of whole records in order (a
/// CSV file's, or a database result's): chunk `i` goes to worker `i mod W`, `W` chunks at a time
/// parsed on their own cores, and the workers' statistics merged in worker order, so the result
/// is the same on every run. Memory: `W` chunks plus the statistics.
///
/// The shift is the first complete row (so sums of squares stay near the spread); chunks before
/// the one holding it have no complete row and only count their rows.
struct ChunkPass {
  let numeric: [Int]
  let clusterIndex: Int?
  let headers: [String]
  let strict: Bool
  let workers: Int
  let outcome: String
  let indicators: [String]
  let clusterName: String?
  /// One per worker, once the shift is known.
  var accumulators: [SufficientStatisticsAccumulator]? = nil
  var batch: [CSVChunk] = []
  /// The line of the next unparsed chunk's first byte.
  var line: Int
  var rowsRead = 0
  var dropped = 0
  var missing: [Int]

  init(numeric: [Int], clusterIndex: Int?, headers: [String], strict: Bool, workers: Int, outcome: String, indicators: [String], clusterName: String?, firstLine: Int) {
    self.numeric = numeric
    self.clusterIndex = clusterIndex
    self.headers = headers
    self.strict = strict
    self.workers = max(1, workers)
    self.outcome = outcome
    self.indicators = indicators
    self.clusterName = clusterName
    self.line = firstLine
    self.missing = Array(repeating: 0, count: numeric.count)
  }

  mutating func add(_ chunk: CSVChunk) throws {
    if accumulators == nil {
      var first: [Double]? = nil
      let seen = try chunk.forEachRow(firstLine: line, numeric: numeric, label: nil, headers: headers, strict: strict) { values, _ in
        if first == nil { first = Array(values) }
      }
      guard let shift = first else {
        // No complete row: nothing to factor, only rows to count.
        count(seen)
        return
      }
      let empty = SufficientStatisticsAccumulator(outcome: outcome, indicators: indicators, shift: shift, clusterColumn: clusterName)
      accumulators = Array(repeating: empty, count: workers)
    }
    batch.append(chunk)
    if batch.count == workers { try flush() }
  }

  mutating func count(_ seen: (rows: Int, dropped: Int, missing: [Int], lines: Int)) {
    rowsRead += seen.rows
    dropped += seen.dropped
    for j in missing.indices { missing[j] += seen.missing[j] }
    line += seen.lines
  }

  /// Parses the batch, one chunk per worker.
  mutating func flush() throws {
    guard !batch.isEmpty, let current = accumulators else { return }
    let batch = self.batch
    self.batch = []
    let (numeric, clusterIndex, headers, strict) = (self.numeric, self.clusterIndex, self.headers, self.strict)
    // Each worker counts its chunk's lines as it parses. A chunk's first line is known only
    // once the chunks before it are counted, so the workers start at line 1 of their own chunk
    // and the first failure is parsed again from its true line, for the error's location.
    let parse = { (k: Int, firstLine: Int) throws -> (SufficientStatisticsAccumulator, (rows: Int, dropped: Int, missing: [Int], lines: Int)) in
      var accumulator = current[k]
      let seen = try batch[k].forEachRow(firstLine: firstLine, numeric: numeric, label: clusterIndex, headers: headers, strict: strict) { values, label in
        try accumulator.add(values, cluster: label)
      }
      return (accumulator, seen)
    }
    let start = line
    let parts: [(SufficientStatisticsAccumulator, (rows: Int, dropped: Int, missing: [Int], lines: Int))]
    do {
      parts = try Parallel.map(batch.count) { k in try parse(k, k == 0 ? start : 1) }
    } catch {
      var at = start
      for k in batch.indices { at += try parse(k, at).1.lines }
      throw error
    }
    var updated = current
    for (k, part) in parts.enumerated() {
      updated[k] = part.0
      count(part.1)
    }
    accumulators = updated
  }

  /// The statistics of every chunk (`nil`: no complete row).
  mutating func finish() throws -> SufficientStatistics? {
    try flush()
    guard let accumulators else { return nil }
    var total = accumulators[0]
    for other in accumulators.dropFirst() { try total.merge(other) }
    return try total.statistics()
  }
}
