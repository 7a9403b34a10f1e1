// swift-tools-version:6.0
import Foundation
import PackageDescription

// The statistics module's vector kernels (the logistic submodel fits of a dominance analysis):
// where the building machine's CPU is x86-64-v3 (AVX2 with FMA), WeightAnalysis is compiled for
// it, as `-march=native` would, and `a·b + c` is fused (the FUSED_MULTIPLY_ADD condition); about
// 1.7× faster. KPI_WEIGHTS_PORTABLE=1 builds for any x86-64 instead (then `swift package clean`).
let cpuFlags: Set<Substring> = {
  guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
    let line = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
  else { return [] }
  return Set(line.split(separator: " "))
}()
let vectorSettings: [SwiftSetting] =
  ProcessInfo.processInfo.environment["KPI_WEIGHTS_PORTABLE"] == nil
    && cpuFlags.isSuperset(of: ["avx2", "fma", "bmi1", "bmi2", "f16c", "movbe", "abm"])
  ? [.unsafeFlags(["-Xfrontend", "-target-cpu", "-Xfrontend", "haswell"]), .define("FUSED_MULTIPLY_ADD")] : []

// Module graph (each arrow: "is used by"):
//   CLAPACK → LinearAlgebra → WeightAnalysis → DataSources → Workflows → Reports → kpi-weights
//   CCrypto, CSQLite, CPostgres, CLibZ → DataSources
// WeightAnalysis holds every statistical rule; DataSources reads files and workbooks into tables
// and configs; Workflows loads each input once and composes results; Reports only renders them;
// the executable parses arguments, calls, prints and maps errors.
let package = Package(
  name: "kpi-weights",
  products: [
    .executable(name: "kpi-weights", targets: ["kpi-weights"]),
    .library(name: "KPIWeightsKit", targets: ["LinearAlgebra", "WeightAnalysis", "DataSources", "Workflows", "Reports"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
  ],
  targets: [
    // Fortran LAPACK/BLAS from Debian's liblapack-dev, through our own prototypes.
    .systemLibrary(name: "CLAPACK", path: "Sources/CLAPACK"),
    .target(name: "LinearAlgebra", dependencies: ["CLAPACK"], exclude: ["README.md"]),
    // OpenSSL's libcrypto from Debian's libssl-dev, for SHA-256 (hardware SHA where the CPU has it).
    .systemLibrary(name: "CCrypto", path: "Sources/CCrypto"),
    // SQLite (libsqlite3-dev) and PostgreSQL's client library (libpq-dev), for database sources.
    .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
    .systemLibrary(name: "CPostgres", path: "Sources/CPostgres"),
    // zlib (zlib1g-dev), inflating workbook parts.
    .systemLibrary(name: "CLibZ", path: "Sources/CLibZ"),
    .target(name: "WeightAnalysis", dependencies: ["LinearAlgebra"], exclude: ["README.md"], swiftSettings: vectorSettings),
    .target(
      name: "DataSources",
      dependencies: ["CCrypto", "CSQLite", "CPostgres", "CLibZ", "LinearAlgebra", "WeightAnalysis", .product(name: "Yams", package: "Yams"), .product(name: "ZIPFoundation", package: "ZIPFoundation")], exclude: ["README.md"],
      resources: [.copy("Presets")]),
    .target(name: "Workflows", dependencies: ["LinearAlgebra", "WeightAnalysis", "DataSources"], exclude: ["README.md"]),
    .target(name: "Reports", dependencies: ["WeightAnalysis", "DataSources", "Workflows"], exclude: ["README.md"]),
    .executableTarget(
      name: "kpi-weights",
      dependencies: [
        "LinearAlgebra", "WeightAnalysis", "DataSources", "Workflows", "Reports",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    // Shared by the test targets: seeded RNG, relative error, fixtures, the CLI runner, goldens.
    .target(name: "TestSupport", dependencies: ["LinearAlgebra", "WeightAnalysis"], path: "Tests/TestSupport"),
    .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "TestSupport"], resources: [.copy("Fixtures")]),
    .testTarget(
      name: "WeightAnalysisTests",
      dependencies: ["WeightAnalysis", "LinearAlgebra", "TestSupport", .product(name: "PropertyBased", package: "swift-property-based")], resources: [.copy("Fixtures")]),
    .testTarget(
      name: "DataSourcesTests",
      dependencies: ["DataSources", "WeightAnalysis", "TestSupport", .product(name: "PropertyBased", package: "swift-property-based")], resources: [.copy("Fixtures")]),
    .testTarget(name: "WorkflowsTests", dependencies: ["Workflows", "DataSources", "WeightAnalysis", "LinearAlgebra", "TestSupport"], exclude: ["Golden"]),
    .testTarget(
      name: "CLITests", dependencies: ["kpi-weights", "Reports", "Workflows", "DataSources", "WeightAnalysis", "TestSupport"], resources: [.copy("Golden")]),
  ],
  swiftLanguageModes: [.v6]
)

// The fuzz target (`make fuzz`): only when KPI_WEIGHTS_FUZZ=1, since libFuzzer supplies its main.
if ProcessInfo.processInfo.environment["KPI_WEIGHTS_FUZZ"] == "1" {
  package.targets.append(
    .executableTarget(
      name: "kpi-weights-fuzz", dependencies: ["DataSources", "WeightAnalysis"], path: "Fuzz/kpi-weights-fuzz",
      swiftSettings: [.unsafeFlags(["-parse-as-library"])]))
}
