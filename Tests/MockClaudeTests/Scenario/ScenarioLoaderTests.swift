import Foundation
import MockClaude
import Testing

@Suite struct ScenarioLoaderTests {
    static var shippedNames: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: Repo.root.appendingPathComponent("Scenarios").path)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted()
    }

    @Test func everyScenarioTheIssueAsksForShips() {
        let required = [
            "retry-then-ok.yaml", "mid-stream-disconnect.yaml", "overloaded-event.yaml", "slow-stream.yaml",
            "stall.yaml", "tool-loop.yaml", "rate-limit-headers.yaml",
        ]
        #expect(Set(required).isSubset(of: Set(Self.shippedNames)))
    }

    @Test(arguments: shippedNames)
    func shippedScenarioLoadsWithItsCassettes(name: String) throws {
        let scenario = try ScenarioDSLTests.shipped(name)
        #expect(!scenario.rules.isEmpty)
        _ = try ScenarioEngine(scenario)
    }

    @Test func readsEveryKind() throws {
        let yaml = """
            name: all
            timing: {first_event: 2s, per_event: 300ms}
            jitter: 50ms
            seed: 7
            rules:
              - name: beta
                match:
                  method: post
                  model: claude-haiku-4-5
                  stream: true
                  header: {anthropic-beta: "*"}
                  json: {messages.0.role: user, system: {contains: pirate}, max_tokens: 5}
                  last_user_message_contains: weather
                steps:
                  - error: overloaded_error
                    message: Busy
                    status: 503
                    times: 3
                  - thinking: hmm
                    signature: sig
                    text: hi
                    tool_use: [{name: a, input: {x: 1, y: "2"}}, {name: b}]
                    stop_reason: max_tokens
                    headers: {x-a: "1"}
                    faults:
                      - latency: 2s
                      - drip: {bytes: 4, every: 10ms}
                      - malformed: {chunked_after_events: 2}
                      - hang
                    should_retry: false
                after: loop
            """
        let scenario = try ScenarioLoader.parse(yaml, source: "all.yaml")
        #expect(scenario.timing == .fixed(firstEvent: .seconds(2), perEvent: .milliseconds(300)))
        #expect(scenario.jitter == .milliseconds(50))
        #expect(scenario.seed == 7)
        let rule = try #require(scenario.rules.first)
        #expect(rule.after == .loop)
        #expect(
            rule.match
                == RequestMatch(
                    method: "POST", model: "claude-haiku-4-5", stream: true, headers: [("anthropic-beta", "*")],
                    json: [.init(path: "messages.0.role", equals: "user"), .init(path: "system", contains: "pirate"), .init(path: "max_tokens", equals: 5)],
                    lastUserMessageContains: "weather"))
        #expect(rule.steps[0] == Step(.error(ErrorAnswer(type: "overloaded_error", message: "Busy", status: 503)), times: 3))
        #expect(
            rule.steps[1].answer
                == .reply(
                    Reply(
                        thinking: "hmm", signature: "sig", text: "hi",
                        toolUses: [ToolCall(name: "a", input: ["x": 1, "y": "2"]), ToolCall(name: "b")], stopReason: "max_tokens")))
        #expect(
            rule.steps[1].faults == [
                .latency(.seconds(2)), .drip(bytes: 4, every: .milliseconds(10)), .malformedChunk(afterEvents: 2), .hang, .shouldRetry(false),
            ])
        #expect(rule.steps[1].headers["x-a"] == "1")
        #expect(rule.location == "all.yaml:6")
    }

    static let broken: [(String, String)] = [
        (
            "steps:\n  - cassette: a.sse\n    disconect: {after_events: 3}\n",
            "x.yaml:3: unknown step key 'disconect' (fix: did you mean 'disconnect'?"
        ),
        ("steps:\n  - faults:\n      - disconect\n", "x.yaml:3: unknown fault 'disconect' (fix: did you mean 'disconnect'?"),
        ("steps:\n  - error: overload_error\n", "x.yaml:2: unknown error type 'overload_error' (fix: did you mean 'overloaded_error'?"),
        ("steps:\n  - text: hi\n    cassette: a.sse\n", "x.yaml:2: a step has one answer, this one has cassette and reply"),
        ("rules:\n  - steps: [{text: hi}]\n    after: forever\n", "x.yaml:3: after 'forever' is not known"),
        ("stepz: []\n", "x.yaml:1: unknown scenario key 'stepz' (fix: did you mean 'steps'?"),
        ("steps:\n  - text: hi\n    times: 0\n", "x.yaml:3: times should be a whole number from 1 to 1000000000"),
        ("steps:\n  - latency: soon\n", "x.yaml:2: latency should be a duration"),
        ("steps:\n  - overloaded: 418\n", "x.yaml:2: overloaded status 418 is not one the API sends"),
        ("rules:\n  - match: {modle: x}\n    steps: [{text: hi}]\n", "x.yaml:2: unknown match key 'modle' (fix: did you mean 'model'?"),
        ("steps:\n  - message: hi\n", "x.yaml:2: 'message' belongs to an 'error' step"),
        ("steps: [\n", "x.yaml:"),
        ("timing: slow\nsteps: [{text: hi}]\n", "x.yaml:1: timing 'slow' is not recognised"),
    ]

    @Test(arguments: broken)
    func reportsProblemsAtTheirLine(yaml: String, expected: String) {
        do {
            _ = try ScenarioLoader.parse(yaml, source: "x.yaml")
            Issue.record("accepted a broken scenario")
        } catch {
            #expect("\(error)".contains(expected), "\(error)")
        }
    }

    @Test func aMissingCassetteNamesTheScenarioLine() throws {
        let scenario = try ScenarioLoader.parse("steps:\n  - text: hi\n  - cassette: nowhere.sse\n", source: "x.yaml", baseDirectory: "/tmp")
        do {
            _ = try ScenarioEngine(scenario)
            Issue.record("loaded a missing cassette")
        } catch {
            #expect("\(error)".contains("/tmp/nowhere.sse: no such file"))
            #expect("\(error)".contains("(named at x.yaml:3)"))
        }
    }
}
