import MockClaude
import XCTest

extension XCTestCase {
    /// Starts a mock for this test and stops it at teardown, failing the test for any request no
    /// rule answered and any scenario step never used.
    ///
    /// ```swift
    /// func testRetriesAfter429() async throws {
    ///     let mock = try await startMockClaude(scenario: "retry-then-ok")
    ///     let text = try await MyClient(baseURL: mock.baseURL).haiku()
    ///     XCTAssertEqual(mock.journal.count, 3)
    /// }
    /// ```
    public func startMockClaude(
        cassette names: String..., timing: Timing? = .instant, requireAllSteps: Bool = true,
        file: StaticString = #filePath, line: UInt = #line
    ) async throws -> MockClaudeServer {
        try await startMockClaude(.cassettes(names), timing: timing, requireAllSteps: requireAllSteps, file: file, line: line)
    }

    /// Starts a mock running a scenario file found by name beside the test file.
    public func startMockClaude(
        scenario name: String, timing: Timing? = nil, requireAllSteps: Bool = true,
        file: StaticString = #filePath, line: UInt = #line
    ) async throws -> MockClaudeServer {
        try await startMockClaude(.scenarioNamed(name), timing: timing, requireAllSteps: requireAllSteps, file: file, line: line)
    }

    /// Starts a mock running a scenario built with the DSL.
    public func startMockClaude(
        _ scenario: Scenario, timing: Timing? = nil, requireAllSteps: Bool = true, virtualClock: Bool = false,
        file: StaticString = #filePath, line: UInt = #line
    ) async throws -> MockClaudeServer {
        try await startMockClaude(.scenario(scenario), timing: timing, requireAllSteps: requireAllSteps, virtualClock: virtualClock, file: file, line: line)
    }

    private func startMockClaude(
        _ fixture: MockClaudeServer.Fixture, timing: Timing?, requireAllSteps: Bool, virtualClock: Bool = false,
        file: StaticString, line: UInt
    ) async throws -> MockClaudeServer {
        let server = try await MockClaudeServer.startForTest(fixture, timing: timing, virtualClock: virtualClock, filePath: "\(file)")
        addTeardownBlock {
            await server.shutdown()
            for failure in MockExpectations.failures(of: server, requireAllSteps: requireAllSteps) {
                XCTFail(failure, file: file, line: line)
            }
        }
        return server
    }
}
