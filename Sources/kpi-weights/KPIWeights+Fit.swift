import ArgumentParser
import LinearAlgebra
import DataSources
import WeightAnalysis
import Workflows

extension KPIWeights {
  struct Fit: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Fit indicator weights from history · 从历史数据拟合指标权重",
      discussion: """
        Regresses the outcome on the indicators (Householder QR with column pivoting, LAPACK; \
        logistic regression by IRLS when the outcome is 0/1), prints a regression summary, and \
        derives weights: by default each indicator's LMG share of R² (the average gain in R² over \
        all orders of entry). Effects are oriented by each indicator's direction (catalog, \
        --direction, or inferred with a warning); an indicator whose effect has the counter-\
        intuitive sign gets weight 0 and a warning. --bootstrap adds percentile intervals. \
        --streaming fits a CSV, a workbook sheet or a database result of any size in one pass in bounded memory \
        (with --bootstrap N --group COL, the clusters are resampled); --stats fits the \
        sufficient statistics that `kpi-weights stats` (or another engine) wrote.
        """)

    @OptionGroup(title: "Data") var dataOptions: DataOptions
    @OptionGroup(title: "Model") var model: ModelOptions
    @OptionGroup(title: "Bootstrap") var bootstrap: BootstrapOptions
    @OptionGroup(title: "Output") var output: OutputOptions

    @Flag(help: "Read a CSV, an .xlsx sheet or a database in one pass in bounded memory (its sufficient statistics; linear model, iid or cluster errors).")
    var streaming = false

    @Option(help: ArgumentHelp("Megabytes per chunk of --streaming (1–1024).", valueName: "MB"))
    var chunkMb = 8

    @Flag(help: "Load the file whole even when it is large (a CSV over 1 GiB is otherwise read in one streaming pass when the fit needs no rows).")
    var inMemory = false

    @Flag(help: "On a PostgreSQL source: let the server compute the sums (one aggregate query, exact numeric) instead of sending the rows.")
    var pushdown = false

    func validate() throws {
      guard (1...1024).contains(chunkMb) else { throw ValidationError("--chunk-mb must be between 1 and 1024, got \(chunkMb)") }
      if streaming && dataOptions.stats != nil { throw ValidationError("--streaming reads --data; --stats is already the statistics") }
      if pushdown && (streaming || dataOptions.stats != nil) { throw ValidationError("--pushdown is its own route; drop --streaming and --stats") }
      if inMemory && (streaming || pushdown || dataOptions.stats != nil) { throw ValidationError("--in-memory loads --data whole; drop --streaming, --pushdown and --stats") }
    }

    /// The file's size when the fit streams it: asked for, or a CSV above the threshold whose fit
    /// needs no rows (unless --in-memory).
    func streamingBytes(_ job: FitJob) -> Int? {
      if streaming { return 0 }
      guard !inMemory, job.rowsSetting == nil, let data = dataOptions.data, dataOptions.table == nil, dataOptions.query == nil,
        !data.lowercased().hasSuffix(".xlsx"), let size = CSVStream.size(of: data), size > FitJob.streamingThresholdBytes
      else { return nil }
      return size
    }

    func run() throws {
      BLASThreads.useOneThread()
      try perform {
        let job = model.fitJob(bootstrap, quiet: dataOptions.quiet)
        if let file = dataOptions.stats {
          let (statistics, source) = try InputLoader.fileSystem.statistics(file)
          var catalog = try InputLoader.fileSystem.catalog(merging: dataOptions.catalog)
          for (id, direction) in dataOptions.directions { catalog.setDirection(direction, for: id) }
          try output.emit(
            job.run(statistics: statistics, catalog: catalog, file: source.file, encoding: source.encoding, rowsRead: source.rowsRead, droppedRows: source.droppedRows,
              missing: source.missingValues))
        } else if pushdown {
          try output.emit(job.run(on: try Stats.pushdown(dataOptions: dataOptions, model: model, group: bootstrap.group)))
        } else if let bytes = streamingBytes(job) {
          let result = try Stats.pass(dataOptions: dataOptions, model: model, chunkMb: chunkMb, group: bootstrap.group)
          try output.emit(job.run(on: result, notes: streaming ? [] : [FitJob.streamedByDefaultNote(bytes: bytes)]))
        } else {
          let input = try dataOptions.load()
          try output.emit(job.run(on: input))
        }
      }
    }
  }
}
