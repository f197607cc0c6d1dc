import Foundation
import MockClaude
import NIOCore
import Testing

/// Every hostile input found so far, sent to one running server: each gets its answer (a 4xx,
/// or the 200 the real API gives), no file content leaks, and afterwards the server still
/// streams the haiku byte for byte. Add a case here with every hardening fix.
@Suite struct SurvivalTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var status: Int
        /// Text the answer must not contain (file contents, injected headers).
        var mustNotContain: [String] = []
        /// Text the answer must contain.
        var mustContain: [String] = []
        var testDescription: String { name }
    }

    static func messages(_ json: String, path: String = "/v1/messages") -> [UInt8] {
        RawHTTP.request("POST", path, body: Array(json.utf8))
    }

    static func messagesWith(_ field: String) -> [UInt8] {
        messages(#"{"model":"claude-haiku-4-5","max_tokens":64,\#(field)"messages":[{"role":"user","content":"hi"}]}"#)
    }

    static func admin(_ path: String, _ body: String, type: String = "application/yaml", extra: [(String, String)] = []) -> [UInt8] {
        RawHTTP.request("POST", "/_mockclaude/" + path, headers: [("content-type", type)] + extra, body: Array(body.utf8))
    }

    static let repeatedKeys: String = {
        let last = [
            ("model", #""claude-haiku-4-5""#), ("max_tokens", "64"), ("temperature", "0.5"), ("top_k", "5"), ("top_p", "0.9"),
            ("stop_sequences", #"["x"]"#), ("metadata", #"{"user_id":"u"}"#), ("system", #""s""#), ("stream", "false"),
            ("messages", #"[{"role":"user","role":"user","content":"hi"}]"#),
        ]
        let members = (0..<3).flatMap { round in last.map { #""\#($0.0)":"# + (round < 2 ? "[1,{}]" : $0.1) } }
        return "{" + members.joined(separator: ",") + "}"
    }()

    static let bigNumbers = ["1e20", "1e999999", "9223372036854775808", "-1e19", "1e308", "-9223372036854775808", "-0", "-1e999"]

    static var cases: [Case] {
        var cases: [Case] = []
        for number in bigNumbers {
            let raw = #"{"model":"claude-haiku-4-5","max_tokens":\#(number),"messages":[{"role":"user","content":"hi"}]}"#
            cases.append(Case(name: "max_tokens \(number)", bytes: messages(raw), status: 400))
            // top_k has no upper bound: whole numbers past Int's range are held there and accepted, as Pydantic would.
            let hugeWhole = ["1e20", "9223372036854775808", "1e308"].contains(number)
            let topK = hugeWhole || number == "-0" ? 200 : 400
            cases.append(Case(name: "top_k \(number)", bytes: messagesWith(#""top_k":\#(number),"#), status: topK))
            cases.append(
                Case(
                    name: "budget_tokens \(number)",
                    bytes: messagesWith(#""thinking":{"type":"enabled","budget_tokens":\#(number)},"#), status: 400))
            let count = #"{"model":"claude-haiku-4-5","thinking":{"type":"enabled","budget_tokens":\#(number)},"messages":[{"role":"user","content":"hi"}]}"#
            // count_tokens has no max_tokens for the budget to exceed.
            cases.append(Case(name: "count_tokens budget \(number)", bytes: messages(count, path: "/v1/messages/count_tokens"), status: hugeWhole ? 200 : 400))
        }
        cases += [
            Case(name: "NaN", bytes: messagesWith(#""temperature":NaN,"#), status: 400),
            Case(name: "Infinity literal", bytes: messagesWith(#""temperature":Infinity,"#), status: 400),
            Case(name: "temperature 1e999", bytes: messagesWith(#""temperature":1e999,"#), status: 400),
            Case(name: "truncated JSON", bytes: messages(#"{"model":"claude-haiku-4-5","max_tok"#), status: 400),
            // Every key given three times (the last value valid), ten of them: past the size where
            // a parsed object is indexed. The last value wins, as in Python's json module.
            Case(name: "repeated keys, last wins", bytes: messages(Self.repeatedKeys), status: 200),
            Case(
                name: "invalid UTF-8 in a string",
                bytes: RawHTTP.request(
                    "POST", "/v1/messages",
                    body: Array(#"{"model":"claude-haiku-4-5","max_tokens":5,"messages":[{"role":"user","content":"a"#.utf8) + [0xC3, 0x28]
                        + Array(#""}]}"#.utf8)),
                status: 400, mustContain: ["invalid UTF-8"]),
            Case(
                name: "system role in messages",
                bytes: messages(#"{"model":"claude-haiku-4-5","max_tokens":5,"messages":[{"role":"system","content":"x"},{"role":"user","content":"hi"}]}"#),
                status: 400, mustContain: ["messages.0.role: Input should be 'user' or 'assistant'"]),
            // 40,000 keys in 530 KB (the batch route's limit here is 1 MB): parsed in linear time.
            Case(
                name: "40,000 keys", bytes: messages("{" + (0..<40_000).map { #""k\#($0)":0"# }.joined(separator: ",") + "}", path: "/v1/messages/batches"),
                status: 400),
            // Objects under nine members are searched in order, not indexed: eight keys repeated
            // 12,500 times in a request's params (800 KB; each repeat replaces a value) stay linear too;
            // the batch is created (params are checked when the request is processed).
            Case(
                name: "eight keys repeated 12,500 times",
                bytes: messages(
                    #"{"requests":[{"custom_id":"a","params":{"# + (0..<100_000).map { #""k\#($0 % 8)":0"# }.joined(separator: ",") + "}}]}",
                    path: "/v1/messages/batches"),
                status: 200),
            // Batch bodies are read part by part: nesting past the limit inside params, a repeated
            // `requests` key, and an item that is not an object still get the API's 400.
            Case(
                name: "batch params nested 600 deep",
                bytes: messages(
                    #"{"requests":[{"custom_id":"a","params":"# + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "}]}",
                    path: "/v1/messages/batches"),
                status: 400, mustContain: ["nesting too deep"]),
            Case(
                name: "batch requests key repeated, last one a number",
                bytes: messages(#"{"requests":[{"custom_id":"a","params":{}}],"requests":1e999}"#, path: "/v1/messages/batches"),
                status: 400, mustContain: ["requests: Input should be a valid list"]),
            Case(
                name: "batch item not an object",
                bytes: messages(#"{"requests":[{"custom_id":"a","params":{}}, 18446744073709551616]}"#, path: "/v1/messages/batches"),
                status: 400, mustContain: ["requests.1: Input should be a valid dictionary"]),
            Case(name: "bare = in the query", bytes: RawHTTP.request("GET", "/v1/models?="), status: 200),
            Case(name: "empty and duplicate query keys", bytes: RawHTTP.request("GET", "/v1/models?&&=&=x&limit=2&limit=3"), status: 200),
            Case(name: "empty limit", bytes: RawHTTP.request("GET", "/v1/models?limit="), status: 400),
            Case(name: "huge limit", bytes: RawHTTP.request("GET", "/v1/models?limit=99999999999999999999999"), status: 400),
            Case(name: "bad percent escape", bytes: RawHTTP.request("GET", "/v1/models?after_id=%ZZ%"), status: 200),
            Case(
                name: "batch route named in the query",
                bytes: RawHTTP.request("POST", "/v1/messages?x=/v1/messages/batches", body: Array(repeating: 0x20, count: 4096)), status: 413),
            // Admin API: numbers
            Case(name: "latency 1e300s", bytes: admin("faults", "{latency: 1e300s}"), status: 400),
            Case(name: "latency infms", bytes: admin("faults", "{latency: infms}"), status: 400),
            Case(name: "latency nan s", bytes: admin("faults", "{latency: nans}"), status: 400),
            Case(name: "two 9e9 s latencies", bytes: admin("faults", "[{latency: 9000000000s}, {latency: 9000000000s}]"), status: 400),
            Case(name: "rate_limited 1e13", bytes: admin("faults", "{rate_limited: 1e13}"), status: 400),
            Case(name: "rate_limited 1e300", bytes: admin("faults", "{rate_limited: 1e300}"), status: 400),
            Case(name: "rate_limited .inf", bytes: admin("faults", "{rate_limited: .inf}"), status: 400),
            Case(name: "retry_after_ms Int64.max", bytes: admin("faults", "{rate_limited: {retry_after_ms: 9223372036854775807}}"), status: 400),
            Case(name: "disconnect after -5 events", bytes: admin("faults", "{disconnect: {after_events: -5}}"), status: 400),
            Case(
                name: "times Int64.max twice",
                bytes: admin("scenario", "steps:\n  - text: a\n    times: 9223372036854775807\n  - text: b\n    times: 9223372036854775807\n"), status: 400),
            Case(name: "timing x1e-300", bytes: admin("scenario", "timing: x1e-300\nsteps:\n  - text: a\n"), status: 400),
            Case(name: "clock advance 1e300", bytes: admin("clock/advance", #"{"seconds": 1e300}"#, type: "application/json"), status: 400),
            Case(name: "clock advance -1", bytes: admin("clock/advance", #"{"seconds": -1}"#, type: "application/json"), status: 400),
            Case(
                name: "batch processing_time 2500000h", bytes: admin("scenario", "batches:\n  - processing_time: 2500000h\nsteps:\n  - text: a\n"), status: 400),
            Case(name: "status 99999999999", bytes: admin("scenario", "steps:\n  - error: api_error\n    status: 99999999999\n"), status: 400),
            Case(
                name: "header value with CR LF", bytes: admin("scenario", "steps:\n  - text: a\n    headers: {x-a: \"1\\r\\nset-cookie: evil\"}\n"), status: 400
            ),
            Case(name: "YAML alias bomb", bytes: admin("scenario", Self.aliasBomb), status: 400, mustContain: ["aliases"]),
            // Admin API: files and callers
            Case(
                name: "cassette /etc/passwd", bytes: admin("scenario", "steps:\n  - cassette: /etc/passwd\n"), status: 400,
                mustNotContain: ["root:"], mustContain: ["outside the cassette roots"]),
            Case(
                name: "cassette ../../../../etc/passwd", bytes: admin("scenario", "steps:\n  - cassette: ../../../../../../etc/passwd\n"), status: 400,
                mustNotContain: ["root:"], mustContain: ["outside the cassette roots"]),
            Case(name: "cassette /proc/self/cmdline", bytes: admin("scenario", "steps:\n  - cassette: /proc/self/cmdline\n"), status: 400),
            Case(name: "admin body as text/plain", bytes: admin("faults", "hang", type: "text/plain"), status: 415),
            Case(
                name: "admin from a foreign Origin", bytes: admin("reset", "{}", type: "application/json", extra: [("origin", "http://evil.example")]),
                status: 403),
            Case(name: "admin from origin null", bytes: admin("reset", "{}", type: "application/json", extra: [("origin", "null")]), status: 403),
            Case(
                name: "admin with a rebinding Host",
                bytes: Array("POST /_mockclaude/reset HTTP/1.1\r\nhost: evil.example:8080\r\nconnection: close\r\ncontent-length: 0\r\n\r\n".utf8), status: 403),
            // Protocol
            Case(name: "bad request line", bytes: Array("HELLO\r\n\r\n".utf8), status: 400),
            Case(name: "binary garbage", bytes: [0x16, 0x03, 0x01, 0x00, 0xFF, 0x00, 0x0D, 0x0A, 0x0D, 0x0A], status: 400),
            Case(
                name: "100 KB header", bytes: Array("GET /v1/models HTTP/1.1\r\nhost: a\r\nx-big: \(String(repeating: "a", count: 100_000))\r\n\r\n".utf8),
                status: 400),
            Case(
                name: "bad chunk size",
                bytes: Array("POST /v1/messages HTTP/1.1\r\nhost: a\r\ntransfer-encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n".utf8), status: 400),
            Case(
                name: "conflicting content-length",
                bytes: Array("POST /v1/messages HTTP/1.1\r\nhost: a\r\ncontent-length: 5\r\ncontent-length: 6\r\n\r\nhello!".utf8), status: 400),
            Case(
                name: "HEAD", bytes: RawHTTP.request("HEAD", "/v1/messages"), status: 405, mustNotContain: ["\"type\":\"error\""],
                mustContain: ["content-length: "]),
            // Simulation: prompt caching, rate limits, schema-true answers (last: the scenario changes)
            Case(
                name: "cache_control ttl 1e999",
                bytes: messagesWith(#""system":[{"type":"text","text":"x","cache_control":{"type":"ephemeral","ttl":1e999}}],"#), status: 400),
            Case(
                name: "five cache_control breakpoints",
                bytes: messagesWith(
                    #""system":[\#(Array(repeating: #"{"type":"text","text":"x","cache_control":{"type":"ephemeral"}}"#, count: 5).joined(separator: ","))],"#),
                status: 400, mustContain: ["A maximum of 4 blocks with cache_control may be provided. Found 5."]),
            Case(name: "top-level cache_control as a string", bytes: messagesWith(#""cache_control":"lol","#), status: 400),
            Case(
                name: "limits of 1e20 requests a minute", bytes: admin("scenario", "limits: {requests_per_minute: 1e20}\nsteps:\n  - text: x\n"), status: 400,
                mustContain: [":1:"]),
            Case(name: "load a scenario answering with tool_use: auto", bytes: admin("scenario", "steps:\n  - tool_use: auto\n"), status: 200),
        ]
        let schemas: [(String, String, String)] = [
            (
                "input_schema required recursion",
                ##"{"$defs":{"n":{"type":"object","properties":{"n":{"$ref":"#/$defs/n"}},"required":["n"]}},"$ref":"#/$defs/n"}"##, "$ref"
            ),
            (
                "input_schema minItems 1e18", #"{"type":"object","properties":{"a":{"type":"array","minItems":1000000000000000000}},"required":["a"]}"#,
                "minItems"
            ),
            ("input_schema multipleOf 5e-324", #"{"type":"object","properties":{"a":{"type":"number","multipleOf":5e-324}},"required":["a"]}"#, "multipleOf"),
            ("input_schema minimum 1e308", #"{"type":"object","properties":{"a":{"type":"integer","minimum":1e308}},"required":["a"]}"#, "minimum"),
            (
                "input_schema nested arrays of a thousand",
                #"{"type":"object","properties":{"a":{"type":"array","minItems":1000,"items":{"type":"array","minItems":1000}}},"required":["a"]}"#, "minItems"
            ),
            ("input_schema $ref outside", #"{"type":"object","properties":{"a":{"$ref":"file:///etc/passwd"}},"required":["a"]}"#, "$ref"),
        ]
        for (name, schema, keyword) in schemas {
            cases.append(
                Case(
                    name: name, bytes: messagesWith(#""tools":[{"name":"t","input_schema":\#(schema)}],"tool_choice":{"type":"any"},"#), status: 400,
                    mustNotContain: ["root:"], mustContain: ["mockclaude_cannot_synthesize", "'\(keyword)'"]))
        }
        // Twenty levels, each naming the next twice: a million paths from 1.4 KB.
        let levels = (0..<20).map { ##""d\##($0)":{"properties":{"a":{"$ref":"#/$defs/d\##($0 + 1)"},"b":{"$ref":"#/$defs/d\##($0 + 1)"}}}"## }
        let wide = ##"{"$defs":{\##(levels.joined(separator: ",")),"d20":{"type":"string"}},"$ref":"#/$defs/d0"}"##
        cases.append(
            Case(
                name: "structured output schema that doubles at each of 20 levels",
                bytes: RawHTTP.request(
                    "POST", "/v1/messages",
                    body: Array(
                        #"{"model":"claude-haiku-4-5","max_tokens":64,"output_config":{"format":{"type":"json_schema","schema":\#(wide)}},"messages":[{"role":"user","content":"hi"}]}"#
                            .utf8)),
                status: 400, mustContain: ["more than 10000 subschemas"]))
        cases.append(
            Case(
                name: "structured output with minimum",
                bytes: messagesWith(#""output_config":{"format":{"type":"json_schema","schema":{"type":"integer","minimum":1}}},"#), status: 400,
                mustContain: ["invalid_request_error", "'minimum'"]))
        // Bodies that passed are kept with their checked form: one a byte away from a kept body
        // is checked on its own, and the kept one still answers.
        let kept = #"{"model":"claude-haiku-4-5","max_tokens":64,"messages":[{"role":"user","content":"hi"}]}"#
        cases.append(Case(name: "a body checked before", bytes: messages(kept), status: 200, mustContain: [#""type":"message""#]))
        cases.append(
            Case(
                name: "the same body a byte away", bytes: messages(kept.replacingOccurrences(of: ":64,", with: ":-4,")), status: 400,
                mustContain: ["max_tokens"]))
        cases.append(Case(name: "the body checked before, again", bytes: messages(kept), status: 200, mustContain: [#""type":"message""#]))
        return cases
    }

    static let aliasBomb = """
        steps:
          - tool_use:
              name: x
              input:
                a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]
                b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
                c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
                d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
                e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
                f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
                g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]

        """

    static func configuration() -> MockClaudeServer.Configuration {
        var configuration = MockClaudeServer.Configuration(
            timing: .instant, maximumBodySize: 2048, maximumBatchBodySize: 1 << 20,
            clock: VirtualClock(start: Timestamp(microseconds: 1_790_000_000_000_000)))
        configuration.cassetteRoots = CassetteRoots([Repo.root.appendingPathComponent("Cassettes").path])
        return configuration
    }

    @Test func oneServerSurvivesEveryHostileInputAndStillStreams() async throws {
        try await withServer(Self.configuration()) { server in
            for item in Self.cases {
                let reply = try await RawHTTP.send(item.bytes, to: server.port)
                #expect(reply.status == item.status, "\(item.name): \(reply.text.prefix(400))")
                #expect(reply.closedByServer, "\(item.name): the server kept the connection open")
                for text in item.mustNotContain { #expect(!reply.text.contains(text), "\(item.name) leaked \(text)") }
                for text in item.mustContain { #expect(reply.text.contains(text), "\(item.name): \(reply.text.prefix(400))") }
                if item.status >= 400, item.name != "HEAD" { #expect(reply.text.contains(#""type":"error""#), "\(item.name): not the API's envelope") }
            }
            try await expectTheHaikuStreams(server)
        }
    }

    /// Match keys a posted scenario can make huge (the server's default body limit, so they
    /// arrive whole): a `body:` nested past libyaml's limit is refused; a `body_ignores` path of
    /// 100,000 dots loads, and a request is matched against it.
    @Test func deepOrLongMatchKeysAreRefusedOrBounded() async throws {
        var configuration = Self.configuration()
        configuration.maximumBodySize = 32 * 1024 * 1024
        try await withServer(configuration) { server in
            let deep =
                "rules:\n  - match: {body: " + String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000) + "}\n    steps: [{text: a}]\n"
            let refused = try await RawHTTP.send(Self.admin("scenario", deep), to: server.port)
            #expect(refused.status == 400)
            #expect(refused.text.contains("nesting"), "\(refused.text.prefix(300))")
            let long = "rules:\n  - match: {body: {a: 1}, body_ignores: [\"" + String(repeating: "a.", count: 100_000) + "\"]}\n    steps: [{text: matched}]\n"
            #expect(try await RawHTTP.send(Self.admin("scenario", long), to: server.port).status == 200)
            let matched = try await RawHTTP.send(RawHTTP.request("POST", "/v1/messages", body: Array(messagesBody(stream: false).utf8)), to: server.port)
            // The long path is applied to the request's body before comparing: no match, no crash.
            #expect(matched.status == 418, "\(matched.text.prefix(300))")
            try await expectTheHaikuStreams(server)
        }
    }

    /// A batch whose params hold a poison number: created, ended, listed and downloaded.
    @Test func aPoisonBatchEndsAsErroredResults() async throws {
        try await withServer(Self.configuration()) { server in
            let body =
                #"{"requests":[{"custom_id":"a","params":{"model":"claude-haiku-4-5","max_tokens":1e20,"messages":[{"role":"user","content":"hi"}]}},{"custom_id":"b","params":{"model":"claude-haiku-4-5","max_tokens":5,"top_k":1e999,"messages":[{"role":"user","content":"hi"}]}}]}"#
            let created = try await AHC.send(server.baseURL, path: "/v1/messages/batches", body: body)
            #expect(created.status == 200)
            let id = try #require(created.json?["id"]?.stringValue)
            server.virtualClock?.advance(seconds: 3600)
            let list = try await AHC.send(server.baseURL, path: "/v1/messages/batches", method: .GET)
            #expect(list.status == 200)
            let results = try await AHC.send(server.baseURL, path: "/v1/messages/batches/\(id)/results", method: .GET)
            let lines = String(decoding: results.body, as: UTF8.self).split(separator: "\n")
            #expect(lines.count == 2)
            #expect(lines.allSatisfy { $0.contains(#""type":"errored""#) })
            try await expectTheHaikuStreams(server)
        }
    }

    @Test func expectContinueGetsAContinueThenTheAnswer() async throws {
        try await withServer(Self.configuration()) { server in
            let body = Array(messagesBody(stream: false).utf8)
            let reply = try await RawHTTP.send(
                RawHTTP.request("POST", "/v1/messages", headers: AHC.defaultHeaders + [("expect", "100-continue")], body: body), to: server.port)
            #expect(reply.text.hasPrefix("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n"))
            let tooBig = try await RawHTTP.send(
                Array("POST /v1/messages HTTP/1.1\r\nhost: a\r\nexpect: 100-continue\r\ncontent-length: 999999\r\n\r\n".utf8), to: server.port)
            #expect(tooBig.status == 413)
            #expect(!tooBig.text.contains("100 Continue"))
        }
    }

    @Test func aPipelinedHeadPastTheLimitThatWaitsForContinueEndsTheConnectionAfterTheAnswerBefore() async throws {
        // Requests are gathered whole on the event loop: a refused head, its body sent anyway and
        // a request after it must not leak into the answers or keep the connection going.
        try await withServer(Self.configuration()) { server in
            // Kept alive (RawHTTP.request asks for a close), so the connection goes on to the next.
            let models = Array("GET /v1/models HTTP/1.1\r\nhost: a\r\nx-api-key: k\r\nanthropic-version: 2023-06-01\r\n\r\n".utf8)
            let refused = Array("POST /v1/messages HTTP/1.1\r\nhost: a\r\nexpect: 100-continue\r\ncontent-length: 99999999\r\n\r\n".utf8)
            let reply = try await RawHTTP.send(models + refused + [UInt8](repeating: 0x7B, count: 5_000) + models, to: server.port)
            let heads = reply.text.components(separatedBy: "HTTP/1.1 ").dropFirst().map { String($0.prefix(3)) }
            #expect(heads == ["200", "413"], "the models list, then the refusal, and nothing after it")
            #expect(!reply.text.contains("100 Continue"))
            #expect(reply.text.components(separatedBy: "\r\nconnection: close\r\n").count == 2, "only the refusal closes")
            #expect(reply.closedByServer)
            try await expectTheHaikuStreams(server)
        }
    }

    @Test func anUpgradeRequestIsAnsweredAndClosed() async throws {
        try await withServer(Self.configuration()) { server in
            let upgrade =
                "GET /v1/models HTTP/1.1\r\nhost: a\r\nconnection: upgrade\r\nupgrade: websocket\r\nx-api-key: k\r\nanthropic-version: 2023-06-01\r\n\r\n"
            let next = "GET /v1/models HTTP/1.1\r\nhost: a\r\nx-api-key: k\r\nanthropic-version: 2023-06-01\r\n\r\n"
            let reply = try await RawHTTP.send(Array((upgrade + next).utf8), to: server.port, timeout: .seconds(5))
            #expect(reply.status == 200)
            #expect(reply.closedByServer)
            #expect(reply.text.contains("connection: close"))
        }
    }

    @Test func aSlowLorisClientGets408AndAClose() async throws {
        var configuration = Self.configuration()
        // Long enough that a whole request, sent at once, always beats it even on a loaded machine
        // (reads start when the serving task wraps the connection).
        configuration.limits.requestReadTimeout = .seconds(1)
        try await withServer(configuration) { server in
            // Half a head, then nothing. (Idle timing is exact in ConnectionTimerTests.)
            let slow = try await RawHTTP.send(Array("POST /v1/messages HTTP/1.1\r\nhost: a\r\n".utf8), to: server.port)
            #expect(slow.status == 408)
            #expect(slow.text.contains("mockclaude_request_timeout"))
            #expect(slow.closedByServer)
            // A slow stream being answered is not timed out (stalls and drips are on purpose).
            let body = Array(messagesBody(stream: true).utf8)
            let answered = try await RawHTTP.send(RawHTTP.request("POST", "/v1/messages", body: body), to: server.port)
            #expect(answered.status == 200)
            #expect(answered.text.contains("message_stop"))
        }
    }

    @Test func connectionsPastTheCapAreRefusedWith503() async throws {
        var configuration = Self.configuration()
        configuration.limits.maximumConnections = 2
        configuration.scenario = try ScenarioEngine(Scenario("hangs") { Step.fault(.hang) })
        try await withServer(configuration) { server in
            // Two connections that are never answered (hang): they stay open.
            let hung = (0..<2).map { _ in
                Task {
                    try await RawHTTP.send(
                        RawHTTP.request("POST", "/v1/messages", body: Array(messagesBody(stream: true).utf8)), to: server.port, timeout: .seconds(30))
                }
            }
            while server.journal.count < 2 { await Task.yield() }
            let refused = try await RawHTTP.send(RawHTTP.request("GET", "/v1/models"), to: server.port)
            #expect(refused.status == 503)
            #expect(refused.text.contains("mockclaude_too_many_connections"))
            await server.shutdown()
            for task in hung { _ = try await task.value }
        }
    }

    @Test func aClosedConnectionFreesItsPlaceUnderTheCap() async throws {
        var configuration = Self.configuration()
        configuration.limits.maximumConnections = 1
        try await withServer(configuration) { server in
            for _ in 0..<3 {  // one at a time: each finds the place the last one left
                let reply = try await RawHTTP.send(RawHTTP.request("GET", "/v1/models"), to: server.port)
                #expect(reply.status == 200)
            }
        }
    }

    /// Hostile and ordinary requests pipelined on one kept-alive connection to a server that
    /// answers on its event loops (as `serve`): those due whole at once are written by the request
    /// reader, the delayed one by the connection's task, and every answer comes in request order.
    @Test func pipelinedHostileRequestsOnTheLoopsAreAnsweredInOrder() async throws {
        var configuration = Self.configuration()
        configuration.servesOnEventLoops = true
        func request(_ method: String, _ target: String, body: String = "", close: Bool = false) -> [UInt8] {
            var bytes = RawHTTP.request(method, target, body: Array(body.utf8))
            if !close { bytes = Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "connection: close\r\n", with: "").utf8) }
            return bytes
        }
        let huge = #"{"model":"claude-haiku-4-5","max_tokens":1e400,"messages":[{"role":"user","content":"hi"}]}"#
        let sequence: [(bytes: [UInt8], status: Int)] = [
            (request("POST", "/v1/messages", body: messagesBody(stream: true)), 200),
            (request("POST", "/v1/messages", body: #"{"model":"#), 400),
            (request("POST", "/v1/messages", body: huge), 400),
            (request("POST", "/_mockclaude/faults", body: #"{"latency": "30ms"}"#), 200),
            (request("POST", "/v1/messages", body: messagesBody(stream: false)), 200),  // delayed: the task's
            (request("GET", "/v1/models?limit=&=x&limit=99999999999999999999"), 400),
            (request("GET", "/v1/nowhere"), 404),
            (request("DELETE", "/v1/messages"), 405),
            (request("GET", "/v1/models", close: true), 200),
        ]
        try await withServer(configuration) { server in
            let reply = try await RawHTTP.send(sequence.flatMap(\.bytes), to: server.port)
            // A body with a content-length ends without a line break: the next status line follows it directly.
            let statuses = reply.text.components(separatedBy: "HTTP/1.1 ").dropFirst().compactMap { Int($0.prefix(3)) }
            #expect(statuses == sequence.map(\.status), "\(reply.text.prefix(600))")
            #expect(reply.closedByServer)
            #expect(server.journal.entries.map(\.path).count == sequence.count - 1, "every request but the admin one is journaled")
            try await expectTheHaikuStreams(server)
        }
    }

    /// Shutdown while connections pour in: NIO can drop a connection accepted as the accept loop
    /// ends; that used to trap the process ("Deinited NIOAsyncWriter without calling finish()").
    @Test func shutdownWhileConnectionsArriveEndsThemAll() async throws {
        for _ in 0..<20 {
            var configuration = Self.configuration()
            configuration.scenario = try ScenarioEngine(Scenario("hangs") { Step.fault(.hang) })
            let server = try await MockClaudeServer.start(configuration)
            let port = server.port
            let clients = (0..<32).map { _ in
                Task { try? await RawHTTP.send(RawHTTP.request("POST", "/v1/messages", body: Array(messagesBody(stream: true).utf8)), to: port) }
            }
            await server.shutdown()
            for client in clients {
                // Refused, reset or closed by the server; never left open until the client gives up.
                if let reply = await client.value { #expect(reply.closedByServer) }
            }
        }
    }

    /// A responder (built in code) that sends back what the client sent as response headers,
    /// with fields no head may hold: the head is written field by field into one reservation and
    /// each field checked as it is copied; a bad one is taken back whole, wherever it stands.
    @Test func headersEchoedFromAHostileClientNeverBreakTheHead() async throws {
        let echo = ClosureResponder { request in
            var headers: HTTPHeaderList = [("x-first", "1")]
            for field in request.headers { headers.append("x-echo-" + field.name, field.value) }
            headers.append("bad name", "1")
            headers.append("x-injected", "1\r\nset-cookie: evil=1")
            headers.append("", "empty name")
            headers.append("x-nul", "a\u{0}b")
            headers.append("x-last", "2")
            return ResponsePlan.fixed(status: 200, headers: headers, body: Array("ok".utf8))
        }
        let longValue = String(repeating: "v", count: 60_000)
        try await withServer(Self.configuration(), responder: echo) { server in
            var request = Array("GET /v1/models HTTP/1.1\r\nhost: a\r\nconnection: close\r\nx-utf8: caf\u{E9}\r\n".utf8)
            request += Array("x-obs: ".utf8) + [0xFF, 0xFE, 0x80] + Array("\r\nx-long: \(longValue)\r\n\r\n".utf8)
            let reply = try await RawHTTP.send(request, to: server.port)
            #expect(reply.status == 200)
            let text = reply.text
            #expect(text.contains("\r\nx-first: 1\r\n") && text.contains("\r\nx-last: 2\r\n"))
            #expect(text.contains("\r\nx-echo-x-utf8: caf\u{E9}\r\n"))
            #expect(text.contains("\r\nx-echo-x-long: \(longValue)\r\n"))
            #expect(!text.contains("evil") && !text.contains("bad name") && !text.contains("empty name") && !text.contains("x-nul"))
            #expect(text.hasSuffix("\r\n\r\nok"))
            // obs-text bytes reach the responder as a String (NIO decodes them as UTF-8, each bad
            // byte a U+FFFD) and go back as that String.
            #expect(text.contains("\r\nx-echo-x-obs: \u{FFFD}\u{FFFD}\u{FFFD}\r\n"))
            // The journal keeps the request packed; it gives back what was received.
            let kept = try #require(server.journal.last?.request)
            #expect(kept.headers["x-long"] == longValue)
            #expect(kept.headers["x-utf8"] == "caf\u{E9}")
            #expect(kept.headers["x-obs"] == "\u{FFFD}\u{FFFD}\u{FFFD}")
            #expect(kept.headers.fields.map(\.name) == ["host", "connection", "x-utf8", "x-obs", "x-long"])
            let again = try await AHC.send(server.baseURL, path: "/v1/models", method: .GET)
            #expect(again.status == 200)
        }
    }

    func expectTheHaikuStreams(_ server: MockClaudeServer) async throws {
        let load = try await AHC.send(
            server.baseURL, path: "/_mockclaude/scenario", body: "steps:\n  - cassette: Cassettes/haiku.sse\n",
            headers: [("content-type", "application/yaml")])
        #expect(load.status == 200, "\(String(decoding: load.body, as: UTF8.self))")
        let stream = try await AHC.send(server.baseURL, body: messagesBody(stream: true))
        #expect(stream.status == 200)
        #expect(stream.body == (try Repo.wireBytes(ofFile: Repo.cassettePath("haiku.sse"))))
    }
}
