import ArgumentParser
import DataSources
import LinearAlgebra
import Reports
import WeightAnalysis
import Workflows

/// `--bootstrap`, `--seed`, `--group`: percentile intervals of the fitted weights.
struct BootstrapOptions: ParsableArguments {
  /// The largest number of replicates accepted (each costs one refit).
  static let maximumReplicates = 1_000_000

  @Option(help: "Bootstrap replicates for percentile intervals of the weights (e.g. 1000).")
  var bootstrap: Int?

  @Option(help: "Seed of the bootstrap (same seed, same intervals).")
  var seed: UInt64 = 1

  @Option(help: "Resample whole groups of this column (e.g. team) in the bootstrap, keeping their periods together.")
  var group: String?

  /// The one replicate-count rule, shared with `compare --bootstrap`.
  static func check(_ replicates: Int, flag: String = "--bootstrap") throws {
    guard (2...maximumReplicates).contains(replicates) else {
      throw ValidationError("\(flag) needs between 2 and \(maximumReplicates) replicates (1000 is typical), got \(replicates)")
    }
  }

  func validate() throws {
    if let bootstrap { try Self.check(bootstrap) }
    if group != nil && bootstrap == nil { throw ValidationError("--group only matters with --bootstrap N") }
  }
}
