import Foundation
import Testing
import TestSupport
import WeightAnalysis

@testable import DataSources

@Suite("Presets, SWOT and weight config files")
struct PresetAndConfigTests {
  @Test("the built-in presets load, sum to 1, and carry the seed article's numbers")
  func builtIn() throws {
    let presets = try PresetFile.builtIn()
    #expect(presets.map(\.id) == ["balanced", "cost-reduction", "brand-image", "efficiency", "retention"])
    for p in presets { #expect(abs(p.targets.values.reduce(0, +) - 1) < 1e-3, "\(p.id)") }
    let cost = presets[1], brand = presets[2], retention = presets[4]
    #expect(cost.lower["cost_per_ticket"] == 0.30 && cost.upper["cost_per_ticket"] == 0.40)
    #expect(brand.lower["satisfaction_pct"] == 0.40)
    #expect(retention.targets["response_hours"] == 0.10 && retention.lowerWhenLinked["response_hours"] == 0.20)
    #expect(brand.chineseName == "提升品牌形象")
  }

  @Test(
    "preset file errors name the key path and line",
    arguments: [
      ("id: p\nweights:\n  a: {target: 0.5}\n  b: {target: 0.4}\n", "p.yaml:3:3: error: weights: the targets sum to 0.9, not 1 (100%); adjust them"),
      ("id: p\nweights:\n  a: {target: forty}\n", "p.yaml:3:15: error: weights.a.target: expected a weight between 0 and 1 (e.g. 0.4 for 40%), got 'forty'"),
      ("id: p\nweights:\n  a: {target: 1, min: 0.6, max: 0.5}\n", "p.yaml:3:6: error: weights.a: min 0.6 is above max 0.5"),
      ("id: p\nweights:\n  a: {target: 1, floor: 0.2}\n", "p.yaml:3:18: error: weights.a.floor: unknown key; expected one of max, min, minWhenLinked, scoring, target"),
      ("id: p\nblend: 2\nweights:\n  a: {target: 1}\n", "p.yaml:2:8: error: blend: expected a number from 0 (preset only) to 1 (fit only)"),
    ])
  func presetErrors(text: String, expected: String) {
    #expect(message { _ = try PresetFile.parse(text, file: "p.yaml") } == expected)
  }

  @Test("SWOT files read items; errors say where")
  func swot() throws {
    let swot = try SWOTFile.parse(
      "strengths:\n  - text: 高效的服务流程\n    raise: [first_fix_pct, resolution_hours]\n    strength: 2\nthreats:\n  - text: rivals\n    raise: [satisfaction_pct]\n",
      file: "s.yaml")
    #expect(swot.items.count == 2 && swot.items[0].strength == 2 && swot.items[1].kind == .threat)
    #expect(message { _ = try SWOTFile.parse("strenghts: []\n", file: "s.yaml") } == "s.yaml:1:1: error: strenghts: unknown key; expected strengths, weaknesses, opportunities or threats")
    #expect(message { _ = try SWOTFile.parse("threats:\n  - text: x\n    strength: 5\n    raise: [a]\n", file: "s.yaml") } == "s.yaml:3:15: error: threats[0].strength: expected 1 (slight), 2 (clear) or 3 (decisive)")
    #expect(message { _ = try SWOTFile.parse("threats:\n  - text: x\n", file: "s.yaml") } == "s.yaml:2:5: error: threats[0]: names no indicator; add raise: [...] or lower: [...]")
  }

  @Test("SHA-256 matches the FIPS 180-4 vectors")
  func sha256() {
    #expect(SHA256.hex(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(SHA256.hex(of: []) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(
      SHA256.hex(of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
        == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    #expect(SHA256.hex(of: Array(repeating: 0x61, count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }
}
