import Foundation
import LinearAlgebra
import WeightAnalysis

/// The sufficient-statistics file (`kpi-weights stats`, a database aggregate, the Spark job): one
/// JSON document every route writes and `fit --stats` reads.
///
/// ```json
/// {
///   "format": "kpi-weights-sufficient-statistics", "version": 1,
///   "outcome": "churn_pct", "indicators": ["satisfaction_pct", …],
///   "observations": 720,
///   "shift": [x₁ shift, …, outcome shift],
///   "triangle": [[R₀₀, R₀₁, …], [R₁₁, …], …],          // row i from column i: R of [1, x − s, y − s]
///   "clusters": {"column": "team", "labels": […], "counts": […],
///                "grams": [[G₀₀, G₀₁, …, G₁₁, …], …],  // each cluster's upper triangle, row by row
///                "default": true},                       // errors clustered unless told otherwise
///   "source": {"file": …, "sha256": …, "rows_read": …, "dropped_rows": …, "encoding": …,
///              "missing_values": {column: count, …}}
/// }
/// ```
/// Numbers are written with the shortest decimal that reads back to the same double.
/// `clusters` is `null` without clusters. `clusters.default` (absent: `true`) is `false` when the
/// clusters are an entity column without a period column: kept for `cluster` errors and the
/// bootstrap, but the fit's errors are iid unless asked, as in memory. Version 1 is the only
/// version; a reader refuses others.
public enum StatisticsFile {
  public static let format = "kpi-weights-sufficient-statistics"
  public static let version = 1

  /// Where the statistics came from.
  public struct Source: Sendable, Equatable, Codable {
    public var file: String
    public var sha256: String
    public var rowsRead: Int
    public var droppedRows: Int
    public var encoding: String
    /// Missing values per model column (the rows that had one were left out).
    public var missingValues: [String: Int]

    public init(file: String, sha256: String, rowsRead: Int, droppedRows: Int, encoding: String, missingValues: [String: Int] = [:]) {
      self.file = file
      self.sha256 = sha256
      self.rowsRead = rowsRead
      self.droppedRows = droppedRows
      self.encoding = encoding
      self.missingValues = missingValues
    }

    enum CodingKeys: String, CodingKey {
      case file, sha256, encoding
      case rowsRead = "rows_read"
      case droppedRows = "dropped_rows"
      case missingValues = "missing_values"
    }
  }

  struct Document: Codable {
    var format: String
    var version: Int
    var outcome: String
    var indicators: [String]
    var observations: Int
    var shift: [Double]
    var triangle: [[Double]]
    var clusters: Clusters?
    var source: Source

    struct Clusters: Codable {
      var column: String
      var labels: [String]
      var counts: [Int]
      var grams: [[Double]]
      var byDefault: Bool?

      enum CodingKeys: String, CodingKey {
        case column, labels, counts, grams
        case byDefault = "default"
      }
    }
  }

  /// The file's text (ends with a newline; keys sorted, so the same statistics give the same bytes).
  public static func text(_ statistics: SufficientStatistics, source: Source) throws -> String {
    let q = statistics.indicators.count + 2
    let triangle = (0..<q).map { i in (i..<q).map { statistics.triangle[i, $0] } }
    let clusters = statistics.clusters.map { c in
      Document.Clusters(
        column: c.column, labels: c.labels, counts: c.counts, grams: c.grams.map { g in (0..<q).flatMap { i in (i..<q).map { g[i, $0] } } },
        byDefault: c.byDefault ? nil : false)
    }
    let document = Document(
      format: format, version: version, outcome: statistics.outcome, indicators: statistics.indicators, observations: statistics.observations,
      shift: statistics.shift, triangle: triangle, clusters: clusters, source: source)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
  }

  /// Reads a statistics file.
  /// - Throws: ``ConfigError`` naming the key that is missing or inconsistent.
  public static func parse(_ text: String, file: String) throws -> (statistics: SufficientStatistics, source: Source) {
    func problem(_ key: String, _ message: String) -> ConfigError { ConfigError(file: file, line: nil, keyPath: key, message: message) }
    let document: Document
    do {
      document = try JSONDecoder().decode(Document.self, from: Data(text.utf8))
    } catch DecodingError.keyNotFound(let key, let context) {
      let path = (context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: ".")
      throw problem(path, "missing; is this a file written by `kpi-weights stats`?")
    } catch DecodingError.typeMismatch(_, let context) {
      throw problem(context.codingPath.map(\.stringValue).joined(separator: "."), "has the wrong type (\(context.debugDescription))")
    } catch DecodingError.valueNotFound(_, let context) {
      throw problem(context.codingPath.map(\.stringValue).joined(separator: "."), "is null")
    } catch {
      throw problem("", "not a statistics file (JSON expected): \(error.localizedDescription)")
    }
    guard document.format == format else { throw problem("format", "is '\(document.format)', expected '\(format)'") }
    guard document.version == version else {
      throw problem("version", "is \(document.version); this kpi-weights reads version \(version) (write the file again with this version)")
    }
    let p = document.indicators.count, q = p + 2
    guard p > 0 else { throw problem("indicators", "is empty") }
    guard document.observations > 0 else { throw problem("observations", "must be positive, got \(document.observations)") }
    guard document.shift.count == p + 1 else { throw problem("shift", "needs \(p + 1) values (the indicators, then the outcome), got \(document.shift.count)") }
    guard document.triangle.count == q, document.triangle.enumerated().allSatisfy({ $0.element.count == q - $0.offset }) else {
      throw problem("triangle", "needs \(q) rows of \(q), \(q - 1), …, 1 values (the upper triangle of a \(q)×\(q) factor)")
    }
    var triangle = Matrix(rows: q, columns: q)
    for i in 0..<q { for (offset, value) in document.triangle[i].enumerated() { triangle[i, i + offset] = value } }
    var clusters: ClusterGrams? = nil
    if let c = document.clusters {
      let packed = q * (q + 1) / 2
      guard c.labels.count == c.counts.count, c.counts.count == c.grams.count else {
        throw problem("clusters", "needs one count and one Gram matrix per label (\(c.labels.count) labels, \(c.counts.count) counts, \(c.grams.count) matrices)")
      }
      guard Set(c.labels).count == c.labels.count else { throw problem("clusters.labels", "repeats a label") }
      if let bad = c.grams.firstIndex(where: { $0.count != packed }) {
        throw problem("clusters.grams", "matrix \(bad + 1) has \(c.grams[bad].count) values; the upper triangle of \(q)×\(q) has \(packed)")
      }
      let grams = c.grams.map { values -> Matrix in
        var m = Matrix(rows: q, columns: q)
        var index = 0
        for i in 0..<q {
          for j in i..<q {
            m[i, j] = values[index]
            m[j, i] = values[index]
            index += 1
          }
        }
        return m
      }
      clusters = ClusterGrams(column: c.column, labels: c.labels, counts: c.counts, grams: grams, byDefault: c.byDefault ?? true)
    }
    do {
      let statistics = try SufficientStatistics(
        outcome: document.outcome, indicators: document.indicators, observations: document.observations, shift: document.shift, triangle: triangle,
        clusters: clusters)
      return (statistics, document.source)
    } catch let error as AnalysisError {
      throw problem("", "inconsistent statistics: \(error)")
    }
  }
}
