import Foundation
import MockClaude
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The shipped simulation scenarios over a real socket (AsyncHTTPClient and URLSession), on a virtual clock.
@Suite struct SimulationLiveTests {
    static func shipped(_ name: String) throws -> ScenarioEngine {
        try ScenarioEngine(ScenarioLoader.load(path: Repo.root.appendingPathComponent("Scenarios/\(name)").path))
    }

    static func body(_ json: String = #""messages":[{"role":"user","content":"hi"}]"#, model: String = "claude-sonnet-4-5", stream: Bool = false) -> String {
        #"{"model":"\#(model)","max_tokens":512,"stream":\#(stream),\#(json)}"#
    }

    @Test func rateLimitedClientGets429sWhoseRetryAfterIsExact() async throws {
        let clock = VirtualClock()
        try await withServer(.init(scenario: try Self.shipped("rate-limited-client.yaml"), clock: clock)) { server in
            for index in 0..<60 {
                let response = try await AHC.send(server.baseURL, body: Self.body())
                #expect(response.status == 200)
                #expect(response.header("anthropic-ratelimit-requests-remaining") == String(59 - index))
            }
            let refused = try await AHC.send(server.baseURL, body: Self.body())
            #expect(refused.status == 429)
            #expect(refused.json?["error"]?["type"] == "rate_limit_error")
            #expect(refused.header("retry-after") == "1")
            // Full again a minute after the last request, rounded up to the whole second.
            let full = (clock.now.microseconds + 60_000_000 + 999_999) / 1_000_000 * 1_000_000
            #expect(refused.header("anthropic-ratelimit-requests-reset") == Timestamp(microseconds: full).rfc3339Seconds)
            #expect(clock.advance(seconds: 1))
            let admitted = try await AHC.send(server.baseURL, body: Self.body())
            #expect(admitted.status == 200)
            #expect(admitted.header("anthropic-ratelimit-requests-remaining") == "0")
            // Output tokens are charged from the answer: 61 answers, with one second's refill
            // (8,000 a minute) between the 60th and the 61st.
            let output = try #require(admitted.json?["usage"]?["output_tokens"]?.intValue)
            #expect(admitted.header("anthropic-ratelimit-output-tokens-remaining") == String((8_000 * 60 - 61 * output * 60 + 8_000) / 60))
        }
    }

    @Test func promptCachingReportsWriteThenReadInStreams() async throws {
        let clock = VirtualClock()
        let system = String(repeating: "Answer as a patient librarian would. ", count: 400)
        let json = #""system":[{"type":"text","text":"\#(system)","cache_control":{"type":"ephemeral"}}],"messages":[{"role":"user","content":"hi"}]"#
        try await withServer(.init(scenario: try Self.shipped("prompt-caching.yaml"), clock: clock)) { server in
            func usage() async throws -> (start: JSONValue?, end: JSONValue?) {
                let response = try await AHC.send(server.baseURL, body: Self.body(json, stream: true))
                let events = SSE.events(in: response.body).compactMap { event -> JSONValue? in
                    let data = String(decoding: event, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix("data: ") }
                    return data.flatMap { try? JSONValue.parse(Array($0.dropFirst(6).utf8)) }
                }
                return (events.first?["message"]?["usage"], events.first { $0["type"] == "message_delta" }?["usage"])
            }
            let first = try await usage()
            let written = try #require(first.start?["cache_creation_input_tokens"]?.intValue)
            #expect(written > 3_000 && first.start?["cache_read_input_tokens"] == .int(0))
            #expect(first.end?["cache_creation_input_tokens"] == .int(written))
            let second = try await usage()
            #expect(second.start?["cache_read_input_tokens"] == .int(written) && second.end?["cache_read_input_tokens"] == .int(written))
            #expect(second.start?["cache_creation_input_tokens"] == .int(0))
            #expect(clock.advance(seconds: 301))
            #expect(try await usage().start?["cache_creation_input_tokens"] == .int(written))
        }
    }

    @Test func schemaToolsAnswerWithValidToolCallsOverURLSession() async throws {
        let tool =
            #"{"name":"get_weather","input_schema":{"type":"object","properties":{"city":{"type":"string"},"unit":{"enum":["c","f"]},"days":{"type":"integer","minimum":1,"maximum":3}},"required":["city","unit","days"]}}"#
        try await withServer(.init(scenario: try Self.shipped("schema-tools.yaml"))) { server in
            var request = URLRequest(url: server.baseURL.appendingPathComponent("v1/messages"))
            request.httpMethod = "POST"
            for (name, value) in AHC.defaultHeaders { request.setValue(value, forHTTPHeaderField: name) }
            request.httpBody = Data(Self.body(#""tools":[\#(tool)],"tool_choice":{"type":"any"},"messages":[{"role":"user","content":"weather"}]"#).utf8)
            for _ in 0..<20 {
                let (data, response) = try await URLSession.shared.data(for: request)
                #expect((response as? HTTPURLResponse)?.statusCode == 200)
                let message = try JSONValue.parse(Array(data))
                let input = message["content"]?.arrayValue?.first?["input"]
                #expect(message["stop_reason"] == "tool_use")
                #expect(input?["city"]?.stringValue != nil && ["c", "f"].contains(input?["unit"]?.stringValue))
                #expect((1...3).contains(input?["days"]?.intValue ?? 0))
            }
        }
    }

    @Test func theDSLSynthesizesStructuredOutputs() async throws {
        let scenario = Scenario("structured") { Step.synthesized() }
        let format =
            #""output_config":{"format":{"type":"json_schema","schema":{"type":"object","properties":{"ok":{"type":"boolean"}},"required":["ok"],"additionalProperties":false}}}"#
        try await withServer(.init(scenario: try ScenarioEngine(scenario))) { server in
            let response = try await AHC.send(server.baseURL, body: Self.body(format + #","messages":[{"role":"user","content":"x"}]"#))
            let text = try #require(response.json?["content"]?.arrayValue?.first?["text"]?.stringValue)
            #expect(try JSONValue.parse(text)["ok"]?.boolValue != nil)
        }
    }
}
