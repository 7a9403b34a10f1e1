import ArgumentParser
import DataSources
import LinearAlgebra
import Reports
import WeightAnalysis
import Workflows

extension KPIWeights {
  struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Sufficient statistics of a CSV, a workbook or a database in bounded memory · 以有限内存计算 CSV、工作簿或数据库的充分统计量",
      discussion: """
        Reads a CSV, an .xlsx sheet (inflated piece by piece) or a database result once, in chunks, and writes what a linear fit needs from its rows: the row \
        count, the QR factor of [1, indicators, outcome] (TSQR, merged over the cores) and, per \
        cluster (the entity column by default, e.g. team), the Gram matrix. `kpi-weights fit \
        --stats FILE` finishes the fit from it: estimates, iid or clustered (CR1) standard errors, \
        VIF, LMG, dominance and relative weights, and a bootstrap of the clusters. Memory does not \
        grow with the rows.
        """)

    @OptionGroup(title: "Data") var dataOptions: DataOptions
    @OptionGroup(title: "Model") var model: ModelOptions

    @Flag(help: "No clusters (the fit's standard errors are then iid).")
    var noClusters = false

    @Option(help: ArgumentHelp("Megabytes per chunk (1–1024).", valueName: "MB"))
    var chunkMb = 8

    @Option(name: .shortAndLong, help: "Statistics file to write (JSON; default: standard output).")
    var output: String?

    @Flag(help: "Overwrite --output if it exists.")
    var force = false

    @Flag(help: "On a PostgreSQL source: the server computes the sums (one aggregate query) instead of sending the rows.")
    var pushdown = false

    func validate() throws {
      guard (1...1024).contains(chunkMb) else { throw ValidationError("--chunk-mb must be between 1 and 1024, got \(chunkMb)") }
      if dataOptions.stats != nil { throw ValidationError("stats reads --data; --stats is already a statistics file") }
      if noClusters && model.cluster != nil { throw ValidationError("give --cluster or --no-clusters, not both") }
    }

    func run() throws {
      // Each core factors its own chunks: BLAS threads inside the small QRs only contend.
      BLASThreads.useOneThread()
      try perform {
        if let output { try OutputFile.requireWritable(output, overwrite: force) }
        let result =
          pushdown
          ? try Self.pushdown(dataOptions: dataOptions, model: model, noClusters: noClusters)
          : try Self.pass(dataOptions: dataOptions, model: model, chunkMb: chunkMb, noClusters: noClusters)
        let source = StatisticsFile.Source(
          file: result.file, sha256: result.sha256, rowsRead: result.rowsRead, droppedRows: result.droppedRows, encoding: result.encoding, missingValues: result.missing)
        let text = try StatisticsFile.text(result.statistics, source: source)
        for warning in result.warnings + [result.droppedRowsWarning].compactMap({ $0 }) { Terminal.printError("warning: \(warning.english)") }
        if let output {
          try OutputFile.write(text, to: output, overwrite: force)
          let clusters = result.statistics.clusters.map { ", \($0.labels.count) clusters of \($0.column)" } ?? ""
          Terminal.printError(
            "wrote \(output): \(result.statistics.observations) rows of \(result.rowsRead) (\(result.statistics.indicators.count) indicators\(clusters)) from \(result.bytesRead) bytes")
        } else {
          print(text, terminator: "")
        }
      }
    }

    /// The server's sums behind `stats --pushdown` and `fit --pushdown`.
    static func pushdown(dataOptions: DataOptions, model: ModelOptions, noClusters: Bool = false, group: String? = nil) throws -> StatisticsJob.Result {
      let source = try DataSource.parse(try dataOptions.requiredData(), sheet: dataOptions.sheet, table: dataOptions.table, query: dataOptions.query)
      return try job(model: model, noClusters: noClusters, group: group).run(pushdown: source, catalogFile: dataOptions.catalog, directions: dataOptions.directions)
    }

    /// - Parameter group: the bootstrap's group column, the clusters when `--cluster` names none.
    static func job(model: ModelOptions, noClusters: Bool, group: String? = nil) throws -> StatisticsJob {
      var job = StatisticsJob(outcome: model.outcome)
      job.indicators = names(model.indicators)
      if let clusters = names(model.cluster) {
        guard clusters.count == 1 else { throw ValidationError("sufficient statistics cluster by one column; give one to --cluster") }
        job.clusterColumn = clusters[0]
      } else if let group {
        job.clusterColumn = group
      }
      job.noClusters = noClusters
      job.strict = model.strict
      return job
    }

    /// The one pass behind `stats` and `fit --streaming`.
    static func pass(dataOptions: DataOptions, model: ModelOptions, chunkMb: Int, noClusters: Bool = false, group: String? = nil) throws -> StatisticsJob.Result {
      let data = try dataOptions.requiredData()
      let source = try DataSource.parse(data, sheet: dataOptions.sheet, table: dataOptions.table, query: dataOptions.query)
      var job = try job(model: model, noClusters: noClusters, group: group)
      job.chunkBytes = chunkMb << 20
      switch source {
      case .sqlite, .postgresql: return try job.run(database: source, catalogFile: dataOptions.catalog, directions: dataOptions.directions)
      case .file(let path, let sheet):
        return try job.run(path: path, sheet: sheet, catalogFile: dataOptions.catalog, directions: dataOptions.directions)
      }
    }
  }
}
