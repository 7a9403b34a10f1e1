// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "kpi-weights",
  products: [
    .executable(name: "kpi-weights", targets: ["kpi-weights"]),
    .library(name: "KPIWeightsKit", targets: ["LinearAlgebra", "WeightAnalysis", "DataSources", "Reports"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
  ],
  targets: [
    // Fortran LAPACK/BLAS from Debian's liblapack-dev, through our own prototypes.
    .systemLibrary(name: "CLAPACK", path: "Sources/CLAPACK"),
    .target(name: "LinearAlgebra", dependencies: ["CLAPACK"], exclude: ["README.md"]),
    .target(name: "WeightAnalysis", dependencies: ["LinearAlgebra"], exclude: ["README.md"]),
    .target(
      name: "DataSources", dependencies: ["LinearAlgebra", "WeightAnalysis", .product(name: "Yams", package: "Yams")], exclude: ["README.md"],
      resources: [.copy("Presets")]),
    .target(name: "Reports", dependencies: ["WeightAnalysis", "DataSources"], exclude: ["README.md"]),
    .executableTarget(
      name: "kpi-weights",
      dependencies: [
        "LinearAlgebra", "WeightAnalysis", "DataSources", "Reports",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra"], resources: [.copy("Fixtures")]),
    .testTarget(name: "WeightAnalysisTests", dependencies: ["WeightAnalysis", "LinearAlgebra"], resources: [.copy("Fixtures")]),
    .testTarget(name: "DataSourcesTests", dependencies: ["DataSources"]),
    .testTarget(name: "CLITests", dependencies: ["kpi-weights", "Reports", "DataSources", "WeightAnalysis"], resources: [.copy("Golden")]),
  ],
  swiftLanguageModes: [.v6]
)
