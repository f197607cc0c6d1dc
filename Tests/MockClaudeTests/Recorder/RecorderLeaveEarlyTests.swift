import Foundation
import MockClaude
import MockClaudeRecorder
import NIOCore
import Testing

@Suite struct RecorderLeaveEarlyTests {
    /// The upstream answers after 2 s; the client gives up after 1 s, before the head: the
    /// recording still ends up in the session (the proxy reads the upstream's answer regardless).
    @Test func aClientThatLeavesBeforeTheUpstreamAnswersStillLeavesACassette() async throws {
        let scenario = Scenario("slow", timing: .instant) { Step.cassette(Repo.cassettePath("haiku.sse")).faults(.latency(.seconds(2))) }
        try await RecorderTests.recording(.init(scenario: try ScenarioEngine(scenario))) { _, proxy, session in
            let request = RawHTTP.request("POST", "/v1/messages", headers: RecorderTests.secretHeaders, body: Array(messagesBody(stream: true).utf8))
            let reply = try await RawHTTP.send(request, to: proxy.port, timeout: .seconds(1))
            #expect(reply.bytes.isEmpty && !reply.closedByServer, "the client left before any byte")
            let engine = try await RecorderTests.replayEngine(session, cassettes: 1)
            #expect(engine.scenario.rules.count == 1)
        }
    }
}
