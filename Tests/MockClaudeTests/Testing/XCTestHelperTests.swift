import MockClaude
import MockClaudeTesting
import XCTest

final class XCTestHelperTests: XCTestCase {
    func testStartMockClaudeServesAndJournals() async throws {
        let mock = try await startMockClaude(cassette: "tool_use")
        let response = try await AHC.send(
            mock.baseURL, body: messagesBody(stream: false),
            headers: AHC.defaultHeaders + [("x-stainless-retry-count", "0")])
        XCTAssertEqual(response.json?["stop_reason"], "tool_use")
        XCTAssertEqual(mock.journal.count(path: "/v1/messages"), 1)
        XCTAssertEqual(mock.journal.retryCounts, [0])
        XCTAssertTrue(mock.journal.allSent(header: "anthropic-version", value: "2023-06-01"))
        XCTAssertEqual(mock.journal.last?.messages.first?["role"], "user")
    }

    func testScenarioByNameWithRetriesInTheJournal() async throws {
        let mock = try await startMockClaude(scenario: "rate-limit-headers")
        for attempt in 0..<3 {
            _ = try await AHC.send(
                mock.baseURL, body: messagesBody(stream: false),
                headers: AHC.defaultHeaders + [("x-stainless-retry-count", "\(attempt)")])
        }
        XCTAssertEqual(mock.journal.entries.map(\.status), [429, 429, 200])
        XCTAssertEqual(mock.journal.retryCounts, [0, 1, 2])
        XCTAssertEqual(mock.journal.intervals.count, 2)
    }
}
