import DataSources
import Foundation
import Testing
import TestSupport
import WeightAnalysis

@Suite("Presets on partial data, and presets as files to edit")
struct PartialPresetTests {
  @Test("restricted: missing targets are spread proportionally, bounds of the rest kept")
  func restricted() throws {
    let balanced = try PresetFile.builtIn(named: "cost-reduction")
    let present: Set<String> = ["satisfaction_pct", "response_hours", "cost_per_ticket", "first_fix_pct", "resolution_hours"]
    let (preset, leftOut) = balanced.restricted(to: present)
    #expect(leftOut == ["complaint_resolution_pct", "utilization_pct"])
    #expect(Set(preset.targets.keys) == present)
    #expect(abs(preset.targets.values.reduce(0, +) - 1) < 1e-12)
    let kept = balanced.targets.filter { present.contains($0.key) }.values.reduce(0, +)
    for (id, t) in preset.targets { #expect(abs(t - balanced.targets[id]! / kept) < 1e-15) }
    #expect(preset.lower["cost_per_ticket"] == balanced.lower["cost_per_ticket"] && preset.upper["cost_per_ticket"] == balanced.upper["cost_per_ticket"])
    #expect(balanced.restricted(to: Set(balanced.indicators)).leftOut.isEmpty)
  }

  @Test("recommend --preset balanced runs on data with five of the seven indicators and says what it left out")
  func partialData() throws {
    let directory = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let text = try String(contentsOf: CLI.packageRoot.appendingPathComponent("datasets/after-sales-history.csv"), encoding: .utf8)
    // Drop complaint_resolution_pct (column 7) and utilization_pct (column 9).
    let rows = text.split(separator: "\n").map { line -> String in
      let cells = line.split(separator: ",", omittingEmptySubsequences: false)
      return cells.enumerated().filter { $0.offset != 6 && $0.offset != 8 }.map { String($0.element) }.joined(separator: ",")
    }
    let file = directory.appendingPathComponent("five.csv")
    try (rows.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
    let result = try CLI.run(["recommend", "--data", file.path, "--outcome", "churn_pct", "--preset", "balanced", "--format", "json"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    let json = try jsonObject(result.stdout)
    #expect((json["weights"] as? [[String: Any]])?.count == 5)
    let warnings = json["warnings"] as? [String] ?? []
    #expect(
      warnings.contains(
        "Preset 'balanced' is applied to 5 of its 7 indicators: 'complaint_resolution_pct', 'utilization_pct' are not in the data; their 28.6% of target weight is spread over the others in proportion to their targets."))
  }

  @Test("presets show NAME --format yaml reads back as the same preset")
  func yamlRoundTrip() throws {
    for id in PresetFile.builtInIDs {
      let result = try CLI.run(["presets", "show", id, "--format", "yaml"])
      #expect(result.exitCode == 0)
      #expect(try PresetFile.parse(result.stdout, file: "\(id).yaml") == PresetFile.builtIn(named: id))
    }
  }
}
