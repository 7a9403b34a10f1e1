// swift-tools-version:6.0
// Benchmarks live in their own package so that users never build them (swift-collections does the same).
import PackageDescription

let package = Package(
  name: "kpi-weights-benchmarks",
  // `kpi-weights` is a symlink to the repository root, so the dependency has the same identity
  // whatever the clone's folder is called.
  dependencies: [.package(path: "kpi-weights")],
  targets: [
    .executableTarget(
      name: "kpi-bench",
      dependencies: [.product(name: "KPIWeightsKit", package: "kpi-weights")],
      swiftSettings: [.unsafeFlags(["-Ounchecked"])])
  ],
  swiftLanguageModes: [.v6]
)
