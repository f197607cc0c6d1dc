import MockClaude
import NIOConcurrencyHelpers
import Testing

@testable import MockClaudeTesting

/// The cap on mocked tests running at once: the slots at their seam (exact, no timing), then the
/// trait holding a parameterized test to its limit.
@Suite struct MockedTestLimitTests {
    @Test func theEnvironmentValueIsAWholeNumberAndZeroLiftsTheCap() {
        #expect(MockedTestLimit.limit(from: "16") == 16)
        #expect(MockedTestLimit.limit(from: " 8 ") == 8)
        #expect(MockedTestLimit.limit(from: "0") == Int.max)
        for bad in [nil, "", "-3", "many", "1e3", "99999999999999999999999"] {
            #expect(MockedTestLimit.limit(from: bad) == nil, "\(bad ?? "nil")")
        }
    }

    @Test func aTestPastTheLimitWaitsUntilAPlaceIsGivenBack() async throws {
        let slots = MockedTestSlots()
        try await slots.acquire(limit: 2)
        try await slots.acquire(limit: 2)
        let third = Task { try await slots.acquire(limit: 2) }
        while await slots.waiting == 0 { await Task.yield() }
        #expect(await slots.count == 2, "the third waits")
        await slots.release()
        try await third.value
        #expect(await slots.count == 2)
        #expect(await slots.waiting == 0)
    }

    @Test func aTestCancelledWhileWaitingTakesNoPlace() async throws {
        let slots = MockedTestSlots()
        try await slots.acquire(limit: 1)
        let waiting = Task { try await slots.acquire(limit: 1) }
        while await slots.waiting == 0 { await Task.yield() }
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        #expect(await slots.count == 1)
        #expect(await slots.waiting == 0)
        await slots.release()
        try await slots.acquire(limit: 1)  // the place is free again
        #expect(await slots.count == 1)
    }

    /// How many of the tests below run at once, and the most seen.
    static let concurrency = NIOLockedValueBox((now: 0, most: 0))

    @Test(.mockClaude(cassette: "haiku").maximumParallelTests(3), arguments: 0..<12)
    func parameterizedMockedTestsRunAtMostThreeAtOnce(index: Int) async throws {
        let running = Self.concurrency.withLockedValue { state in
            state.now += 1
            state.most = max(state.most, state.now)
            return state.now
        }
        defer { Self.concurrency.withLockedValue { $0.now -= 1 } }
        #expect(running <= 3)
        let mock = try #require(MockClaudeServer.current)
        let response = try await AHC.send(mock.baseURL, body: messagesBody(stream: true))
        #expect(response.status == 200)
    }
}
