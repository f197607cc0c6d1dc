import Foundation
import MockClaude
import MockClaudeTesting
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Each case starts its own mock (the trait), streams `haiku` once with URLSession and checks the
/// stream arrived whole; Swift Testing runs them in parallel, the trait caps how many at once.
@Test(.mockClaude(cassette: "haiku"), arguments: 0..<1000)
func streamsTheHaikuWithItsOwnMock(index: Int) async throws {
    let mock = try #require(MockClaudeServer.current)
    var request = URLRequest(url: mock.baseURL.appendingPathComponent("v1/messages"))
    request.httpMethod = "POST"
    request.setValue("sk-test", forHTTPHeaderField: "x-api-key")
    request.setValue("2023-06-01", forHTTPHeaderField: "anthropic-version")
    request.setValue("application/json", forHTTPHeaderField: "content-type")
    request.httpBody = Data(
        #"{"model":"claude-haiku-4-5","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"Test \#(index)"}]}"#.utf8)
    let (data, response) = try await URLSession.shared.data(for: request)
    #expect((response as? HTTPURLResponse)?.statusCode == 200)
    let text = String(decoding: data, as: UTF8.self)
    #expect(text.hasPrefix("event: message_start"))
    #expect(text.hasSuffix("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"))
    #expect(mock.journal.count == 1)
}
