import Testing
import TestSupport
import WeightAnalysis

@testable import DataSources

@Suite("CSV record bound")
struct RecordBoundTests {
  /// The word-at-a-time count must equal a plain count of LF and CR bytes for any alignment,
  /// length and density (dense runs overflow a byte lane if the lanes are not flushed in time).
  @Test("equals a byte-by-byte count of line breaks", arguments: [0.0, 0.01, 0.3, 0.9, 1.0])
  func matchesNaiveCount(density: Double) {
    var generator = SplitMix64(seed: 42)
    for length in [0, 1, 7, 8, 9, 63, 1016, 1024, 5000, 20_003] {
      let bytes: [UInt8] = (0..<length).map { _ in
        let u = Double(generator.next() >> 11) / Double(1 << 53)
        if u < density { return generator.next() & 1 == 0 ? 0x0A : 0x0D }
        return UInt8(truncatingIfNeeded: generator.next() % 256)
      }
      let expected = bytes.filter { $0 == 0x0A || $0 == 0x0D }.count + 1
      bytes.withUnsafeBufferPointer { buffer in
        for start in [0, 1, 3] where start <= length {
          let naive = buffer[start...].filter { $0 == 0x0A || $0 == 0x0D }.count + 1
          #expect(CSVReader.recordBound(buffer, start: start, end: length) == naive)
        }
        #expect(CSVReader.recordBound(buffer, start: 0, end: length) == expected)
      }
    }
  }
}
