import DataSources
import Foundation
import Testing
import TestSupport
import WeightAnalysis
import Workflows

/// The one-pass statistics of a CSV against the in-memory fit of the same file.
@Suite("streaming statistics: chunks, cores, encodings and bad cells")
struct StreamingStatisticsTests {
  static func inMemory(_ path: String, outcome: String = "churn_pct", indicators: [String]? = nil) throws -> FitReport {
    var job = FitJob(outcome: outcome)
    job.indicators = indicators
    return try job.run(on: try AnalysisInput.load(data: path))
  }

  static func streamed(_ path: String, outcome: String = "churn_pct", chunkBytes: Int = 1 << 10, workers: Int = 2) throws -> (StatisticsJob.Result, FitReport) {
    var job = StatisticsJob(outcome: outcome)
    job.chunkBytes = chunkBytes
    job.workers = workers
    let result = try job.run(path: path)
    let report = try FitJob(outcome: outcome).run(
      statistics: result.statistics, catalog: result.catalog, file: result.file, encoding: result.encoding, rowsRead: result.rowsRead,
      droppedRows: result.droppedRows, missing: result.missing)
    return (result, report)
  }

  static func expectSameFit(_ a: FitReport, _ b: FitReport, tolerance: Double = 1e-11) {
    #expect(a.observationCount == b.observationCount)
    #expect(a.droppedRows == b.droppedRows)
    #expect(a.method == b.method)
    for (x, y) in zip(a.coefficients, b.coefficients) {
      #expect(x.term == y.term)
      #expect(relativeError(x.estimate, y.estimate) <= tolerance, "\(x.term) \(x.estimate) vs \(y.estimate)")
      #expect(relativeError(x.standardError, y.standardError) <= tolerance, "\(x.term) se")
    }
    for (x, y) in zip(a.weights, b.weights) {
      #expect(x.indicator == y.indicator)
      #expect(abs(x.weight - y.weight) <= tolerance, "\(x.indicator) weight \(x.weight) vs \(y.weight)")
    }
    #expect(a.warnings.first?.english == b.warnings.first?.english, "the dropped-rows warning")
  }

  @Test("the bundled history in 1 KiB chunks (86 of them) on 1, 2 and 3 workers: the in-memory fit to 1e-11, clustered by team; SHA-256 and bytes of the file")
  func bundledHistory() throws {
    let reference = try Self.inMemory(history)
    for workers in [1, 2, 3] {
      let (result, report) = try Self.streamed(history, workers: workers)
      Self.expectSameFit(report, reference)
      #expect(result.statistics.clusters?.labels.count == 40)
      #expect(result.rowsRead == 1440 && result.droppedRows == 8)
      #expect(result.sha256 == SHA256.hex(of: Array(try Data(contentsOf: URL(fileURLWithPath: history)))))
      #expect(result.bytesRead == (try FileManager.default.attributesOfItem(atPath: history)[.size] as? Int))
      if case .linear(let fit) = report.model { #expect(fit.covariance?.type.name == "cluster") }
    }
  }

  @Test("a GB18030 file with Chinese headers and a quoted cell with a line break across every chunk boundary: the same fit as in memory")
  func chineseQuotedAndSplit() throws {
    let text = try String(contentsOfFile: history, encoding: .utf8)
    let header = "团队,月份,客户满意度(%),平均响应时长（小时）,一次修复率,平均解决时长,投诉解决率,单次售后成本(元),售后人员利用率,客户流失率,回购率"
    var lines = text.split(separator: "\n").dropFirst().map(String.init)
    // Quoted team names with an embedded line break and a comma, in Chinese.
    lines = lines.map { line in
      let cells = line.split(separator: ",", maxSplits: 1)
      return "\"华东,\n\(cells[0])组\"," + cells[1]
    }
    let utf8 = header + "\r\n" + lines.joined(separator: "\r\n") + "\r\n"
    let directory = try CLI.temporaryDirectory()
    let path = directory.appendingPathComponent("历史-gbk.csv").path
    let utf8Path = directory.appendingPathComponent("历史-utf8.csv").path
    try utf8.write(toFile: utf8Path, atomically: true, encoding: .utf8)
    let converted = try CLI.runTool("iconv", ["-f", "UTF-8", "-t", "GB18030", utf8Path, "-o", path])
    #expect(converted.exitCode == 0, "\(converted.stderr)")
    let reference = try Self.inMemory(path)
    for chunk in [1 << 10, 1_500, 4_099] {
      let (result, report) = try Self.streamed(path, chunkBytes: chunk)
      Self.expectSameFit(report, reference)
      #expect(result.encoding == "GB18030")
      #expect(result.statistics.clusters?.labels.first?.hasPrefix("华东,\n") == true)
      #expect(result.statistics.indicators.first == "satisfaction_pct")
    }
  }

  @Test("bad cells are named with file, line and column, in any chunk; --strict names the first missing value; no rows is an error")
  func badCells() throws {
    let directory = try CLI.temporaryDirectory()
    let text = try String(contentsOfFile: history, encoding: .utf8)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    // Line 1,000 (far past the first chunk): a text cell in satisfaction_pct (column 3).
    var cells = lines[999].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    cells[2] = "high"
    lines[999] = cells.joined(separator: ",")
    let path = directory.appendingPathComponent("bad.csv").path
    try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    let firstColumn = lines[999].distance(from: lines[999].startIndex, to: lines[999].range(of: "high")!.lowerBound) + 1
    #expect(throws: DataError.nonNumeric(SourceLocation(file: path, line: 1000, column: firstColumn), column: "satisfaction_pct", value: "high")) {
      _ = try Self.streamed(path)
    }
    // A ragged row.
    lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    lines[1200] += ",extra"
    try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    #expect(throws: DataError.self) { _ = try Self.streamed(path) }
    do {
      _ = try Self.streamed(path)
    } catch let error as DataError {
      #expect(error.description.hasPrefix("\(path):1201:"), "\(error)")
    }
    // Strict: the first missing value of the bundled history.
    var job = StatisticsJob(outcome: "churn_pct")
    job.strict = true
    job.chunkBytes = 1 << 10
    #expect(throws: DataError.self) { _ = try job.run(path: history) }
    do {
      _ = try job.run(path: history)
    } catch let error as DataError {
      #expect(error.description.contains("after-sales-history.csv:"), "\(error)")
    }
    // Header only.
    try "team,month,satisfaction_pct,churn_pct\n".write(toFile: path, atomically: true, encoding: .utf8)
    #expect(throws: DataError.noDataRows(file: path)) { _ = try StatisticsJob(outcome: "churn_pct").run(path: path) }
  }

  @Test("the statistics file round-trips exactly (shortest decimals), and its reader names what is wrong")
  func statisticsFile() throws {
    let (result, _) = try Self.streamed(history)
    let source = StatisticsFile.Source(file: "h.csv", sha256: result.sha256, rowsRead: result.rowsRead, droppedRows: result.droppedRows, encoding: "utf-8", missingValues: result.missing)
    let text = try StatisticsFile.text(result.statistics, source: source)
    let (back, backSource) = try StatisticsFile.parse(text, file: "s.json")
    #expect(back == result.statistics)
    #expect(backSource == source)
    #expect(try StatisticsFile.text(back, source: backSource) == text)
    let cases: [(String, String)] = [
      (text.replacingOccurrences(of: "\"version\":1", with: "\"version\":2"), "s.json: error: version: is 2; this kpi-weights reads version 1 (write the file again with this version)"),
      (text.replacingOccurrences(of: "\"format\":\"kpi-weights-sufficient-statistics\"", with: "\"format\":\"other\""), "s.json: error: format: is 'other', expected 'kpi-weights-sufficient-statistics'"),
      (text.replacingOccurrences(of: "\"observations\"", with: "\"rows\""), "s.json: error: observations: missing; is this a file written by `kpi-weights stats`?"),
      ("[1, 2]", "s.json: error: has the wrong type (Expected to decode Dictionary<String, Any> but found an array instead.)"),
    ]
    for (bad, message) in cases {
      #expect(throws: ConfigError.self) { _ = try StatisticsFile.parse(bad, file: "s.json") }
      do { _ = try StatisticsFile.parse(bad, file: "s.json") } catch let error as ConfigError { #expect(error.description == message) }
    }
  }

  @Test("without a period column the entity's clusters are kept but not the default (iid, as in memory); the file says so; cluster errors on request")
  func entityWithoutPeriods() throws {
    let text = try String(contentsOfFile: history, encoding: .utf8)
    let withoutMonth = text.split(separator: "\n").map { line in
      var cells = line.split(separator: ",", omittingEmptySubsequences: false)
      cells.remove(at: 1)
      return cells.joined(separator: ",")
    }.joined(separator: "\n") + "\n"
    let path = try CLI.temporaryDirectory().appendingPathComponent("no-month.csv").path
    try withoutMonth.write(toFile: path, atomically: true, encoding: .utf8)
    let memory = try Self.inMemory(path)
    let (result, report) = try Self.streamed(path)
    Self.expectSameFit(report, memory)
    #expect(result.statistics.clusters?.byDefault == false && result.statistics.clusters?.labels.count == 40)
    if case .linear(let fit) = report.model { #expect(fit.covariance == nil || fit.covariance?.type == .iid) }
    let file = try StatisticsFile.text(result.statistics, source: .init(file: path, sha256: "", rowsRead: 1440, droppedRows: 8, encoding: "UTF-8"))
    #expect(file.contains("\"default\":false"))
    #expect(try StatisticsFile.parse(file, file: "s.json").statistics == result.statistics)
    var clustered = FitJob(outcome: "churn_pct")
    clustered.standardErrors = .cluster
    let asked = try clustered.run(on: result)
    if case .linear(let fit) = asked.model { #expect(fit.covariance?.type.name == "cluster") }
  }

  @Test("the cluster bootstrap of the Gram matrices is the in-memory bootstrap of the teams: the same draws, intervals to 1e-12, for every method")
  func clusterBootstrap() throws {
    let (result, _) = try Self.streamed(history)
    for method in [ImportanceMethod.lmg, .relativeWeights, .standardized, .nnls] {
      var job = FitJob(outcome: "churn_pct")
      job.method = method
      job.bootstrapReplicates = 200
      job.seed = 7
      job.groupColumn = "team"
      let memory = try job.run(on: try AnalysisInput.load(data: history))
      let fromStatistics = try job.run(on: result)
      let a = try #require(memory.bootstrap), b = try #require(fromStatistics.bootstrap)
      #expect(b.units == 40 && b.resamplesGroups && b.completed == a.completed && b.failed == a.failed)
      #expect(fromStatistics.groupColumn == "team")
      for j in a.low.indices {
        #expect(abs(a.low[j] - b.low[j]) <= 1e-12 && abs(a.high[j] - b.high[j]) <= 1e-12, "\(method) \(j): [\(a.low[j]), \(a.high[j])] vs [\(b.low[j]), \(b.high[j])]")
        #expect(a.rankLow[j] == b.rankLow[j] && a.rankHigh[j] == b.rankHigh[j])
      }
      for (x, y) in zip(a.differences, b.differences) { #expect(abs(x.low - y.low) <= 1e-12 && abs(x.high - y.high) <= 1e-12) }
      #expect(fromStatistics.weights.map { $0.interval?.low } == b.low.map { Optional($0) })
      if method != .nnls {
        #expect(fromStatistics.warnings.contains { $0.english.hasPrefix("Fitted from sufficient statistics: the random-noise reference of the bootstrap") })
      }
    }
    // Other seeds give other intervals (the test can fail).
    var job = FitJob(outcome: "churn_pct")
    job.bootstrapReplicates = 200
    job.groupColumn = "team"
    let seed1 = try #require(try job.run(on: result).bootstrap)
    job.seed = 2
    #expect(try #require(try job.run(on: result).bootstrap).low != seed1.low)
  }

  @Test("what needs the rows is refused by name: bootstrap, fixed effects, HC errors, a logistic model")
  func needsTheRows() throws {
    let (result, _) = try Self.streamed(history)
    func run(_ change: (inout FitJob) -> Void) throws {
      var job = FitJob(outcome: "churn_pct")
      change(&job)
      _ = try job.run(statistics: result.statistics, catalog: result.catalog, file: "h.csv", encoding: "utf-8", rowsRead: 1440, droppedRows: 8)
    }
    #expect(
      throws: AnalysisError.unusableSetting(
        .bootstrap, reason: "resampling rows needs the rows; resample the 40 clusters of 'team' with \(Setting.group) team, or fit the file in memory")
    ) {
      try run { $0.bootstrapReplicates = 100 }
    }
    #expect(
      throws: AnalysisError.unusableSetting(
        .group, reason: "the statistics are clustered by 'team', not 'month'; resample 'team' or compute them again clustered by 'month'")
    ) {
      try run {
        $0.bootstrapReplicates = 100
        $0.groupColumn = "month"
      }
    }
    #expect(throws: AnalysisError.unusableSetting(.fixedEffects, reason: "it needs the rows, and sufficient statistics hold only their sums; fit the file in memory instead")) {
      try run { $0.fixedEffectColumns = ["team"] }
    }
    #expect(throws: AnalysisError.unusableSetting(.standardErrors, reason: "hc1 needs the rows; from sufficient statistics choose iid or cluster (CR1)")) {
      try run { $0.standardErrors = .hc1 }
    }
    #expect(throws: AnalysisError.unusableSetting(.model, reason: "it needs the rows, and sufficient statistics hold only their sums; fit the file in memory instead")) {
      try run { $0.model = .logistic }
    }
    try run { $0.standardErrors = .iid }
  }

  @Test("which fits stream a large file by default: none that needs the rows")
  func rowsSetting() {
    var job = FitJob(outcome: "churn_pct")
    #expect(job.rowsSetting == nil)
    job.standardErrors = .cluster
    #expect(job.rowsSetting == nil)
    job.standardErrors = .cr2
    #expect(job.rowsSetting == .standardErrors)
    job.standardErrors = nil
    job.bootstrapReplicates = 100
    #expect(job.rowsSetting == .bootstrap)
    job.groupColumn = "team"
    #expect(job.rowsSetting == nil, "a group bootstrap resamples the clusters' Gram matrices")
    job.bootstrapReplicates = nil
    job.groupColumn = nil
    job.fixedEffectColumns = ["team"]
    #expect(job.rowsSetting == .fixedEffects)
    job.fixedEffectColumns = []
    job.model = .logistic
    #expect(job.rowsSetting == .model)
    #expect(FitJob.streamingThresholdBytes == 1 << 30)
    #expect(FitJob.streamedByDefaultNote(bytes: 5 << 30).english.hasPrefix("The file is 5 GiB: it was read in one streaming pass"))
  }
}
