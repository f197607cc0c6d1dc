import MockClaude
import Testing

/// A Swift Testing trait that runs each test with its own mock.
///
/// ```swift
/// @Test(.mockClaude(cassette: "haiku"))
/// func streamsAHaiku() async throws {
///     let mock = try #require(MockClaudeServer.current)
///     let text = try await MyClient(baseURL: mock.baseURL).haiku()
///     #expect(text.hasPrefix("Silent"))
///     #expect(mock.journal.count == 1)
/// }
/// ```
///
/// The mock starts before the test and stops after it; on a suite, every test gets its own. A
/// request no rule answered, or a scenario step never used, fails the test at the trait. At most
/// ``MockedTestLimit/defaultLimit`` such tests run at once (see ``MockedTestLimit``).
public struct MockClaudeTrait: TestTrait, SuiteTrait, TestScoping {
    let fixture: MockClaudeServer.Fixture
    let timing: Timing?
    let requireAllSteps: Bool
    var virtualClock = false
    /// At most this many mocked tests at once; `nil`: ``MockedTestLimit/current``.
    var parallelLimit: Int?
    let sourceLocation: SourceLocation

    /// On a suite, every test in it (and in nested suites) gets its own mock.
    public var isRecursive: Bool { true }

    /// Starts the test case's mock (waiting for a place under ``MockedTestLimit``), runs the test, stops the mock and records a failure for every request no rule answered and every unused step.
    public func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        guard testCase != nil else {
            try await function()
            return
        }
        try await MockedTestSlots.withPlace(limit: parallelLimit ?? MockedTestLimit.current) {
            let server = try await MockClaudeServer.startForTest(fixture, timing: timing, virtualClock: virtualClock, filePath: sourceLocation.filePath)
            do {
                try await MockClaudeServer.$current.withValue(server) { try await function() }
            } catch {
                await server.shutdown()
                throw error
            }
            await server.shutdown()
            for failure in MockExpectations.failures(of: server, requireAllSteps: requireAllSteps) {
                Issue.record(Comment(rawValue: failure), sourceLocation: sourceLocation)
            }
        }
    }
}

extension Trait where Self == MockClaudeTrait {
    /// A mock answering with cassettes found by name beside the test file (`haiku` → `Cassettes/haiku.sse`).
    public static func mockClaude(
        cassette names: String..., timing: Timing? = .instant, requireAllSteps: Bool = true,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> Self {
        MockClaudeTrait(fixture: .cassettes(names), timing: timing, requireAllSteps: requireAllSteps, sourceLocation: sourceLocation)
    }

    /// A mock running a scenario file found by name (`retry-then-ok` → `Scenarios/retry-then-ok.yaml`).
    public static func mockClaude(
        scenario name: String, timing: Timing? = nil, requireAllSteps: Bool = true,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> Self {
        MockClaudeTrait(fixture: .scenarioNamed(name), timing: timing, requireAllSteps: requireAllSteps, sourceLocation: sourceLocation)
    }

    /// A mock running a scenario built with the DSL.
    public static func mockClaude(
        _ scenario: Scenario, timing: Timing? = nil, requireAllSteps: Bool = true,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> Self {
        MockClaudeTrait(fixture: .scenario(scenario), timing: timing, requireAllSteps: requireAllSteps, sourceLocation: sourceLocation)
    }

    /// This test (or each test of this suite) runs only while fewer than `limit` mocked tests run;
    /// `0` lifts the cap. Overrides `MOCKCLAUDE_MAX_PARALLEL_TESTS` and the default (see ``MockedTestLimit``).
    public func maximumParallelTests(_ limit: Int) -> Self {
        var copy = self
        copy.parallelLimit = limit <= 0 ? Int.max : limit
        return copy
    }

    /// This mock on a virtual clock (the test moves `MockClaudeServer.virtualClock`), for batches.
    public var onVirtualClock: Self {
        var copy = self
        copy.virtualClock = true
        return copy
    }
}
