import MockClaude
import Testing

/// The Swift DSL and the YAML files describe the same scenarios.
@Suite struct ScenarioDSLTests {
    static func shipped(_ name: String) throws -> Scenario {
        try ScenarioLoader.load(path: Repo.root.appendingPathComponent("Scenarios/\(name)").path)
    }

    @Test func retryThenOk() throws {
        let dsl = Scenario("retry-then-ok", timing: .instant) {
            Step.fault(.rateLimited(retryAfter: 1))
            Step.fault(.overloaded(status: 529))
            Step.cassette("../Cassettes/haiku.sse")
        }
        #expect(try Self.shipped("retry-then-ok.yaml") == dsl)
    }

    @Test func toolLoop() throws {
        let dsl = Scenario("tool-loop", timing: .instant) {
            Rule("answer-with-the-tool-result", match: RequestMatch(hasToolResult: true)) {
                Step.text("It is 18°C and sunny in Paris.")
            }
            Rule("ask-for-the-weather", match: RequestMatch(hasToolResult: false)) {
                Step.reply(
                    Reply(
                        text: "Let me look that up.",
                        toolUses: [ToolCall(name: "get_weather", input: ["location": "Paris, France", "unit": "celsius"])]))
            }
        }
        #expect(try Self.shipped("tool-loop.yaml") == dsl)
    }

    @Test func midStreamDisconnect() throws {
        let dsl = Scenario("mid-stream-disconnect", timing: .instant) {
            Step.cassette("../Cassettes/haiku.sse").faults(.disconnect(.events(5)))
            Step.cassette("../Cassettes/haiku.sse")
        }
        #expect(try Self.shipped("mid-stream-disconnect.yaml") == dsl)
    }

    @Test func rateLimitHeaders() throws {
        let dsl = Scenario("rate-limit-headers", timing: .instant) {
            Step.fault(.rateLimited(retryAfter: 2, retryAfterMilliseconds: 1500)).times(2)
            Step.cassette("../Cassettes/haiku.sse")
        }
        #expect(try Self.shipped("rate-limit-headers.yaml") == dsl)
    }

    @Test func aDifferentScriptIsNotEqual() throws {
        let dsl = Scenario("retry-then-ok", timing: .instant) {
            Step.fault(.rateLimited(retryAfter: 2))
            Step.fault(.overloaded(status: 529))
            Step.cassette("../Cassettes/haiku.sse")
        }
        #expect(try Self.shipped("retry-then-ok.yaml") != dsl)
    }
}
