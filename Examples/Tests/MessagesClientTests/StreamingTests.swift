import Foundation
import MessagesClient
import MockClaude
import MockClaudeTesting
import Testing

/// Swift Testing: each test gets its own mock from the `.mockClaude` trait.
@Suite struct StreamingTests {
    @Test(.mockClaude(cassette: "haiku"))
    func streamsAHaiku() async throws {
        let mock = try #require(MockClaudeServer.current)
        let client = MessagesClient(baseURL: mock.baseURL, apiKey: "test")
        var text = ""
        for try await piece in client.stream("Write a haiku about testing") { text += piece }
        #expect(text.hasPrefix("Silent"))
        #expect(mock.journal.count == 1)
        #expect(mock.journal.last?.messages.first?["content"] == "Write a haiku about testing")
    }

    @Test(.mockClaude(scenario: "mid-stream-disconnect"))
    func aDroppedConnectionIsAnErrorNotAShortAnswer() async throws {
        let mock = try #require(MockClaudeServer.current)
        let client = MessagesClient(baseURL: mock.baseURL, apiKey: "test")
        var received = ""
        await #expect(throws: (any Error).self) {
            for try await piece in client.stream("Write a haiku") { received += piece }
        }
        #expect(received == "Silent morning code")
        #expect(mock.journal.last?.ending == .closed)

        var whole = ""
        for try await piece in client.stream("Write a haiku") { whole += piece }
        #expect(whole.hasSuffix("The mock speaks like rain"))
    }

    @Test(.mockClaude(scenario: "overloaded-event"))
    func anErrorEventMidStreamIsThrown() async throws {
        let mock = try #require(MockClaudeServer.current)
        let client = MessagesClient(baseURL: mock.baseURL, apiKey: "test")
        await #expect(throws: MessagesClient.APIError(status: 200, type: "overloaded_error", message: "Overloaded")) {
            for try await _ in client.stream("Write a haiku") {}
        }
    }
}
