import Foundation
import MockClaude
import Testing

/// The batch endpoints over a socket, on a virtual clock moved through the admin API.
@Suite struct BatchesAPITests {
    static func request(_ id: String, model: String = "claude-haiku-4-5") -> String {
        #"{"custom_id":"\#(id)","params":{"model":"\#(model)","max_tokens":16,"messages":[{"role":"user","content":"hi \#(id)"}]}}"#
    }

    static func body(_ ids: [String]) -> String { #"{"requests":[\#(ids.map { request($0) }.joined(separator: ","))]}"# }

    static func serve<T>(_ scenario: Scenario = Scenario("b") { Step.text("batched") }, _ body: (MockClaudeServer, VirtualClock) async throws -> T) async throws
        -> T
    {
        let clock = VirtualClock(start: Timestamp(microseconds: 1_790_000_000_000_000))
        return try await withServer(.init(scenario: try ScenarioEngine(scenario), clock: clock)) { try await body($0, clock) }
    }

    @Test func createPollAndDownloadResults() async throws {
        try await Self.serve { server, clock in
            let created = try await AHC.send(server.baseURL, path: "/v1/messages/batches", body: Self.body(["a", "b"]))
            #expect(created.status == 200)
            let id = try #require(created.json?["id"]?.stringValue)
            #expect(id.hasPrefix("msgbatch_") && id.count == 33)
            #expect(created.json?["processing_status"] == "in_progress")
            #expect(created.json?["request_counts"]?["processing"] == 2)

            let early = try await AHC.send(server.baseURL, path: "/v1/messages/batches/\(id)/results", method: .GET)
            #expect(early.status == 400)

            let advanced = try await AHC.send(
                server.baseURL, path: "/_mockclaude/clock/advance", body: #"{"seconds": 2}"#, headers: [("content-type", "application/yaml")])
            #expect(advanced.json?["virtual"] == true)
            let ended = try await AHC.send(server.baseURL, path: "/v1/messages/batches/\(id)?beta=true", method: .GET)
            #expect(ended.json?["processing_status"] == "ended")
            #expect(ended.json?["request_counts"]?["succeeded"] == 2)
            let resultsURL = try #require(ended.json?["results_url"]?.stringValue)
            #expect(resultsURL == server.baseURL.absoluteString + "/v1/messages/batches/\(id)/results")
            _ = clock

            let results = try await AHC.send(server.baseURL, path: "/v1/messages/batches/\(id)/results", method: .GET)
            let text = String(decoding: results.body, as: UTF8.self)
            #expect(text.hasSuffix("\n") && !text.contains("\n\n"))
            let lines = text.split(separator: "\n").map { try? JSONValue.parse(String($0)) }
            #expect(lines.map { $0?["custom_id"]?.stringValue } == ["a", "b"])
            #expect(lines[0]?["result"]?["message"]?["content"]?.arrayValue?.first?["text"] == "batched")
            #expect(lines[0]?["result"]?["message"]?["usage"]?["service_tier"] == "batch")
        }
    }

    /// Answers are compiled on every core, a chunk of 4,096 at a time, but the scenario's steps
    /// are taken in request order, and every result is the same on every run and download.
    @Test func stepsGoInRequestOrderAndResultsRepeatExactly() async throws {
        let scenario = Scenario("ordered", seed: 7) {
            Step.text("one")
            Step.text("two")
            Step.text("three")
        }
        let ids = (0..<5000).map { "r\($0)" }
        func results() async throws -> [Substring] {
            try await Self.serve(scenario) { server, clock in
                let created = try await AHC.send(server.baseURL, path: "/v1/messages/batches", body: Self.body(ids))
                let id = try #require(created.json?["id"]?.stringValue)
                clock.advance(seconds: 3600)
                let first = try await AHC.send(server.baseURL, path: "/v1/messages/batches/\(id)/results", method: .GET)
                let again = try await AHC.send(server.baseURL, path: "/v1/messages/batches/\(id)/results", method: .GET)
                #expect(first.body == again.body)
                return String(decoding: first.body, as: UTF8.self).split(separator: "\n")
            }
        }
        let lines = try await results()
        let parsed = lines.map { try? JSONValue.parse(String($0)) }
        #expect(parsed.map { $0?["custom_id"]?.stringValue } == ids)
        let texts = parsed.map { $0?["result"]?["message"]?["content"]?.arrayValue?.first?["text"]?.stringValue }
        #expect(Array(texts.prefix(4)) == ["one", "two", "three", "three"])
        #expect(texts.allSatisfy { $0 != nil })
        let messageIDs = Set(parsed.compactMap { $0?["result"]?["message"]?["id"]?.stringValue })
        #expect(messageIDs.count == ids.count, "every answer has an id of its own")
        #expect(try await results() == lines, "the same scenario and seed give the same results")
    }

    @Test func resultsURLKeepsThePathPrefix() async throws {
        try await Self.serve { server, clock in
            let created = try await AHC.send(server.baseURL, path: "/proxy/v1/messages/batches", body: Self.body(["a"]))
            clock.advance(seconds: 5)
            let id = created.json?["id"]?.stringValue ?? ""
            let batch = try await AHC.send(server.baseURL, path: "/proxy/v1/messages/batches/\(id)", method: .GET)
            #expect(batch.json?["results_url"]?.stringValue == server.baseURL.absoluteString + "/proxy/v1/messages/batches/\(id)/results")
        }
    }

    @Test func invalidParamsBecomeErroredResultsNotA400() async throws {
        try await Self.serve { server, clock in
            let body =
                #"{"requests":[{"custom_id":"ok","params":{"model":"claude-haiku-4-5","max_tokens":5,"messages":[{"role":"user","content":"x"}]}},{"custom_id":"bad","params":{"model":"claude-haiku-4-5","messages":[{"role":"user","content":"x"}]}}]}"#
            let created = try await AHC.send(server.baseURL, path: "/v1/messages/batches", body: body)
            #expect(created.status == 200)
            clock.advance(seconds: 60)
            let id = created.json?["id"]?.stringValue ?? ""
            let results = try await AHC.send(server.baseURL, path: "/v1/messages/batches/\(id)/results", method: .GET)
            let bad = String(decoding: results.body, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
            #expect(
                bad
                    == #"{"custom_id":"bad","result":{"type":"errored","error":{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: Field required"}}}}"#
            )
        }
    }

    static let createErrors: [(String, String)] = [
        ("{}", "requests: Field required"),
        (#"{"requests":{}}"#, "requests: Input should be a valid list"),
        (#"{"requests":[]}"#, "requests: List should have at least 1 item after validation, not 0"),
        (#"{"requests":[1]}"#, "requests.0: Input should be a valid dictionary or object to extract fields from"),
        (#"{"requests":[{"params":{}}]}"#, "requests.0.custom_id: Field required"),
        (
            #"{"requests":[{"custom_id":"\#(String(repeating: "x", count: 65))","params":{}}]}"#,
            "requests.0.custom_id: String should have at most 64 characters"
        ),
        (#"{"requests":[{"custom_id":"has space","params":{}}]}"#, "requests.0.custom_id: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'"),
        (
            #"{"requests":[{"custom_id":"a","params":{}},{"custom_id":"a","params":{}}]}"#,
            "requests.1.custom_id: duplicate custom_id 'a' (also used by requests.0)"
        ),
        (#"{"requests":[{"custom_id":"a"}]}"#, "requests.0.params: Field required"),
        (#"{"requests":[{"custom_id":"a","params":[]}]}"#, "requests.0.params: Input should be a valid dictionary or object to extract fields from"),
    ]

    @Test(arguments: createErrors)
    func createValidatesTheRequestsList(body: String, message: String) async throws {
        let response = try await Self.serve { server, _ in try await AHC.send(server.baseURL, path: "/v1/messages/batches", body: body) }
        #expect(response.status == 400)
        #expect(response.json?["error"]?["type"] == "invalid_request_error")
        #expect(response.json?["error"]?["message"]?.stringValue?.hasPrefix(message) == true, "\(response.json?["error"]?["message"] ?? .null)")
    }

    @Test func moreThan100000RequestsIsRejected() async throws {
        let item = #"{"custom_id":"x","params":{}}"#
        let body = #"{"requests":["# + Array(repeating: item, count: 100_001).joined(separator: ",") + "]}"
        let response = try await Self.serve { server, _ in try await AHC.send(server.baseURL, path: "/v1/messages/batches", body: body) }
        #expect(response.json?["error"]?["message"] == "requests: List should have at most 100000 items after validation, not 100001")
    }

    @Test func batchBodiesHaveTheirOwnLimit() async throws {
        let body = Self.body((0..<200).map { "r\($0)" })
        let statuses = try await withServer(.init(maximumBodySize: 100, maximumBatchBodySize: body.utf8.count)) { server in
            [
                try await AHC.send(server.baseURL, path: "/v1/messages/batches", body: body).status,
                try await AHC.send(server.baseURL, path: "/v1/messages/batches", body: body + " ").status,
            ]
        }
        #expect(statuses == [200, 413])
    }

    @Test func lifecycleErrors() async throws {
        try await Self.serve { server, clock in
            let id = try await AHC.send(server.baseURL, path: "/v1/messages/batches", body: Self.body(["a"])).json?["id"]?.stringValue ?? ""
            let deleteEarly = try await AHC.send(server.baseURL, path: "/v1/messages/batches/\(id)", method: .DELETE)
            #expect(deleteEarly.status == 400)
            clock.advance(seconds: 10)
            let cancelLate = try await AHC.send(server.baseURL, path: "/v1/messages/batches/\(id)/cancel")
            #expect(cancelLate.status == 400)
            let deleted = try await AHC.send(server.baseURL, path: "/v1/messages/batches/\(id)", method: .DELETE)
            #expect(deleted.json == .object(["id": .string(id), "type": "message_batch_deleted"]))
            let gone = try await AHC.send(server.baseURL, path: "/v1/messages/batches/\(id)", method: .GET)
            #expect(gone.status == 404)
            #expect(gone.json?["error"]?["type"] == "not_found_error")
            let unknown = try await AHC.send(server.baseURL, path: "/v1/messages/batches/msgbatch_nope/results", method: .GET)
            #expect(unknown.status == 404)
        }
    }

    @Test func cancelThroughTheAPI() async throws {
        try await Self.serve(Scenario("slow", batches: [BatchScript(processingTime: .seconds(100))]) { Step.text("x") }) { server, clock in
            let id = try await AHC.send(server.baseURL, path: "/v1/messages/batches", body: Self.body(["a", "b", "c", "d"])).json?["id"]?.stringValue ?? ""
            clock.advance(seconds: 60)
            let canceling = try await AHC.send(server.baseURL, path: "/v1/messages/batches/\(id)/cancel")
            #expect(canceling.json?["processing_status"] == "canceling")
            #expect(canceling.json?["cancel_initiated_at"]?.stringValue != nil)
            clock.advance(seconds: 1)
            let ended = try await AHC.send(server.baseURL, path: "/v1/messages/batches/\(id)", method: .GET)
            #expect(ended.json?["request_counts"] == .object(["processing": 0, "succeeded": 2, "errored": 0, "canceled": 2, "expired": 0]))
        }
    }

    @Test func listPaginatesNewestFirstBothWays() async throws {
        try await Self.serve { server, clock in
            var ids: [String] = []
            for index in 0..<5 {
                ids.append(try await AHC.send(server.baseURL, path: "/v1/messages/batches", body: Self.body(["r\(index)"])).json?["id"]?.stringValue ?? "")
                clock.advance(seconds: 1)
            }
            let newestFirst = Array(ids.reversed())
            let first = try await AHC.send(server.baseURL, path: "/v1/messages/batches?limit=2", method: .GET).json
            #expect(first?["data"]?.arrayValue?.map { $0["id"]?.stringValue } == newestFirst.prefix(2).map { $0 })
            #expect(first?["has_more"] == true)
            #expect(first?["first_id"]?.stringValue == newestFirst[0] && first?["last_id"]?.stringValue == newestFirst[1])
            let next = try await AHC.send(server.baseURL, path: "/v1/messages/batches?limit=2&after_id=\(newestFirst[1])", method: .GET).json
            #expect(next?["data"]?.arrayValue?.map { $0["id"]?.stringValue } == newestFirst[2...3].map { $0 })
            let last = try await AHC.send(server.baseURL, path: "/v1/messages/batches?limit=2&after_id=\(newestFirst[3])", method: .GET).json
            #expect(last?["data"]?.arrayValue?.count == 1 && last?["has_more"] == false)
            let back = try await AHC.send(server.baseURL, path: "/v1/messages/batches?limit=2&before_id=\(newestFirst[3])", method: .GET).json
            #expect(back?["data"]?.arrayValue?.map { $0["id"]?.stringValue } == newestFirst[1...2].map { $0 })
            #expect(back?["has_more"] == true)
            let bad = try await AHC.send(server.baseURL, path: "/v1/messages/batches?limit=1001", method: .GET)
            #expect(bad.status == 400)
            #expect(bad.json?["error"]?["message"] == "limit: Input should be less than or equal to 1000")
        }
    }

    @Test func theRealClockIsNotMovable() async throws {
        let response = try await withServer { server in
            try await AHC.send(server.baseURL, path: "/_mockclaude/clock/advance", body: #"{"seconds": 5}"#, headers: [("content-type", "application/yaml")])
        }
        #expect(response.status == 400)
    }
}
