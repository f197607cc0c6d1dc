import MockClaude
import XCTest

final class BundledCassetteTests: XCTestCase {
    func testBundledDefaultIsHaikuCassetteByteForByte() throws {
        let file = try Repo.cassette("haiku.sse")
        let bundled = Cassette.bundledDefault
        XCTAssertEqual(
            bundled.bodyBytes, file.bodyBytes,
            "Sources/MockClaude/Cassette/BundledCassettes.swift has drifted from Cassettes/haiku.sse: paste the file into it")
        XCTAssertEqual(bundled.events.map(\.delay), file.events.map(\.delay))
        XCTAssertEqual(bundled.headers, file.headers)
    }
}
