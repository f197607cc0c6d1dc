import MockClaude
import Testing

@Suite struct AdminAPITests {
    static let admin = [("content-type", "application/json")]

    @Test func journalListsRequestsAndUnusedSteps() async throws {
        let scenario = Scenario("two") {
            Step.text("one")
            Step.text("two")
        }
        let journal = try await withServer(.init(scenario: try ScenarioEngine(scenario))) { server in
            _ = try await AHC.send(server.baseURL, body: messagesBody(stream: false))
            return try await AHC.send(server.baseURL, path: "/_mockclaude/journal", method: .GET, headers: [])
        }
        #expect(journal.status == 200)
        let requests = journal.json?["requests"]?.arrayValue ?? []
        #expect(requests.count == 1)  // the admin request itself is not journaled
        #expect(requests.first?["path"] == "/v1/messages")
        #expect(requests.first?["body"]?["model"] == "claude-haiku-4-5")
        #expect(requests.first?["headers"]?["x-api-key"] == "test-key")
        #expect(requests.first?["ending"] == "finished")
        #expect(journal.json?["unused_steps"]?.arrayValue?.count == 1)
    }

    @Test func resetStartsTheScenarioOverAndEmptiesTheJournal() async throws {
        let scenario = Scenario("two") {
            Step.text("one")
            Step.text("two")
        }
        let texts = try await withServer(.init(scenario: try ScenarioEngine(scenario))) { server in
            let first = try await AHC.send(server.baseURL, body: messagesBody(stream: false))
            let reset = try await AHC.send(server.baseURL, path: "/_mockclaude/reset", headers: [])
            #expect(reset.status == 200)
            #expect(server.journal.count == 0)
            let again = try await AHC.send(server.baseURL, body: messagesBody(stream: false))
            return [first, again].map { $0.json?["content"]?.arrayValue?.first?["text"]?.stringValue }
        }
        #expect(texts == ["one", "one"])
    }

    @Test func aPostedScenarioReplacesTheScript() async throws {
        let result = try await withServer(.init(timing: .instant)) { server in
            let load = try await AHC.send(
                server.baseURL, path: "/_mockclaude/scenario", body: "steps:\n  - error: overloaded_error\n", headers: [("content-type", "application/yaml")])
            let answer = try await AHC.send(server.baseURL, body: messagesBody(stream: false))
            let bad = try await AHC.send(
                server.baseURL, path: "/_mockclaude/scenario", body: "steps:\n  - eror: x\n", headers: [("content-type", "application/yaml")])
            return (load.status, answer.status, bad)
        }
        #expect(result.0 == 200)
        #expect(result.1 == 529)
        #expect(result.2.status == 400)
        #expect(result.2.json?["error"]?["type"] == "mockclaude_admin_error")
        #expect(result.2.json?["error"]?["message"]?.stringValue?.contains("unknown step key 'eror' (fix: did you mean 'error'?") == true)
    }

    @Test func aQueuedFaultHitsTheNextAnswerOnly() async throws {
        let statuses = try await withServer(.init(timing: .instant)) { server in
            let queued = try await AHC.send(
                server.baseURL, path: "/_mockclaude/faults", body: #"{"overloaded": 503}"#, headers: [("content-type", "application/yaml")])
            #expect(queued.json?["queued"] == 1)
            return [
                try await AHC.send(server.baseURL, body: messagesBody(stream: false)).status,
                try await AHC.send(server.baseURL, body: messagesBody(stream: false)).status,
            ]
        }
        #expect(statuses == [503, 200])
    }

    @Test func unknownAdminRequestsSaySo() async throws {
        let response = try await withServer { server in
            try await AHC.send(server.baseURL, path: "/_mockclaude/nothing", method: .GET, headers: [])
        }
        #expect(response.status == 404)
        #expect(response.json?["type"] == "error")
        #expect(response.json?["error"]?["message"]?.stringValue?.contains("known: GET journal") == true)
    }
}
