import MessagesClient
import MockClaude
import MockClaudeTesting
import Testing

/// A batch polled to completion, on a clock the test moves: no sleeping, no waiting.
@Suite struct BatchTests {
    static let scenario = Scenario(
        "batch", timing: .instant,
        batches: [
            BatchScript(processingTime: .seconds(600), outcomes: [.init(customIDs: ["too-slow"], result: .expired)])
        ]
    ) {
        Step.text("A batched answer.")
    }

    @Test(.mockClaude(scenario, requireAllSteps: false).onVirtualClock)
    func aBatchPolledToCompletion() async throws {
        let mock = try #require(MockClaudeServer.current)
        let clock = try #require(mock.virtualClock)
        let client = MessagesClient(baseURL: mock.baseURL, apiKey: "test")

        var batch = try await client.createBatch([("first", "Hello"), ("too-slow", "Hello again")])
        var polls = 0
        while batch.status != "ended" {
            clock.advance(seconds: 60)  // a minute per poll
            batch = try await client.batch(batch.id)
            polls += 1
        }

        #expect(polls == 10)  // processing takes ten minutes
        let results = try await client.results(of: batch)
        #expect(results == ["first": "A batched answer.", "too-slow": "expired"])
        #expect(mock.journal.count(path: "/v1/messages/batches") == 1)
    }
}
