import MessagesClient
import MockClaude
import MockClaudeTesting
import XCTest

/// XCTest: `startMockClaude` starts a mock for the test and stops it at teardown.
final class RetryTests: XCTestCase {
    func testRetriesAfter429ThenSucceeds() async throws {
        let mock = try await startMockClaude(scenario: "retry-then-ok")
        let client = MessagesClient(baseURL: mock.baseURL, apiKey: "test")

        let text = try await client.complete("Write a haiku")

        XCTAssertTrue(text.hasPrefix("Silent"))
        XCTAssertEqual(mock.journal.entries.map(\.status), [429, 529, 200])
        XCTAssertEqual(mock.journal.retryCounts, [0, 1, 2])
        XCTAssertGreaterThanOrEqual(mock.journal.intervals[0], .seconds(1), "retry-after: 1 must be honoured")
    }

    func testGivesUpWhenTheAPISaysNotToRetry() async throws {
        let mock = try await startMockClaude(
            Scenario("no-retry") {
                Step.fault(.overloaded(status: 529), .shouldRetry(false))
            })
        let client = MessagesClient(baseURL: mock.baseURL, apiKey: "test")
        do {
            _ = try await client.complete("Write a haiku")
            XCTFail("expected the 529")
        } catch let error as MessagesClient.APIError {
            XCTAssertEqual(error.status, 529)
            XCTAssertEqual(error.type, "overloaded_error")
        }
        XCTAssertEqual(mock.journal.count, 1)
    }
}
