import Testing
import WeightAnalysis

@Suite("integer cents: exact, bounded, checked sums")
struct CentsTests {
  @Test("amounts up to one trillion parse exactly; above it (or past Int64) they are too large, not malformed")
  func bounds() {
    #expect(Cents.parse("1,000,000,000,000.00") == Cents.maximum)
    #expect(Cents.read("1000000000000.01") == .failure(.tooLarge))
    #expect(Cents.read("92233720368547758.07") == .failure(.tooLarge))
    #expect(Cents.read("99999999999999999999999999") == .failure(.tooLarge))
    #expect(Cents.read("12,34.5") == .failure(.malformed))
    #expect(Cents.read("1.234") == .failure(.malformed))
    #expect(Cents.parse("¥12,345.50") == Cents(1_234_550))
  }

  @Test("sums are checked: past Int64 they are nil, never a trap")
  func sums() {
    #expect(Cents.sum([Cents(1), Cents(2), Cents(3)]) == Cents(6))
    #expect(Cents.sum([Cents(Int64.max), Cents(1)]) == nil)
    #expect(Cents.sum(Array(repeating: Cents.maximum, count: 92_233)) == Cents(92_233 * Cents.maximum.value))
    #expect(Cents.sum(Array(repeating: Cents.maximum, count: 92_234)) == nil)
    #expect(Cents.adding(Cents(Int64.max - 1), Cents(1)) == Cents(Int64.max))
  }
}
