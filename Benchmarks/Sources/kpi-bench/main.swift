// kpi-bench: the Swift side of Benchmarks/run.sh. It prints machine-readable lines
// ("seconds=…") that run.sh sets beside the Python peer's timings.
import Foundation
import DataSources
import LinearAlgebra
import WeightAnalysis

struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
  let clock = ContinuousClock()
  let elapsed = try clock.measure(body)
  return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}

func writeRaw(_ values: [Double], to path: String) throws {
  try values.withUnsafeBufferPointer { Data(buffer: $0) }.write(to: URL(fileURLWithPath: path))
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
  FileHandle.standardError.write(Data("usage: kpi-bench solver M N DIR | make-csv ROWS PATH\n".utf8))
  exit(64)
}

switch arguments[1] {
case "solver":
  // A seeded m×n design (uniform + a little structure) and response; written as raw float64
  // (column-major A, then b) so numpy solves exactly the same problem.
  let m = Int(arguments[2])!, n = Int(arguments[3])!, directory = arguments[4]
  var rng = SplitMix64(state: 20_261_129)
  var storage = [Double](repeating: 0, count: m * n)
  for j in 0..<n {
    let scale = pow(10, Double(j % 4))
    for i in 0..<m { storage[i + j * m] = (rng.uniform() - 0.5) * scale + Double(j) }
  }
  let a = Matrix(rows: m, columns: n, columnMajor: storage)
  let truth = (0..<n).map { Double($0 % 7) - 3 }
  var b = a.multiplied(by: truth)
  for i in 0..<m { b[i] += rng.uniform() - 0.5 }
  try writeRaw(a.storage, to: "\(directory)/A_\(m)x\(n).bin")
  try writeRaw(b, to: "\(directory)/b_\(m)x\(n).bin")
  var best = Double.infinity
  var solution: LeastSquaresSolution? = nil
  for _ in 0..<3 {
    best = min(best, try seconds { solution = try LeastSquares.solve(a, b) })
  }
  print("seconds=\(best) rank=\(solution!.rank) x0=\(solution!.coefficients[0])")

case "lmg":
  // LMG decomposition for P indicators on M rows from the raw data (correlations included),
  // written as raw float64 (column-major X, then y) for pingouin.
  let m = Int(arguments[2])!, p = Int(arguments[3])!, directory = arguments[4]
  var rng = SplitMix64(state: 99)
  var columns: [[Double]] = []
  var y = [Double](repeating: 0, count: m)
  for j in 0..<p {
    var column = [Double](repeating: 0, count: m)
    for i in 0..<m { column[i] = rng.uniform() * 10 + (j > 0 ? 0.3 * columns[j - 1][i] : 0) }
    for i in 0..<m { y[i] += Double(j % 4 + 1) * 0.1 * column[i] }
    columns.append(column)
  }
  for i in 0..<m { y[i] += rng.uniform() * 5 }
  try writeRaw(columns.flatMap { $0 }, to: "\(directory)/X_lmg_\(m)x\(p).bin")
  try writeRaw(y, to: "\(directory)/y_lmg_\(m)x\(p).bin")
  let names = (0..<p).map { "x\($0)" }
  var shares: [Double] = []
  var best = Double.infinity
  for _ in 0..<5 {
    best = min(best, try seconds {
      let structure = try CorrelationStructure(response: y, columns: columns, indicators: names)
      shares = try RelativeImportance.lmg(structure)
    })
  }
  print("seconds=\(best) lmg0=\(shares[0]) total=\(shares.reduce(0, +))")

case "bootstrap":
  // A bootstrap of LMG weights on the bundled history (rows resampled), as `fit --bootstrap N` runs it.
  let path = arguments[2], replicates = Int(arguments[3])!
  let table = try CSVReader.read(path: path)
  let names = ["satisfaction_pct", "response_hours", "first_fix_pct", "resolution_hours", "complaint_resolution_pct", "cost_per_ticket", "utilization_pct"]
  let selection = try table.numericColumns(["churn_pct"] + names, roles: Array(repeating: "x", count: 8), strict: false)
  let directions: [Direction] = [.higherIsBetter, .lowerIsBetter, .higherIsBetter, .lowerIsBetter, .higherIsBetter, .lowerIsBetter, .higherIsBetter]
  var result: BootstrapResult? = nil
  let elapsed = try seconds {
    result = try Bootstrap.weightIntervals(
      response: selection.columns[0], columns: Array(selection.columns.dropFirst()), indicators: names, method: .lmg,
      directions: directions, outcomeDirection: .lowerIsBetter, options: BootstrapOptions(replicates: replicates, seed: 1))
  }
  print("seconds=\(elapsed) low0=\(result!.low[0]) high0=\(result!.high[0])")

case "make-csv":
  // ROWS rows × 12 numeric columns (11 indicators + outcome y), as a spreadsheet export would have.
  let rows = Int(arguments[2])!, path = arguments[3]
  var rng = SplitMix64(state: 7)
  var text = "team,i1,i2,i3,i4,i5,i6,i7,i8,i9,i10,i11,y\n"
  text.reserveCapacity(rows * 90)
  let coefficients: [Double] = [0.5, -0.3, 0.2, 0.1, -0.05, 0.4, 0, 0.02, -0.2, 0.15, 0.01]
  for r in 0..<rows {
    var y = 3.0
    var line = "T\(r % 400)"
    for k in 0..<11 {
      let value = ((rng.uniform() * 100) * 100).rounded() / 100
      y += coefficients[k] * value
      line += "," + String(value)
    }
    y += rng.uniform() * 10
    line += "," + String((y * 1000).rounded() / 1000) + "\n"
    text += line
  }
  try text.write(toFile: path, atomically: true, encoding: .utf8)
  print("wrote \(path)")

case "read-xlsx":
  // kpi-bench read-xlsx PATH: best of 3 in-process reads of the first sheet into a table.
  let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: arguments[2])))
  var best = Double.infinity, rows = 0
  for _ in 0..<3 {
    best = min(best, try seconds { rows = try XLSXReader.parse(bytes: bytes, file: arguments[2]).rowCount })
  }
  print("seconds=\(best) rows=\(rows)")

case "phases":
  // Where the end-to-end time goes (for tuning; not part of run.sh's table).
  let path = arguments[2]
  var table: DataTable? = nil
  let read = try seconds { table = try CSVReader.read(path: path) }
  let names = (1...11).map { "i\($0)" }
  var selection: NumericSelection? = nil
  let select = try seconds { selection = try table!.numericColumns(["y"] + names, roles: Array(repeating: "x", count: 12), strict: false) }
  let fit = try seconds {
    _ = try OrdinaryLeastSquares.fit(outcome: "y", response: selection!.columns[0], indicators: names, columns: Array(selection!.columns.dropFirst()))
  }
  print("read=\(read) select=\(select) fit=\(fit)")

default:
  FileHandle.standardError.write(Data("unknown mode \(arguments[1])\n".utf8))
  exit(64)
}
