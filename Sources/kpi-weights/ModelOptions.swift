import ArgumentParser
import DataSources
import LinearAlgebra
import Reports
import WeightAnalysis
import Workflows

extension StandardErrorChoice: ExpressibleByArgument {}

/// `--outcome`, `--indicators`, `--no-intercept`, `--strict`, `--min-norm`, `--method`, `--model`,
/// `--se`, `--cluster`.
struct ModelOptions: ParsableArguments {
  @Option(help: "Outcome column, e.g. churn_pct.")
  var outcome: String

  @Option(help: "Comma-separated indicator columns (default: every numeric column but the outcome and id/period columns, or the preset's).")
  var indicators: String?

  @Flag(help: "Fit without an intercept (R² is then uncentred).")
  var noIntercept = false

  @Flag(help: "Fail on a missing value instead of dropping its row.")
  var strict = false

  @Flag(help: "On collinear indicators, return the minimum-norm SVD solution instead of failing.")
  var minNorm = false

  @Option(help: "Importance measure: lmg (share of R², exact up to 20 indicators), relative-weights, standardized, nnls.")
  var method: ImportanceMethod = .lmg

  @Option(help: "Model: auto (logistic when the outcome is 0/1, else linear), linear, logistic.")
  var model: FitJob.Model = .auto

  @Flag(help: "Infer unknown indicator directions from the fitted signs (and take an unknown outcome as higher-is-better), with warnings, instead of refusing them.")
  var inferDirections = false

  @Option(
    name: .customLong("se"),
    help: "Standard errors of a linear fit: iid, hc1, hc3, cluster (CR1), cr2 (Bell–McCaffrey, Satterthwaite df). Default: clustered by the entity when it repeats over periods, else iid.")
  var standardErrors: StandardErrorChoice?

  @Option(help: "Cluster column(s) for --se cluster|cr2, comma-separated (two: two-way clustering; default: the entity column).")
  var cluster: String?

  func validate() throws {
    if let list = names(cluster), list.contains(where: \.isEmpty) || list.count > 2 {
      throw ValidationError("--cluster takes one or two column names separated by a comma, e.g. --cluster team or --cluster team,month")
    }
    if let list = names(indicators), list.contains(where: \.isEmpty) {
      throw ValidationError("--indicators has an empty name; write names separated by commas, e.g. --indicators satisfaction_pct,response_hours")
    }
  }

  /// The fit these options describe, with `bootstrap`'s settings.
  func fitJob(_ bootstrap: BootstrapOptions?, quiet: Bool) -> FitJob {
    var job = FitJob(outcome: outcome)
    job.indicators = names(indicators)
    job.includeIntercept = !noIntercept
    job.strict = strict
    job.minimumNorm = minNorm
    job.method = method
    job.model = model
    job.inferDirections = inferDirections
    job.standardErrors = standardErrors
    job.clusterColumns = names(cluster) ?? []
    if let bootstrap {
      job.bootstrapReplicates = bootstrap.bootstrap
      job.seed = bootstrap.seed
      job.groupColumn = bootstrap.group
      if let replicates = bootstrap.bootstrap, let bar = ProgressBar.make(total: replicates, label: "bootstrap", quiet: quiet) {
        job.progress = { bar.update($0) }
      }
    }
    return job
  }
}
