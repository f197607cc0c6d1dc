import AsyncHTTPClient
import Foundation
import MockClaude
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Faults as real clients see them over a socket.
@Suite struct FaultWireTests {
    static func serving(_ steps: Step..., timing: Timing = .instant) throws -> MockClaudeServer.Configuration {
        let scenario = Scenario(name: "wire", rules: [Rule(steps: steps)], timing: timing, baseDirectory: Repo.root.appendingPathComponent("Cassettes").path)
        return MockClaudeServer.Configuration(scenario: try ScenarioEngine(scenario))
    }

    static func curlArguments(_ server: MockClaudeServer, stream: Bool = true) -> [String] {
        [
            server.baseURL.absoluteString + "/v1/messages", "-H", "x-api-key: k", "-H", "anthropic-version: 2023-06-01",
            "-H", "content-type: application/json", "-d", messagesBody(stream: stream),
        ]
    }

    static let haikuWire = try! Repo.cassette("haiku.sse").events

    @Test(.enabled(if: Curl.available))
    func disconnectIsCurlPartialFileAfterTheKeptEvents() async throws {
        let result = try await withServer(try Self.serving(Step.cassette("haiku.sse").faults(.disconnect(.events(5))))) { server in
            try await Curl.run(Self.curlArguments(server))
        }
        #expect(result.exitCode == 18, "\(result.stderr)")
        #expect(Array(result.stdout.utf8) == Self.haikuWire.prefix(5).flatMap(\.bytes))
    }

    @Test(.enabled(if: Curl.available))
    func disconnectOfAJSONBodyIsCurlPartialFileToo() async throws {
        let result = try await withServer(try Self.serving(Step.cassette("haiku.sse").faults(.disconnect(.bytes(40))))) { server in
            try await Curl.run(Self.curlArguments(server, stream: false))
        }
        #expect(result.exitCode == 18, "\(result.stderr)")
        #expect(result.stdout.utf8.count == 40)
    }

    @Test(.enabled(if: Curl.available))
    func resetIsCurlRecvError() async throws {
        let result = try await withServer(try Self.serving(Step.cassette("haiku.sse").faults(.reset(.events(2))))) { server in
            try await Curl.run(Self.curlArguments(server))
        }
        #expect(result.exitCode == 56, "\(result.stderr)")
    }

    @Test(.enabled(if: Curl.available))
    func brokenChunkingIsCurlRecvError() async throws {
        let result = try await withServer(try Self.serving(Step.cassette("haiku.sse").faults(.malformedChunk(afterEvents: 2)))) { server in
            try await Curl.run(Self.curlArguments(server))
        }
        #expect(result.exitCode == 56, "\(result.stderr)")
        #expect(result.stderr.lowercased().contains("chunk"))
    }

    @Test(.enabled(if: Curl.available))
    func hangIsACurlTimeoutWithNoResponseAtAll() async throws {
        let result = try await withServer(try Self.serving(Step.cassette("haiku.sse").faults(.hang))) { server in
            try await Curl.run(Self.curlArguments(server) + ["--max-time", "1", "-w", "%{http_code}"])
        }
        #expect(result.exitCode == 28)
        #expect(result.stdout == "000")
    }

    @Test func stallIsAnAsyncHTTPClientReadTimeout() async throws {
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: .init(timeout: .init(read: .milliseconds(300))))
        do {
            _ = try await withServer(try Self.serving(Step.cassette("haiku.sse").faults(.stall(.events(3))))) { server in
                try await AHC.send(server.baseURL, body: messagesBody(stream: true), client: client)
            }
            Issue.record("a stalled stream completed")
        } catch {
            #expect(error as? HTTPClientError == .readTimeout, "\(error)")
        }
        try await client.shutdown()
    }

    @Test func disconnectIsAURLSessionError() async throws {
        let server = try await MockClaudeServer.start(try Self.serving(Step.cassette("haiku.sse").faults(.disconnect(.events(4)))))
        defer { Task { await server.shutdown() } }
        var request = URLRequest(url: server.baseURL.appendingPathComponent("v1/messages"))
        request.httpMethod = "POST"
        request.setValue("k", forHTTPHeaderField: "x-api-key")
        request.setValue("2023-06-01", forHTTPHeaderField: "anthropic-version")
        request.httpBody = Data(messagesBody(stream: true).utf8)
        await #expect(throws: URLError.self) { _ = try await URLSession.shared.data(for: request) }
    }

    @Test func latencyDelaysTheFirstByte() async throws {
        let started = ContinuousClock.now
        let response = try await withServer(try Self.serving(Step.text("hi").faults(.latency(.milliseconds(400))))) { server in
            try await AHC.send(server.baseURL, body: messagesBody(stream: false))
        }
        #expect(ContinuousClock.now - started >= .milliseconds(400))
        #expect(response.status == 200)
    }

    @Test func dripArrivesInSmallSpacedDeliveries() async throws {
        let response = try await withServer(try Self.serving(Step.text("Drip by drip.").faults(.drip(bytes: 64, every: .milliseconds(40))))) { server in
            try await AHC.send(server.baseURL, body: messagesBody(stream: true))
        }
        #expect(response.deliveries.count >= response.body.count / 64)
        #expect(response.deliveries.allSatisfy { $0.count <= 64 })
        #expect(String(decoding: response.body, as: UTF8.self).hasSuffix("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"))
    }

    @Test func rateLimitedReachesTheClientWithItsHeaders() async throws {
        let response = try await withServer(try Self.serving(Step.fault(.rateLimited(retryAfter: 2, retryAfterMilliseconds: 1500)))) { server in
            try await AHC.send(server.baseURL, body: messagesBody(stream: true))
        }
        #expect(response.status == 429)
        #expect(response.header("retry-after") == "2")
        #expect(response.header("retry-after-ms") == "1500")
        #expect(response.header("anthropic-ratelimit-requests-remaining") == "0")
        #expect(response.json?["error"]?["type"] == "rate_limit_error")
    }

    @Test func unmatchedRequestGetsTheMockErrorWithTheDiagnosis() async throws {
        let scenario = Scenario("diag") {
            Rule("second-turn", match: RequestMatch(hasToolResult: true)) { Step.text("done") }
        }
        let response = try await withServer(.init(scenario: try ScenarioEngine(scenario))) { server in
            try await AHC.send(server.baseURL, body: messagesBody(stream: false))
        }
        #expect(response.status == 418)
        #expect(response.header("x-mockclaude-error") == "mockclaude_no_match")
        #expect(response.header("x-should-retry") == "false")
        #expect(response.json?["error"]?["type"] == "mockclaude_no_match")
        let message = response.json?["error"]?["message"]?.stringValue ?? ""
        #expect(message.contains("rule 1 'second-turn'"))
        #expect(message.contains("has_tool_result: expected true, got false"))
    }

    @Test func anExhaustedRuleSaysSo() async throws {
        let scenario = Scenario("once") { Rule(after: .fail) { Step.text("only once") } }
        let statuses = try await withServer(.init(scenario: try ScenarioEngine(scenario))) { server in
            [
                try await AHC.send(server.baseURL, body: messagesBody(stream: false)).status,
                try await AHC.send(server.baseURL, body: messagesBody(stream: false)).status,
            ]
        }
        #expect(statuses == [200, 418])
    }

    @Test func fixedTimingSendsEventsApart() async throws {
        let scenario = Scenario("slow", timing: .fixed(firstEvent: .milliseconds(50), perEvent: .milliseconds(40))) {
            Step.text("one two three four")
        }
        let started = ContinuousClock.now
        let response = try await withServer(.init(scenario: try ScenarioEngine(scenario))) { server in
            try await AHC.send(server.baseURL, body: messagesBody(stream: true))
        }
        let events = String(decoding: response.body, as: UTF8.self).components(separatedBy: "\n\n").count - 1
        #expect(response.deliveries.count >= events)  // 40 ms apart: none share a delivery
        #expect(ContinuousClock.now - started >= .milliseconds(50) + .milliseconds(40) * (events - 1))
    }
}
