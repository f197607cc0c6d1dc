import AsyncHTTPClient
import Foundation
import MockClaude
import Testing

@Suite struct ReplayTests {
    @Test(arguments: Repo.cassetteNames)
    func streamIsTheCassetteByteForByte(name: String) async throws {
        let cassette = try Repo.cassette(name)
        let response = try await withServer(.init(cassettes: [cassette], timing: .instant)) { server in
            try await AHC.send(server.baseURL, body: messagesBody(stream: true))
        }
        #expect(response.status == 200)
        #expect(response.body == (try Repo.wireBytes(ofFile: Repo.cassettePath(name))))
        #expect(response.header("content-type") == "text/event-stream; charset=utf-8")
        #expect(response.header("request-id") == cassette.headers["request-id"])
        #expect(response.header("anthropic-ratelimit-requests-limit") != nil)
    }

    @Test func recordedDelaysArriveAsSeparateDeliveries() async throws {
        let cassette = try Repo.cassette("haiku.sse")
        let started = ContinuousClock.now
        let response = try await withServer(.init(cassettes: [cassette])) { server in
            try await AHC.send(server.baseURL, body: messagesBody(stream: true))
        }
        let elapsed = ContinuousClock.now - started
        let recorded = cassette.events.reduce(Duration.zero) { $0 + $1.delay }
        // Events 30 ms or more apart cannot share a read; each must be its own delivery.
        let spaced = cassette.events.filter { $0.delay >= .milliseconds(30) }.count
        #expect(response.deliveries.count >= spaced)
        #expect(elapsed >= recorded)
        #expect(response.body == cassette.bodyBytes)
    }

    /// Lower bounds only (a loaded machine is slower, never faster): half speed takes at least
    /// twice the recorded time, which the recorded pace alone would not.
    @Test func speedFactorScalesTheDelays() async throws {
        let cassette = try Repo.cassette("haiku.sse")
        let recorded = cassette.events.reduce(Duration.zero) { $0 + $1.delay }
        let started = ContinuousClock.now
        _ = try await withServer(.init(cassettes: [cassette], timing: .speed(0.5))) { server in
            try await AHC.send(server.baseURL, body: messagesBody(stream: true))
        }
        #expect(ContinuousClock.now - started >= recorded * 2)
    }

    @Test func nonStreamingRequestGetsTheAssembledMessage() async throws {
        let response = try await withServer(.init(cassettes: [try Repo.cassette("tool_use.sse")], timing: .instant)) { server in
            try await AHC.send(server.baseURL, body: messagesBody(stream: false))
        }
        #expect(response.status == 200)
        #expect(response.header("content-type") == "application/json")
        let message = try #require(response.json)
        #expect(message["type"] == .string("message"))
        #expect(message["id"] == .string("msg_014p7gG3wDgGV9EUtLvnow3U"))
        #expect(message["content"]?.arrayValue?[1]["input"]?["location"] == .string("San Francisco, CA"))
        #expect(message["usage"]?["output_tokens"] == .int(89))
        #expect(message["stop_reason"] == .string("tool_use"))
    }

    @Test func nonStreamingAnswerToAnErrorStreamIsTheErrorStatus() async throws {
        let response = try await withServer(.init(cassettes: [try Repo.cassette("overloaded_mid_stream.sse")], timing: .instant)) { server in
            try await AHC.send(server.baseURL, body: messagesBody(stream: false))
        }
        #expect(response.status == 529)
        #expect(response.json?["error"]?["type"] == .string("overloaded_error"))
        #expect(response.json?["request_id"]?.stringValue == response.header("request-id"))
    }

    @Test func severalCassettesAreAnsweredInOrderAndTheLastRepeats() async throws {
        let cassettes = [try Repo.cassette("haiku.sse"), try Repo.cassette("tool_use.sse")]
        let ids = try await withServer(.init(cassettes: cassettes, timing: .instant)) { server in
            var ids: [String?] = []
            for _ in 0..<3 {
                ids.append(try await AHC.send(server.baseURL, body: messagesBody(stream: false)).json?["id"]?.stringValue)
            }
            return ids
        }
        #expect(ids == ["msg_01XFDUDYJgAACzvnptvVoYEL", "msg_014p7gG3wDgGV9EUtLvnow3U", "msg_014p7gG3wDgGV9EUtLvnow3U"])
    }

    @Test func betaQueryAndPathPrefixAreAccepted() async throws {
        let statuses = try await withServer(.init(timing: .instant)) { server in
            [
                try await AHC.send(server.baseURL, path: "/v1/messages?beta=true", body: messagesBody(stream: false)).status,
                try await AHC.send(server.baseURL, path: "/custom/path/v1/messages", body: messagesBody(stream: true)).status,
            ]
        }
        #expect(statuses == [200, 200])
    }

    @Test func withNoCassetteTheBundledHaikuIsServed() async throws {
        let text = try await withServer(.init(timing: .instant)) { server in
            try await AHC.send(server.baseURL, body: messagesBody(stream: false)).json?["content"]?.arrayValue?.first?["text"]?.stringValue
        }
        #expect(text?.hasPrefix("Silent") == true)
    }

    @Test func manyServersRunInParallelWithoutSharingState() async throws {
        let names = ["haiku.sse", "tool_use.sse", "thinking.sse", "vision.sse", "json_output.sse", "haiku.sse", "thinking.sse", "tool_use.sse"]
        let results = try await withThrowingTaskGroup(of: (String, String?).self) { group in
            for name in names {
                group.addTask {
                    let cassette = try Repo.cassette(name)
                    let id = try await withServer(.init(cassettes: [cassette], timing: .instant)) { server in
                        try await AHC.send(server.baseURL, body: messagesBody(stream: false)).json?["id"]?.stringValue
                    }
                    let expected = cassette.events.first?.json?["message"]?["id"]?.stringValue
                    return (expected ?? "?", id)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == names.count)
        for (expected, got) in results { #expect(got == expected) }
    }
}
