import Foundation
import Testing
import TestSupport

@Suite("fit --se and --cluster: clustered standard errors by default on a panel")
struct StandardErrorTests {
  static let history = "datasets/after-sales-history.csv"

  func covariance(_ arguments: [String]) throws -> [String: Any] {
    let result = try CLI.run(["fit", "--data", Self.history, "--outcome", "churn_pct", "--format", "json"] + arguments)
    #expect(result.exitCode == 0, "\(result.stderr)")
    return try #require(try jsonObject(result.stdout)["covariance"] as? [String: Any])
  }

  @Test("the bundled team × month history is clustered by team unless told otherwise; the header says so")
  func defaultClustersByEntity() throws {
    let c = try covariance([])
    #expect(c["type"] as? String == "cluster" && c["columns"] as? [String] == ["team"] && c["clusters"] as? [Int] == [40])
    let table = try CLI.run(["fit", "--data", Self.history, "--outcome", "churn_pct"])
    #expect(table.stdout.contains("Standard errors · 标准误: clustered by team (CR1, 40 clusters; t with 39 df)\n"))
    #expect(table.stdout.contains("Wald F(7, 39)"))
    #expect(try covariance(["--se", "iid"])["type"] as? String == "iid")
  }

  @Test("two-way clustering and CR2 from the command line, with their clusters and degrees of freedom")
  func choices() throws {
    let twoWay = try covariance(["--se", "cluster", "--cluster", "team,month"])
    #expect(twoWay["columns"] as? [String] == ["team", "month"] && twoWay["clusters"] as? [Int] == [40, 36])
    #expect((twoWay["df"] as? [Double])?.allSatisfy { $0 == 35 } == true)
    let cr2 = try covariance(["--se", "cr2"])
    #expect(cr2["type"] as? String == "cr2" && cr2["columns"] as? [String] == ["team"])
    // Satterthwaite df per coefficient, as clubSandwich gives them (utilization_pct: 37.33).
    let df = try #require(cr2["df"] as? [Double])
    #expect(df.count == 8 && abs(df[7] - 37.327771898042805) < 1e-7)
  }

  @Test("few clusters warn towards cr2; clusters without a clustered choice and three columns are errors")
  func warningsAndErrors() throws {
    let small = try CLI.golden("report-small.csv").path
    let fit = try CLI.run(["fit", "--data", small, "--outcome", "churn_pct", "--format", "json"])
    let warnings = try #require(try jsonObject(fit.stdout)["warnings"] as? [String])
    #expect(
      warnings.contains(
        "Only 8 clusters of 'team': clustered (CR1) standard errors are too small with fewer than 20 clusters. Use --se cr2 (Bell–McCaffrey with Satterthwaite degrees of freedom)."
      ), "\(warnings)")
    let hc1 = try CLI.run(["fit", "--data", Self.history, "--outcome", "churn_pct", "--se", "hc1", "--cluster", "team"])
    #expect(hc1.exitCode == 64)
    #expect(hc1.stderr == "kpi-weights: error: --cluster cannot be used here: clusters apply to --se cluster or cr2, not hc1; drop --cluster or choose cluster.\n")
    let three = try CLI.run(["fit", "--data", Self.history, "--outcome", "churn_pct", "--se", "cluster", "--cluster", "team,month,team"])
    #expect(three.exitCode == 64)
    #expect(three.stderr.contains("--cluster takes one or two column names separated by a comma"))
  }

  @Test("the retention floor quotes the p-value it rests on and the covariance behind it")
  func retentionSaysWhichCovariance() throws {
    let clustered = try CLI.run(["recommend", "--data", Self.history, "--outcome", "churn_pct", "--preset", "retention"])
    #expect(clustered.stdout.contains("because the history links 'response_hours' to 'churn_pct' (p = 2.11e-14, clustered by team)"), "\(clustered.stdout)")
    let cr2 = try CLI.run(["recommend", "--data", Self.history, "--outcome", "churn_pct", "--preset", "retention", "--se", "cr2"])
    #expect(cr2.stdout.contains("(p = 5.89e-13, CR2 by team)"), "\(cr2.stdout)")
  }

  @Test("fit reports the in-sample ρ beside a rolling-origin backtest over the months")
  func rollingOriginBacktest() throws {
    let result = try CLI.run(["fit", "--data", Self.history, "--outcome", "churn_pct", "--format", "json"])
    let backtest = try #require(try jsonObject(result.stdout)["backtest"] as? [String: Any])
    let rolling = try #require(backtest["rollingOrigin"] as? [String: Any])
    let origins = try #require(rolling["origins"] as? [[String: Any]])
    // 36 months: origins from the 19th on, each trained on the earlier months only.
    #expect(origins.count == 18 && origins.first?["period"] as? String == "2024-07" && rolling["periodColumn"] as? String == "month")
    #expect(origins.allSatisfy { ($0["trainingRows"] as! Int) < 1432 })
    let mean = try #require(rolling["mean"] as? Double), worst = try #require(rolling["worst"] as? Double)
    #expect(worst <= mean && mean < 1 && worst > 0.5)
    let table = try CLI.run(["fit", "--data", Self.history, "--outcome", "churn_pct"])
    #expect(table.stdout.contains("out of sample by rolling origin over 18 month origins (each fitted on the earlier periods only): mean ρ = "))
  }

  @Test("a logistic fit on a panel is clustered by the entity too, with z tests; cr2 is refused with the choices that work")
  func logisticPanel() throws {
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    // The bundled history with a 0/1 outcome: churn above 8%.
    let lines = try String(contentsOf: CLI.packageRoot.appendingPathComponent(Self.history), encoding: .utf8).split(whereSeparator: \.isNewline)
    var text = "team,month,satisfaction_pct,response_hours,high_churn\n"
    for line in lines.dropFirst() {
      let cells = line.split(separator: ",", omittingEmptySubsequences: false)
      guard let churn = Double(cells[9]), !cells[2].isEmpty, !cells[3].isEmpty else { continue }
      text += "\(cells[0]),\(cells[1]),\(cells[2]),\(cells[3]),\(churn > 8 ? 1 : 0)\n"
    }
    let data = directory.appendingPathComponent("binary.csv")
    try text.write(to: data, atomically: true, encoding: .utf8)
    let fit = try CLI.run(["fit", "--data", data.path, "--outcome", "high_churn", "--direction", "high_churn=lower", "--method", "standardized", "--format", "json"])
    #expect(fit.exitCode == 0, "\(fit.stderr)")
    let json = try jsonObject(fit.stdout)
    #expect(json["model"] as? String == "logistic")
    let covariance = try #require(json["covariance"] as? [String: Any])
    #expect(covariance["type"] as? String == "cluster" && covariance["columns"] as? [String] == ["team"])
    let table = try CLI.run(["fit", "--data", data.path, "--outcome", "high_churn", "--direction", "high_churn=lower", "--method", "standardized"])
    #expect(table.stdout.contains("Standard errors · 标准误: clustered by team (CR1, 40 clusters; z tests)\n"))
    let cr2 = try CLI.run(["fit", "--data", data.path, "--outcome", "high_churn", "--direction", "high_churn=lower", "--method", "standardized", "--se", "cr2"])
    #expect(cr2.exitCode == 0, "\(cr2.stderr)")
    #expect(cr2.stdout.contains("Standard errors · 标准误: clustered by team (CR2, 40 clusters; Satterthwaite df per coefficient)\n"))
  }
}
