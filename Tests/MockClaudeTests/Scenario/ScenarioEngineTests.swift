import MockClaude
import Testing

@Suite struct ScenarioEngineTests {
    static func request(_ body: String, headers: HTTPHeaderList = [], path: String = "/v1/messages") -> (ReceivedRequest, JSONObject?) {
        (ReceivedRequest(method: "POST", target: path, headers: headers, body: Array(body.utf8)), try? JSONValue.parse(body).objectValue)
    }

    static let plain = request(#"{"model":"claude-haiku-4-5","max_tokens":5,"messages":[{"role":"user","content":"hello weather"}]}"#)

    /// The texts the engine picks for `count` identical requests.
    static func texts(_ scenario: Scenario, count: Int) throws -> [String] {
        let engine = try ScenarioEngine(scenario)
        return (0..<count).map { _ in
            switch engine.choose(plain.0, body: plain.1) {
            case .step(let step, _, _):
                if case .reply(let reply) = step.answer { return reply.text ?? "?" }
                return "?"
            case .exhausted: return "exhausted"
            case .noMatch: return "no match"
            }
        }
    }

    @Test func timesThenRepeatLast() throws {
        let scenario = Scenario("s") {
            Step.text("a").times(2)
            Step.text("b")
        }
        #expect(try Self.texts(scenario, count: 5) == ["a", "a", "b", "b", "b"])
    }

    @Test func loopStartsAgain() throws {
        let scenario = Scenario("s") {
            Rule(after: .loop) {
                Step.text("a")
                Step.text("b").times(2)
            }
        }
        #expect(try Self.texts(scenario, count: 7) == ["a", "b", "b", "a", "b", "b", "a"])
    }

    @Test func failIsExhausted() throws {
        let scenario = Scenario("s") { Rule(after: .fail) { Step.text("a") } }
        #expect(try Self.texts(scenario, count: 3) == ["a", "exhausted", "exhausted"])
    }

    @Test func rulesKeepIndependentCursors() throws {
        let scenario = Scenario("s") {
            Rule(match: RequestMatch(model: "opus")) {
                Step.text("o1")
                Step.text("o2")
            }
            Rule(match: RequestMatch(model: "haiku")) {
                Step.text("h1")
                Step.text("h2")
            }
        }
        let engine = try ScenarioEngine(scenario)
        func pick(_ model: String) -> String? {
            let (request, body) = Self.request(#"{"model":"\#(model)","max_tokens":5,"messages":[]}"#)
            if case .step(let step, _, _) = engine.choose(request, body: body), case .reply(let reply) = step.answer { return reply.text }
            return nil
        }
        #expect([pick("opus"), pick("haiku"), pick("haiku"), pick("opus")] == ["o1", "h1", "h2", "o2"])
    }

    @Test func everyMatchConditionIsChecked() {
        let (request, body) = Self.request(
            #"{"model":"m","stream":true,"system":"be a pirate","max_tokens":5,"messages":[{"role":"user","content":[{"type":"text","text":"what weather?"},{"type":"tool_result","tool_use_id":"t","content":"sun"}]}]}"#,
            headers: [("Anthropic-Beta", "x")], path: "/prefix/v1/messages?beta=true")
        let all = RequestMatch(
            method: "POST", path: "/v1/messages", model: "m", stream: true, headers: [("anthropic-beta", "*")],
            json: [.init(path: "max_tokens", equals: 5), .init(path: "system", contains: "pirate"), .init(path: "messages.-1.role", equals: "user")],
            lastUserMessageContains: "weather", hasToolResult: true)
        #expect(all.mismatches(request, body: body).isEmpty)
        let none = RequestMatch(
            method: "GET", path: "/v1/models", model: "n", stream: false, headers: [("x-missing", "*"), ("anthropic-beta", "y")],
            json: [.init(path: "max_tokens", equals: 6), .init(path: "system", contains: "ninja")],
            lastUserMessageContains: "rain", hasToolResult: false)
        #expect(
            none.mismatches(request, body: body).map(\.field) == [
                "method", "path", "model", "stream", "header x-missing", "header anthropic-beta", "json max_tokens", "json system",
                "last_user_message_contains", "has_tool_result",
            ])
    }

    @Test func noMatchListsTheClosestRuleFirstWithItsDifferences() throws {
        let scenario = Scenario("s") {
            Rule("far", match: RequestMatch(model: "x", stream: true, hasToolResult: true)) { Step.text("a") }
            Rule("near", match: RequestMatch(model: "claude-haiku-4-5", hasToolResult: true)) { Step.text("b") }
        }
        let engine = try ScenarioEngine(scenario)
        guard case .noMatch(let misses) = engine.choose(Self.plain.0, body: Self.plain.1) else {
            Issue.record("matched")
            return
        }
        #expect(misses.first?.rule == 1)
        #expect(misses.first?.mismatches.map(\.description) == ["has_tool_result: expected true, got false"])
    }
}
