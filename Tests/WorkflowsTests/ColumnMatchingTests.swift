import DataSources
import Foundation
import Testing
import TestSupport
import WeightAnalysis
import Workflows

@Suite("Chinese and real-world headers, and no silent direction guesses")
struct ColumnMatchingTests {
  /// The bundled history with the headers a Chinese export would have.
  static func chineseHistory() throws -> DataTable {
    let text = try String(contentsOfFile: history, encoding: .utf8)
    let header = "团队,月份,客户满意度(%),平均响应时长（小时）,一次修复率,平均解决时长,投诉解决率,单次售后成本(元),售后人员利用率,客户流失率,回购率"
    let body = text.split(separator: "\n", maxSplits: 1)[1]
    return try CSVReader.parse(bytes: Array((header + "\n" + body).utf8), file: "历史.csv")
  }

  @Test(
    "names normalise: full-width, units in brackets, case, spaces and separators",
    arguments: [
      ("客户满意度（％）", "客户满意度"), ("客户满意度(%)", "客户满意度"), (" 客户 满意度 ", "客户满意度"), ("平均响应时长（小时）", "平均响应时长"),
      ("First-time fix", "firsttimefix"), ("first_time_fix", "firsttimefix"), ("CSAT %", "csat"), ("cost [CNY]", "cost"), ("ＣＳＡＴ", "csat"),
    ])
  func normalisation(name: String, expected: String) {
    #expect(IndicatorCatalog.normalizedName(name) == expected)
  }

  @Test("built-in aliases match labels, synonyms and English names; ids stay; two columns for one id are an error")
  func matching() throws {
    let catalog = IndicatorCatalog.builtIn
    let matches = try catalog.matchColumns(["团队", "满意度", "平均响应时长(小时)", "FCR", "MTTR", "Complaint resolution", "单均成本", "利用率", "流失率", "复购率", "是否流失", "nps"])
    #expect(
      matches.map(\.id) == [
        "satisfaction_pct", "response_hours", "first_fix_pct", "resolution_hours", "complaint_resolution_pct", "cost_per_ticket", "utilization_pct",
        "churn_pct", "repeat_purchase_pct", "churned",
      ])
    #expect(try catalog.matchColumns(["satisfaction_pct", "churn_pct"]).isEmpty)
    #expect(throws: AnalysisError.ambiguousColumns(id: "satisfaction_pct", headers: ["satisfaction_pct", "满意度"])) {
      _ = try catalog.matchColumns(["satisfaction_pct", "满意度"])
    }
    #expect(catalog["churned"]?.direction == .lowerIsBetter && catalog["churned"]?.isOutcome == true)
  }

  @Test("the bundled history with Chinese headers gives the same weights as with the ids, and says which column matched which id")
  func sameWeights() throws {
    let english = try FitJob(outcome: "churn_pct").run(on: AnalysisInput.load(data: history))
    let input = try AnalysisInput(table: Self.chineseHistory(), dataSHA256: nil)
    let chinese = try FitJob(outcome: "客户流失率").run(on: input)
    #expect(chinese.weights.map(\.indicator) == english.weights.map(\.indicator))
    #expect(chinese.weights.map(\.weight) == english.weights.map(\.weight))
    #expect(chinese.outcomeDirection == .lowerIsBetter)
    #expect(chinese.columnSummary.matches.first == ColumnMatch(header: "客户满意度(%)", id: "satisfaction_pct"))
    #expect(chinese.columnSummary.matches.count == 9)
    #expect(chinese.columnSummary.ignored.map { [$0.column, $0.reason.english] } == [["团队", "id"], ["月份", "period"], ["repeat_purchase_pct", "another outcome"]])
  }

  @Test("an outcome or indicator without a known direction is an error naming all of them; --infer-directions infers")
  func directions() throws {
    var rows = "team,nps,tickets,backlog\n"
    var generator = SeededGenerator(seed: 5)
    for i in 0..<60 {
      let tickets = 50 + 100 * generator.openUniform(), backlog = 10 * generator.openUniform()
      rows += "T\(i),\(20 + 0.1 * tickets - 2 * backlog + generator.gaussian()),\(tickets),\(backlog)\n"
    }
    let table = try CSVReader.parse(bytes: Array(rows.utf8), file: "x.csv")
    #expect(throws: AnalysisError.unknownOutcomeDirection(outcome: "nps")) { _ = try FitJob(outcome: "nps").run(on: AnalysisInput(table: table, dataSHA256: nil)) }
    let stated = try AnalysisInput(table: table, dataSHA256: nil, directions: ["nps": .higherIsBetter])
    #expect(throws: AnalysisError.unknownDirections(indicators: ["tickets", "backlog"], suggested: [nil, nil])) { _ = try FitJob(outcome: "nps").run(on: stated) }
    var listed = FitJob(outcome: "nps")
    listed.indicators = ["tickets", "backlog"]
    #expect(throws: AnalysisError.unknownDirections(indicators: ["tickets", "backlog"], suggested: [.higherIsBetter, .lowerIsBetter])) { _ = try listed.run(on: stated) }
    listed.inferDirections = true
    let inferred = try listed.run(on: stated)
    #expect(inferred.weights.map(\.directionInferred) == [true, true])
    #expect(inferred.warnings.contains { $0.hasPrefix("'tickets' has no known direction; inferred 'higher is better'") })
  }

  @Test("a catalog file may add aliases")
  func catalogAliases() throws {
    let entries = try CatalogFile.parse("indicators:\n  - id: nps\n    zh: 净推荐值\n    direction: higher\n    aliases: [NPS得分, net promoter]\n", file: "c.yaml")
    var catalog = IndicatorCatalog.builtIn
    catalog.merge(entries)
    #expect(throws: AnalysisError.ambiguousColumns(id: "nps", headers: ["NPS 得分", "Net-Promoter"])) { _ = try catalog.matchColumns(["NPS 得分", "Net-Promoter"]) }
    #expect(try catalog.matchColumns(["NPS 得分"]).map(\.id) == ["nps"])
    #expect(throws: ConfigError.self) { _ = try CatalogFile.parse("indicators:\n  - id: nps\n    direction: higher\n    aliases: NPS\n", file: "c.yaml") }
  }
}
