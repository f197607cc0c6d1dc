import Foundation
import Testing

@testable import MockClaude

/// Result lines kept in an unlinked temporary file, read back by line and by range.
@Suite struct BatchResultsTests {
    @Test func linesComeBackAsWrittenAndTheFileLeavesNoTrace() {
        let folder = NSTemporaryDirectory()
        let before = Set((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasPrefix("mockclaude-results-") }
        let results = BatchResults()
        let lines = (0..<1000).map { Array(#"{"custom_id":"r\#($0)"}"#.utf8) + [10] }
        results.append(Array(lines[..<400]))
        results.append(Array(lines[400...]))
        #expect(results.count == 1000)
        #expect(results.size == lines.reduce(0) { $0 + $1.count })
        #expect(results.line(0) == lines[0] && results.line(999) == lines[999] && results.line(1000) == nil && results.line(-1) == nil)
        var all: [UInt8] = []
        while all.count < results.size { all += results.bytes(from: all.count, count: 4096) }
        #expect(all == lines.flatMap { $0 })
        #expect(results.bytes(from: results.size, count: 10).isEmpty && results.bytes(from: -5, count: 10).isEmpty)
        #expect(results.bytes(from: 0, count: Int.max).count == results.size, "a huge count is held at the end")
        let after = Set((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasPrefix("mockclaude-results-") }
        #expect(after == before, "the file is unlinked as soon as it is open")
    }
}
