import Foundation
import MockClaude
import Testing

@Suite struct CassetteParserTests {
    @Test(arguments: Repo.cassetteNames)
    func shippedCassetteBodyIsTheFileWithoutMetadataLines(name: String) throws {
        let cassette = try Repo.cassette(name)
        #expect(cassette.bodyBytes == (try Repo.wireBytes(ofFile: Repo.cassettePath(name))))
        #expect(cassette.events.first?.name == "message_start")
        #expect(cassette.headers["request-id"]?.hasPrefix("req_") == true)
    }

    @Test func readsDelaysStatusAndHeaders() throws {
        let text = """
            :@ status 200
            :@ header request-id: req_abc
            :@ +212ms
            event: message_start
            data: {"type":"message_start","message":{"usage":{"output_tokens":1}}}

            : an ordinary comment, kept on the wire
            :@ +1.5s
            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":3}}

            event: message_stop
            data: {"type":"message_stop"}


            """
        let cassette = try Cassette.parse(Array((text + "\n").utf8), source: "t.sse")
        #expect(cassette.headers["Request-Id"] == "req_abc")
        #expect(cassette.events.map(\.delay) == [.milliseconds(212), .milliseconds(1500), .zero])
        #expect(cassette.events[1].bytes.starts(with: Array(": an ordinary comment".utf8)))
        #expect(cassette.trailer == [10])
        #expect(cassette.events[1].line == 9)
    }

    @Test func plainSSEIsAValidCassette() throws {
        let text =
            "event: message_start\r\ndata: {\"type\":\"message_start\",\"message\":{}}\r\n\r\nevent: message_delta\r\ndata: {\"type\":\"message_delta\",\"delta\":{},\"usage\":{\"output_tokens\":1}}\r\n\r\nevent: message_stop\r\ndata: {\"type\":\"message_stop\"}\r\n\r\n"
        let cassette = try Cassette.parse(Array(text.utf8), source: "plain.sse")
        #expect(cassette.status == 200)
        #expect(cassette.bodyBytes == Array(text.utf8))
        #expect(cassette.events.allSatisfy { $0.delay == .zero })
    }

    static let problems: [(String, String)] = [
        (
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{}\n\n",
            "bad.sse:2: data is not valid JSON (unexpected end of data: line 1 column 37 (char 36))"
        ),
        (
            "data: {\"type\":\"message_start\",\"message\":{}}\n\n",
            "bad.sse:1: event has no 'event:' line; the SDKs dispatch on it and drop this event"
        ),
        (
            "event: message_stop\ndata: {\"type\":\"message_start\",\"message\":{}}\n\n",
            "bad.sse:1: event name 'message_stop' differs from its JSON type 'message_start'"
        ),
        (
            "event: ping\ndata: {\"type\": \"ping\"}\n\n",
            "bad.sse:1: first event is 'ping', but a stream must start with 'message_start'"
        ),
        (
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{}}\n\nevent: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
            "bad.sse:4: block index 1, expected 0"
        ),
        (":@ stauts 200\n", "bad.sse:1: unknown mockclaude directive 'stauts' (fix: did you mean 'status'?"),
        (
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{}}",
            "bad.sse:1: the last event has no blank line after it"
        ),
        (":@ +fast\nevent: message_start\n", "bad.sse:1: delay '+fast' is not a duration"),
        (
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{}}\n\nevent: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"input\":{}}}\n\nevent: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"a\"}}\n\nevent: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
            "bad.sse:10: block 0's partial_json fragments do not join into a JSON object"
        ),
        ("hello\n\n", "bad.sse:1: 'hello' is not an SSE field"),
    ]

    @Test(arguments: problems)
    func reportsProblemsAtTheirLine(text: String, expected: String) {
        do {
            _ = try Cassette.parse(Array(text.utf8), source: "bad.sse")
            Issue.record("accepted a broken cassette")
        } catch {
            let report = error.description
            #expect(report.contains(expected), "\(report)")
        }
    }

    @Test func missingFileSaysSo() {
        #expect(throws: SourceProblems.self) { try Cassette.load(path: "/nonexistent/x.sse") }
        do { _ = try Cassette.load(path: "/nonexistent/x.sse") } catch { #expect("\(error)".contains("/nonexistent/x.sse: no such file")) }
    }
}
