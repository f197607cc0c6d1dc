import Foundation
import Logging
import MockClaude
import MockClaudeTesting
import Testing

@Suite struct MockClaudeTraitTests {
    @Test(.mockClaude(cassette: "haiku"))
    func theTraitStartsAMockFoundByName() async throws {
        let mock = try #require(MockClaudeServer.current)
        let response = try await AHC.send(mock.baseURL, body: messagesBody(stream: false))
        #expect(response.json?["content"]?.arrayValue?.first?["text"]?.stringValue?.hasPrefix("Silent") == true)
        #expect(mock.journal.count == 1)
        #expect(mock.journal.last?.answeredBy.contains("rule 1 step 1") == true)
    }

    @Test(.mockClaude(scenario: "retry-then-ok"))
    func scenariosAreFoundByNameToo() async throws {
        let mock = try #require(MockClaudeServer.current)
        var statuses: [Int] = []
        for _ in 0..<3 { statuses.append(try await AHC.send(mock.baseURL, body: messagesBody(stream: false)).status) }
        #expect(statuses == [429, 529, 200])
    }

    /// Many tests at once, each with its own mock: none sees another's requests.
    @Test(.mockClaude(cassette: "haiku", "tool_use", requireAllSteps: false), arguments: 0..<24)
    func parallelTestsDoNotShareAMock(index: Int) async throws {
        let mock = try #require(MockClaudeServer.current)
        for _ in 0..<(index % 3 + 1) {
            _ = try await AHC.send(mock.baseURL, body: messagesBody(stream: index % 2 == 0))
        }
        #expect(mock.journal.count == index % 3 + 1)
        #expect(mock.journal.entries.allSatisfy { $0.status == 200 })
    }

    @Test func anUnmatchedRequestFailsTheTestWithTheDiffAndHowToRecord() async throws {
        let scenario = Scenario("turns") {
            Rule("second-turn", match: RequestMatch(hasToolResult: true)) { Step.text("done") }
        }
        let trait: MockClaudeTrait = .mockClaude(scenario, requireAllSteps: false)
        try await withKnownIssue {
            try await trait.provideScope(for: Test.current!, testCase: Test.Case.current) {
                let mock = try #require(MockClaudeServer.current)
                _ = try await AHC.send(mock.baseURL, body: messagesBody(stream: false))
            }
        } matching: { issue in
            let text = issue.comments.map(\.rawValue).joined()
            return text.contains("rule 1 'second-turn'") && text.contains("has_tool_result: expected true, got false")
                && text.contains("mockclaude record --model claude-haiku-4-5 --prompt 'Write a haiku'")
        }
    }

    @Test func anUnusedStepFailsTheTest() async throws {
        let trait: MockClaudeTrait = .mockClaude(
            Scenario("two") {
                Step.text("one")
                Step.text("two")
            })
        try await withKnownIssue {
            try await trait.provideScope(for: Test.current!, testCase: Test.Case.current) {
                let mock = try #require(MockClaudeServer.current)
                _ = try await AHC.send(mock.baseURL, body: messagesBody(stream: false))
            }
        } matching: { issue in
            let text = issue.comments.map(\.rawValue).joined()
            // The failure names the step and lists what the mock did receive.
            return text.contains("rule 1 step 2 of scenario 'two' was never used")
                && text.contains("The mock received 1 request:\n  1. POST /v1/messages -> 200, answered by rule 1 step 1")
        }
    }

    @Test func everyStepUsedAndEveryRequestMatchedRecordsNothing() async throws {
        let trait: MockClaudeTrait = .mockClaude(
            Scenario("two") {
                Step.text("one")
                Step.text("two")
            })
        try await trait.provideScope(for: Test.current!, testCase: Test.Case.current) {
            let mock = try #require(MockClaudeServer.current)
            for _ in 0..<2 { _ = try await AHC.send(mock.baseURL, body: messagesBody(stream: false)) }
        }
    }

    @Test func aMissingFixtureListsWhereItLooked() {
        do {
            _ = try MockFixtures.cassette("no-such-cassette", near: #filePath)
            Issue.record("found a cassette that does not exist")
        } catch {
            let text = "\(error)"
            #expect(text.contains("no fixture 'no-such-cassette'"))
            #expect(text.contains(Repo.root.appendingPathComponent("Cassettes/no-such-cassette.sse").path))
            #expect(text.contains("Tests/MockClaudeTests/Testing/Cassettes/no-such-cassette.sse"))
        }
    }
}

@Suite struct QuietByDefaultTests {
    @Test func anInProcessMockLogsWarningsUnlessAskedForMore() {
        #expect(Logger.mockClaude(environment: [:]).logLevel == .warning)
        #expect(Logger.mockClaude(environment: ["MOCKCLAUDE_LOG_LEVEL": "INFO"]).logLevel == .info)
        #expect(Logger.mockClaude(environment: ["MOCKCLAUDE_LOG_LEVEL": "loud"]).logLevel == .warning)
    }
}
