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

  @Option(
    help: "Importance measure: lmg (share of R², exact up to 20 indicators), dominance (general dominance; of a pseudo-R² for 0/1 outcomes), relative-weights, standardized, nnls. Default: lmg for a linear model, dominance for a 0/1 outcome, standardized without an intercept.")
  var method: ImportanceMethod?

  @Option(name: .customLong("pseudo-r2"), help: "The pseudo-R² a logistic dominance analysis shares out: mcfadden, nagelkerke, estrella.")
  var pseudoR2: DominanceStatistic = .mcfadden

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

  @Option(
    help: "Fixed effects absorbed by the within transformation, one or two columns (e.g. team or team,month). Importance then shares out the within R².")
  var fixedEffects: String?

  @Option(help: "How absorbed fixed effects count in the clustered small-sample factor: nested (fixest: not when nested in the clusters) or all (statsmodels/lm with dummies).")
  var feCount: FixedEffects.ParameterCount = .nested

  @Option(help: "Add an indicator's value K periods earlier as an indicator, IND=K (repeatable), e.g. --lag response_hours=1. Per entity by period; gaps give missing values.")
  var lag: [String] = []

  @Option(help: "Explain the outcome K periods ahead (per entity by period), e.g. --lead-outcome 1.")
  var leadOutcome: Int?

  @Option(help: "Observation-weight column for weighted least squares (e.g. tickets per team-month).")
  var weights: String?

  @Option(name: .customLong("set"), help: "A group of indicators whose joint importance (exact LMG) is reported, NAME=IND,IND (repeatable), e.g. --set speed=response_hours,resolution_hours.")
  var sets: [String] = []

  func validate() throws {
    if let list = names(fixedEffects), list.contains(where: \.isEmpty) || list.count > 2 {
      throw ValidationError("--fixed-effects takes one or two column names separated by a comma, e.g. --fixed-effects team or --fixed-effects team,month")
    }
    _ = try parsedLags()
    _ = try parsedSets()
    if let leadOutcome, leadOutcome < 1 || leadOutcome > 1_000 {
      throw ValidationError("--lead-outcome takes a number of periods from 1 to 1000, e.g. --lead-outcome 1")
    }
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
    job.pseudoRSquared = pseudoR2
    job.model = model
    job.inferDirections = inferDirections
    job.standardErrors = standardErrors
    job.clusterColumns = names(cluster) ?? []
    job.fixedEffectColumns = names(fixedEffects) ?? []
    job.fixedEffectsParameterCount = feCount
    job.lags = (try? parsedLags()) ?? []
    job.leadOutcome = leadOutcome
    job.weightsColumn = weights
    job.sets = (try? parsedSets()) ?? []
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

extension FixedEffects.ParameterCount: ExpressibleByArgument {}
extension DominanceStatistic: ExpressibleByArgument {}

extension ModelOptions {
  /// `--lag IND=K` values.
  func parsedLags() throws -> [FitJob.Lag] {
    try lag.map { text in
      let parts = text.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
      guard parts.count == 2, !parts[0].isEmpty, let k = Int(parts[1]), (1...1_000).contains(k) else {
        throw ValidationError("--lag takes INDICATOR=PERIODS with PERIODS from 1 to 1000, e.g. --lag response_hours=1 (got '\(text)')")
      }
      return FitJob.Lag(indicator: parts[0], periods: k)
    }
  }

  /// `--set NAME=IND,IND` values.
  func parsedSets() throws -> [FitJob.IndicatorSet] {
    let sets = try self.sets.map { text in
      let parts = text.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
      let members = parts.count == 2 ? parts[1].split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) } : []
      guard parts.count == 2, !parts[0].isEmpty, !members.isEmpty, !members.contains(where: \.isEmpty) else {
        throw ValidationError("--set takes NAME=INDICATOR,INDICATOR, e.g. --set speed=response_hours,resolution_hours (got '\(text)')")
      }
      return FitJob.IndicatorSet(name: parts[0], members: members)
    }
    var seen: [String: String] = [:]
    for set in sets {
      for member in set.members {
        if let other = seen[member] { throw ValidationError("'\(member)' is in both --set \(other) and --set \(set.name); each indicator can be in one set") }
        seen[member] = set.name
      }
    }
    return sets
  }
}
