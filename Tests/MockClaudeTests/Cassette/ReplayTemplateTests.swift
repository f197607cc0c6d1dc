import MockClaude
import Testing

/// Replayed cassettes are retimed once per timing and reused; these check that reuse never
/// changes an answer: each timing keeps its own delays, bytes stay the recording's, and jitter
/// still draws afresh for every request.
@Suite struct ReplayTemplateTests {
    static let body = #"{"model":"claude-haiku-4-5","max_tokens":256,"stream":true,"messages":[{"role":"user","content":"hi"}]}"#

    /// The parts of the plans `engine` answers `count` streaming requests with.
    static func answers(_ engine: ScenarioEngine, count: Int) async -> [[ResponsePlan.Part]] {
        let api = MockClaudeAPI(engine: engine)
        var parts: [[ResponsePlan.Part]] = []
        for _ in 0..<count {
            let request = ReceivedRequest(
                method: "POST", target: "/v1/messages", headers: [("x-api-key", "k"), ("anthropic-version", "2023-06-01")],
                body: Array(body.utf8))
            let plan = await api.respond(to: request)
            #expect(plan.status == 200)
            parts.append(plan.parts)
        }
        return parts
    }

    @Test func eachTimingKeepsItsOwnDelaysWhenReused() async throws {
        let path = Repo.cassettePath("haiku.sse")
        let cassette = try Repo.cassette("haiku.sse")
        let scenario = Scenario(
            name: "timings",
            rules: [
                Rule(
                    steps: [Step(.cassette(path), timing: .recorded), Step(.cassette(path), timing: .speed(2)), Step(.cassette(path))],
                    after: .loop)
            ], timing: .instant)
        let answers = await Self.answers(try ScenarioEngine(scenario), count: 6)
        let expected = [Timing.recorded, .speed(2), .instant].map { timing in
            cassette.retimed(timing).events.map { ResponsePlan.Part(delay: $0.delay, bytes: $0.bytes) }
        }
        #expect(expected[0] != expected[1] && expected[1] != expected[2], "the three timings differ, so a mix-up would show")
        #expect(answers == expected + expected)
    }

    @Test func jitterDrawsAfreshForEveryRequestAndRepeatsForASeed() async throws {
        let path = Repo.cassettePath("haiku.sse")
        let scenario = Scenario(name: "jitter", rules: [Rule(steps: [Step(.cassette(path))])], timing: .instant, jitter: .milliseconds(50), seed: 7)
        let first = await Self.answers(try ScenarioEngine(scenario), count: 2)
        let again = await Self.answers(try ScenarioEngine(scenario), count: 2)
        #expect(first[0].map(\.delay) != first[1].map(\.delay))
        #expect(first[0].allSatisfy { $0.delay <= .milliseconds(50) })
        #expect(first == again)
    }

    @Test func recordedHeadersGoOverTheStandardOnesExceptFramingAndForAMessageItsContentType() throws {
        var cassette = try Repo.cassette("haiku.sse")
        cassette.headers = [("X-Recorded", "1"), ("Content-Length", "9"), ("Content-Type", "text/event-stream"), ("Cache-Control", "no-store")]
        let stream = cassette.streamPlan(requestID: "req_1", now: Timestamp(microseconds: 0))
        #expect(stream.headers["x-recorded"] == "1")
        #expect(stream.headers["cache-control"] == "no-store")
        #expect(stream.headers["content-length"] == nil)
        #expect(stream.headers["request-id"] == "req_1")
        let message = cassette.messagePlan(requestID: "req_2", now: Timestamp(microseconds: 0))
        #expect(message.headers["x-recorded"] == "1")
        #expect(message.headers["content-type"] == "application/json")
        #expect(message.headers["cache-control"] == nil)
        #expect(message.headers["content-length"] == nil)
    }
}
