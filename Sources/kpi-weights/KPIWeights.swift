import ArgumentParser
import Workflows

@main
struct KPIWeights: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "kpi-weights",
    abstract: "Data-driven weights for after-sales KPIs · 售后绩效考核指标权重",
    discussion: """
      Fits how strongly each indicator drove an outcome (e.g. customer churn) from history, with \
      LAPACK least squares and full statistics, and turns the fit into indicator weights; also \
      objective weights from the indicator matrix and subjective weights from pairwise comparisons.

      Exit codes: 0 success, 64 usage error, 65 bad input data or configuration, 70 numerical \
      failure, 73 output file exists.
      """,
    version: toolVersion,
    subcommands: [
      Prepare.self, Fit.self, Stats.self, Objective.self, Ahp.self, Recommend.self, Compare.self, Export.self, Validate.self, Score.self, Report.self,
      NotebookCommand.self, Presets.self,
    ])
}
