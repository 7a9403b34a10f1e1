import Glibc
import DataSources
import WeightAnalysis

/// libFuzzer entry point: one binary, the target chosen by `KPI_FUZZ_TARGET` (csv, xlsx, xlsx-stream —
/// a workbook's sheet streamed in pieces —, catalog, preset, swot, ahp-csv, ahp-yaml, config, prepare, stats — a statistics file read and
/// fitted —, csv-chunk — the streaming row parser). Every input must give a value or a
/// thrown error; a trap, a sanitizer report or a hang is a finding. Built by `make fuzz` with
/// `-sanitize=fuzzer,address` (see `scripts/fuzz.sh`), never by a plain `swift build`.
let target: String = {
  guard let value = getenv("KPI_FUZZ_TARGET") else { return "csv" }
  return String(cString: value)
}()

/// libFuzzer's driver, called from the executable's entry (SwiftPM links an executable's main
/// as `kpi_weights_fuzz_main`, so libFuzzer's own `main` is not used).
@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(
  _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
  _ callback: @convention(c) (UnsafeRawPointer?, Int) -> CInt
) -> CInt

@_cdecl("kpi_weights_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  var count = argc
  var arguments = argv
  return runDriver(&count, &arguments) { fuzz($0, $1) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
  let bytes = start.map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? []
  let text = String(decoding: bytes, as: UTF8.self)
  switch target {
  case "csv": _ = try? CSVReader.parse(bytes: bytes, file: "fuzz.csv")
  case "xlsx": _ = try? XLSXReader.parse(bytes: bytes, file: "fuzz.xlsx")
  case "xlsx-stream":
    // The sheet streamed in small pieces of XML (the first byte picks 1–64), every chunk read.
    if let stream = try? CSVStream(workbookBytes: bytes, file: "fuzz.xlsx", chunkBytes: 1 << 10, pieceBytes: Int(bytes.first ?? 0) % 64 + 1) {
      while let chunk = try? stream.next() {
        _ = try? chunk.forEachRow(firstLine: 2, numeric: [0], label: nil, headers: stream.headers) { _, _ in }
      }
    }
  case "catalog": _ = try? CatalogFile.parse(text, file: "fuzz.yaml")
  case "preset": _ = try? PresetFile.parse(text, file: "fuzz.yaml")
  case "swot": _ = try? SWOTFile.parse(text, file: "fuzz.yaml")
  case "ahp-csv": _ = try? PairwiseMatrixFile.parse(text, file: "fuzz.csv")
  case "ahp-yaml": _ = try? PairwiseMatrixFile.parse(text, file: "fuzz.yaml")
  case "config": _ = try? WeightConfigFile.parse(text, file: "fuzz.yaml")
  case "prepare": _ = try? PrepareSpecFile.parse(text, file: "fuzz.yaml")
  case "stats":
    if let (statistics, _) = try? StatisticsFile.parse(text, file: "fuzz.json") {
      _ = try? OrdinaryLeastSquares.fit(statistics: statistics, clustered: false)
      _ = try? OrdinaryLeastSquares.fit(statistics: statistics, clustered: true)
    }
  case "csv-chunk":
    let chunk = CSVChunk(file: "fuzz.csv", bytes: bytes, end: bytes.count)
    _ = try? chunk.forEachRow(firstLine: 1, numeric: [1, 2, 3], label: 0, headers: ["team", "a", "b", "y"]) { _, _ in }
  default: fatalError("unknown KPI_FUZZ_TARGET '\(target)'")
  }
  return 0
}
