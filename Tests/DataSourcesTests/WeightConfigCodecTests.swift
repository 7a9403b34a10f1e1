import DataSources
import Testing
import TestSupport
import WeightAnalysis

@Suite("Weight config codec: unknown keys are errors with their key path")
struct WeightConfigCodecTests {
  static func config() -> WeightConfig {
    WeightConfig(
      indicators: [
        .init(id: "a", chineseLabel: "甲", englishLabel: "A", unit: "%", direction: .higherIsBetter, weight: 0.6, lower: 0, upper: 1, scoring: .minMax),
        .init(
          id: "b", chineseLabel: "乙", englishLabel: "B", unit: "h", direction: .lowerIsBetter, weight: 0.4, lower: 0, upper: 1,
          scoring: .targets(limits: [(1, 10), (24, 6)], beyond: 0, interpolate: false)),
      ],
      provenance: .init(
        tool: "kpi-weights test", dataFile: "d.csv", dataSHA256: "00", rows: 3, outcome: "churn_pct", method: "lmg", blend: 0.5, preset: "balanced",
        swotFile: nil, swotSHA256: nil, asOf: "2026-01-01T00:00:00Z"),
      payPolicy: .init())
  }

  @Test(
    "a misspelt key anywhere in the config is refused",
    arguments: [
      ("  missingValues: \"skip\"", "  missingValue: \"zero\"", "c.yaml:21:3: error: payPolicy.missingValue: unknown key; expected one of baseShare, cap, curve, gate, missingValues, performanceShare, warningPeriods, warningThreshold"),
      ("schema: ", "schemas: ", "c.yaml:2:1: error: schemas: unknown key; expected one of indicators, payPolicy, provenance, schema, version"),
      ("    weight: 0.6", "    wieght: 0.6", "c.yaml:31:5: error: indicators[0].wieght: unknown key; expected one of direction, en, id, lower, scoring, unit, upper, weight, zh"),
      ("      kind: \"minmax\"", "      kind: \"minmax\"\n      full: 90", "c.yaml:36:7: error: indicators[0].scoring.full: unknown key; expected one of kind"),
      ("        - limit: 1.0", "        - limt: 1.0", "c.yaml:47:11: error: indicators[1].scoring.limits[0].limt: unknown key; expected one of limit, points"),
    ])
  func unknownKeys(original: String, replacement: String, expected: String) throws {
    let text = WeightConfigFile.render(Self.config(), format: .yaml)
    #expect(text.contains(original))
    let broken = text.replacingOccurrences(of: original, with: replacement)
    #expect(message { _ = try WeightConfigFile.parse(broken, file: "c.yaml") } == expected)
  }

  @Test("write → read → write is byte-identical in YAML and JSON")
  func roundTrip() throws {
    for format in [WeightConfigFile.Format.yaml, .json] {
      let text = WeightConfigFile.render(Self.config(), format: format)
      #expect(WeightConfigFile.render(try WeightConfigFile.parse(text, file: "c"), format: format) == text)
    }
  }
}
