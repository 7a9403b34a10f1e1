import DataSources
import Foundation
import Synchronization
import Testing
import TestSupport
import WeightAnalysis
import Workflows

/// A file reader that counts how often each path is read.
final class CountingReader: Sendable {
  private let counts = Mutex<[String: Int]>([:])

  var loader: InputLoader {
    InputLoader { path in
      self.counts.withLock { $0[path, default: 0] += 1 }
      return try CSVReader.readFile(path)
    }
  }

  func reads(_ path: String) -> Int { counts.withLock { $0[path] ?? 0 } }
  var total: Int { counts.withLock { $0.values.reduce(0, +) } }
}

let history = CLI.packageRoot.appendingPathComponent("datasets/after-sales-history.csv").path
let swotFile = CLI.packageRoot.appendingPathComponent("datasets/swot.example.yaml").path
let ahpFile = CLI.packageRoot.appendingPathComponent("datasets/ahp-service-manager.csv").path

@Suite("Workflows load each input once and compose results")
struct LoadOnceTests {
  func input(_ reader: CountingReader, digest: Bool = true) throws -> AnalysisInput {
    try AnalysisInput.load(data: history, digest: digest, loader: reader.loader)
  }

  @Test("fit, objective, recommend, compare, report and notebook each read the data file once")
  func oneReadPerCommand() throws {
    let retention = try PresetFile.builtIn(named: "retention")
    let balanced = try PresetFile.builtIn(named: "balanced")
    let fit = FitJob(outcome: "churn_pct")

    var reader = CountingReader()
    _ = try fit.run(on: input(reader, digest: false))
    #expect(reader.reads(history) == 1)

    reader = CountingReader()
    _ = try ObjectiveJob(method: .entropy).run(on: input(reader, digest: false))
    #expect(reader.reads(history) == 1)

    reader = CountingReader()
    var recommend = RecommendJob(fit: fit, preset: retention)
    recommend.swot = try reader.loader.swot(swotFile)
    recommend.ahp = [try reader.loader.pairwise(ahpFile)]
    recommend.objectiveMethod = .critic
    recommend.asOf = "2026-01-01T00:00:00Z"
    _ = try recommend.run(on: input(reader))
    #expect(reader.reads(history) == 1 && reader.reads(swotFile) == 1 && reader.reads(ahpFile) == 1)
    #expect(reader.total == 3)

    reader = CountingReader()
    var compare = CompareJob(fit: fit, presets: [retention, balanced])
    compare.include = ["fit", "recommended", "entropy"]
    compare.replicates = 20
    _ = try compare.run(on: input(reader))
    #expect(reader.reads(history) == 1 && reader.total == 1)

    reader = CountingReader()
    var report = ReportJob(recommend: RecommendJob(fit: fit, preset: retention), presets: [retention, balanced])
    report.comparisonReplicates = 10
    _ = try report.run(on: input(reader))
    #expect(reader.reads(history) == 1 && reader.total == 1)

    reader = CountingReader()
    var notebook = NotebookJob(fit: fit, outputPath: "notebooks-export/x.ipynb")
    notebook.recommend = RecommendJob(fit: fit, preset: retention)
    _ = try notebook.run(on: input(reader))
    #expect(reader.reads(history) == 1 && reader.total == 1)
  }

  @Test("the report's comparison shows the same recommended weights as its table, bootstrap included")
  func reportIsConsistent() throws {
    let brand = try PresetFile.builtIn(named: "brand-image")
    var fit = FitJob(outcome: "churn_pct")
    fit.bootstrapReplicates = 200
    fit.seed = 1
    var report = ReportJob(recommend: RecommendJob(fit: fit, preset: brand), presets: [brand])
    report.comparisonReplicates = 10
    let content = try report.run(on: input(CountingReader()))
    let table = content.recommendation.rows.map(\.weight)
    let compared = try #require(content.comparison.sets.first { $0.name == "recommended" }).weights
    #expect(table == compared)
    // The fitted intervals did pull: the bootstrap changes the recommendation.
    let plain = try RecommendJob(fit: FitJob(outcome: "churn_pct"), preset: brand).run(on: input(CountingReader()))
    #expect(plain.rows.map(\.weight) != table)
  }

  @Test("the SHA-256 in the provenance is the one of the bytes that were parsed")
  func digestOfBytesRead() throws {
    let loaded = try input(CountingReader())
    #expect(loaded.dataSHA256 == SHA256.hex(of: try CSVReader.readFile(history)))
  }
}
