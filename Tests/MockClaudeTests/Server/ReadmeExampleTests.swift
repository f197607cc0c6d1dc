import Foundation
import MockClaude
import Testing

/// The Swift examples in README.md and Scenarios/README.md, run as written (paths from the repo root).
@Suite struct ReadmeExampleTests {
    @Test func inSwiftTestsExample() async throws {
        let server = try await MockClaudeServer.start(
            .init(
                cassettes: [try Cassette.load(path: Repo.cassettePath("haiku.sse"))], timing: .instant))
        let response = try await AHC.send(server.baseURL, body: messagesBody(stream: false))
        await server.shutdown()
        #expect(response.json?["content"]?.arrayValue?.first?["text"]?.stringValue?.hasPrefix("Silent") == true)
    }

    @Test func scenarioExample() async throws {
        let scenario = Scenario("flaky", timing: .instant) {
            Step.fault(.rateLimited(retryAfter: 1))
            Step.text("Second time lucky.")
        }
        let server = try await MockClaudeServer.start(.init(scenario: try ScenarioEngine(scenario)))
        let first = try await AHC.send(server.baseURL, body: messagesBody(stream: false))
        let second = try await AHC.send(server.baseURL, body: messagesBody(stream: false))
        await server.shutdown()
        #expect(first.status == 429)
        #expect(second.json?["content"]?.arrayValue?.first?["text"] == "Second time lucky.")
    }

    @Test func simulationExample() async throws {
        var configuration = MockClaudeServer.Configuration(
            scenario: try ScenarioEngine(Scenario("tools") { Step.autoToolUse() }), clock: VirtualClock())
        configuration.rateLimits = RateLimits(all: .init(requestsPerMinute: 60))
        let server = try await MockClaudeServer.start(configuration)
        let tool = #"{"name":"t","input_schema":{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"]}}"#
        let body = #"{"model":"claude-haiku-4-5","max_tokens":256,"tools":[\#(tool)],"tool_choice":{"type":"any"},"messages":[{"role":"user","content":"go"}]}"#
        var statuses: [Int] = []
        for _ in 0..<61 { statuses.append(try await AHC.send(server.baseURL, body: body).status) }
        let refused = try await AHC.send(server.baseURL, body: body)
        server.virtualClock?.advance(seconds: 1)
        let admitted = try await AHC.send(server.baseURL, body: body)
        await server.shutdown()
        #expect(statuses == Array(repeating: 200, count: 60) + [429])
        #expect(refused.header("retry-after") == "1")
        #expect(admitted.status == 200)
        #expect(admitted.json?["content"]?.arrayValue?.first?["input"]?["n"]?.intValue != nil)
    }

    @Test func scenariosReadmeExample() async throws {
        let scenario = Scenario("retry-then-ok", timing: .instant, baseDirectory: Repo.root.appendingPathComponent("Scenarios").path) {
            Step.fault(.rateLimited(retryAfter: 1))
            Step.fault(.overloaded(status: 529))
            Step.cassette("../Cassettes/haiku.sse")
        }
        let statuses = try await withServer(.init(scenario: try ScenarioEngine(scenario))) { server in
            var statuses: [Int] = []
            for _ in 0..<3 { statuses.append(try await AHC.send(server.baseURL, body: messagesBody(stream: true)).status) }
            return statuses
        }
        #expect(statuses == [429, 529, 200])
    }
}
