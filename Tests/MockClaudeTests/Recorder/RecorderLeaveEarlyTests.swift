import Foundation
import Logging
import MockClaude
import MockClaudeRecorder
import Testing

@Suite struct RecorderLeaveEarlyTests {
    /// At the proxy's seam: the client is gone before a byte of the answer was written (the plan
    /// is dropped unwritten). The recording still ends up in the session, marked interrupted.
    @Test func anAnswerNobodyWroteIsStillRecorded() async throws {
        let directory = RecorderTests.folder()
        try await withServer(.init(cassettes: [try Repo.cassette("haiku.sse")])) { upstream in
            let session = RecordingSession(directory: directory, name: "session", upstream: upstream.baseURL.absoluteString, continuing: false)
            let proxy = RecordingProxy(
                upstream: upstream.baseURL.absoluteString, session: session, redactor: Redactor(), apiKey: nil, client: .shared,
                logger: Logger.mockClaude())
            let request = ReceivedRequest(
                method: "POST", target: "/v1/messages", headers: HTTPHeaderList(RecorderTests.secretHeaders.map { (name: $0.0, value: $0.1) }),
                body: Array(messagesBody(stream: true).utf8))
            let plan = await proxy.respond(to: request)
            #expect(plan.status == 200 && plan.live != nil)
            _ = consume plan  // never written: the stream's consumer is gone
            await proxy.finishRecordings()
        }
        let scenario = try ScenarioLoader.load(path: URL(fileURLWithPath: directory).appendingPathComponent("session.yaml").path)
        guard case .cassette(let file) = try #require(scenario.rules.first?.steps.first).answer else { return #expect(Bool(false)) }
        let recorded = try Cassette.load(path: URL(fileURLWithPath: directory).appendingPathComponent(file).path)
        #expect(recorded.interrupted)
        #expect(recorded.events.count < 12)
    }
}
