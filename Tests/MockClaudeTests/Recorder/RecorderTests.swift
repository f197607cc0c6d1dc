import AsyncHTTPClient
import Foundation
import Logging
import MockClaude
import MockClaudeRecorder
import Testing

/// Record through the proxy from a mock upstream, then replay what was recorded.
@Suite struct RecorderTests {
    static let secret = "sk-ant-" + "test-DO-NOT-WRITE-0123456789abcdef"  // split so no key-shaped text is committed

    static func folder() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rec-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs `body` with an upstream mock, a recording proxy in front of it, and the session.
    static func recording<T>(
        _ upstreamConfiguration: MockClaudeServer.Configuration, redactor: Redactor = Redactor(), mode replay: MockClaudeAPI? = nil,
        directory: String = folder(), _ body: (_ upstream: MockClaudeServer, _ proxy: MockClaudeServer, _ session: RecordingSession) async throws -> T
    ) async throws -> T {
        try await withServer(upstreamConfiguration) { upstream in
            let session = RecordingSession(directory: directory, name: "session", upstream: upstream.baseURL.absoluteString, continuing: replay != nil)
            let proxy = RecordingProxy(
                upstream: upstream.baseURL.absoluteString, session: session, redactor: redactor, apiKey: nil,
                client: .shared, replay: replay, logger: Logger.mockClaude())
            return try await withServer(.init(), responder: proxy) { proxyServer in
                try await body(upstream, proxyServer, session)
            }
        }
    }

    static let secretHeaders = [("x-api-key", secret), ("anthropic-version", "2023-06-01"), ("content-type", "application/json")]

    /// Waits until the session scenario lists `count` cassettes (it is written after the body ends).
    static func replayEngine(_ session: RecordingSession, cassettes count: Int) async throws -> ScenarioEngine {
        // A deadline, not a pace: the file appears as soon as the recorder has written it (slow
        // under ThreadSanitizer, so the deadline is generous).
        let deadline = ContinuousClock.now + .seconds(15)
        while ContinuousClock.now < deadline {
            if let scenario = try? ScenarioLoader.load(path: session.scenarioPath),
                scenario.rules.reduce(0, { $0 + $1.steps.count }) >= count
            {
                return try ScenarioEngine(scenario)
            }
            try await Task.sleep(for: .milliseconds(10))  // polling a file the recorder writes after the response ends
        }
        throw SourceProblems([SourceProblem(file: session.scenarioPath, line: 0, message: "session scenario never listed \(count) cassettes")])
    }

    @Test(arguments: ["haiku.sse", "tool_use.sse", "thinking.sse"])
    func streamsRoundTripByteForByte(name: String) async throws {
        let original = try Repo.cassette(name)
        let (proxied, replayed, recorded) = try await Self.recording(.init(cassettes: [original], timing: .speed(2))) { _, proxy, session in
            let proxied = try await AHC.send(proxy.baseURL, body: messagesBody(stream: true), headers: Self.secretHeaders)
            let engine = try await Self.replayEngine(session, cassettes: 1)
            let replayed = try await withServer(.init(scenario: engine, timing: .instant)) { replay in
                try await AHC.send(replay.baseURL, body: messagesBody(stream: true))
            }
            let file = try #require(
                engine.scenario.rules.first.flatMap { rule -> String? in
                    if case .cassette(let path) = rule.steps.first?.answer { return path } else { return nil }
                })
            return (proxied, replayed, try Cassette.load(path: URL(fileURLWithPath: session.directory).appendingPathComponent(file).path))
        }
        #expect(proxied.body == original.bodyBytes)
        #expect(replayed.body == original.bodyBytes)
        #expect(replayed.header("request-id") == original.headers["request-id"])
        // One delay per event, and the stream's pace kept: this process runs many tests at once,
        // so single readings can be late by hundreds of milliseconds; the tight per-event check
        // runs in Tests/Interop/test_recorder.py, where nothing else competes.
        let expected = original.retimed(.speed(2)).events.map(\.delay)
        let delays = recorded.events.map(\.delay)
        #expect(delays.count == expected.count)
        #expect(delays.allSatisfy { $0 >= .zero })
        #expect(delays.reduce(Duration.zero, +) >= expected.reduce(Duration.zero, +) / 2)
    }

    @Test func aJSONAnswerAndAnErrorRoundTrip() async throws {
        let scenario = Scenario("mixed", timing: .instant) {
            Step.cassette(Repo.cassettePath("tool_use.sse"))
            Step.fault(.rateLimited(retryAfter: 2))
        }
        try await Self.recording(.init(scenario: try ScenarioEngine(scenario))) { _, proxy, session in
            let ok = try await AHC.send(proxy.baseURL, body: messagesBody(stream: false), headers: Self.secretHeaders)
            let limited = try await AHC.send(proxy.baseURL, body: messagesBody(stream: false), headers: Self.secretHeaders)
            #expect(ok.status == 200 && limited.status == 429)
            let engine = try await Self.replayEngine(session, cassettes: 2)
            try await withServer(.init(scenario: engine)) { replay in
                let again = try await AHC.send(replay.baseURL, body: messagesBody(stream: false))
                let limitedAgain = try await AHC.send(replay.baseURL, body: messagesBody(stream: false))
                #expect(again.body == ok.body)
                #expect(limitedAgain.status == 429)
                #expect(limitedAgain.body == limited.body)
                #expect(limitedAgain.header("retry-after") == "2")
            }
        }
    }

    @Test func aShortBatchFlowRoundTripsWithLinksPointingAtTheMock() async throws {
        let clock = VirtualClock(start: Timestamp(microseconds: 1_790_000_000_000_000))
        let upstreamConfiguration = MockClaudeServer.Configuration(scenario: try ScenarioEngine(Scenario("b") { Step.text("batched") }), clock: clock)
        let create = #"{"requests":[{"custom_id":"a","params":{"model":"claude-haiku-4-5","max_tokens":16,"messages":[{"role":"user","content":"hi"}]}}]}"#
        try await Self.recording(upstreamConfiguration) { _, proxy, session in
            let created = try await AHC.send(proxy.baseURL, path: "/v1/messages/batches", body: create, headers: Self.secretHeaders)
            let id = try #require(created.json?["id"]?.stringValue)
            let pending = try await AHC.send(proxy.baseURL, path: "/v1/messages/batches/\(id)", method: .GET, headers: Self.secretHeaders)
            clock.advance(seconds: 5)
            let ended = try await AHC.send(proxy.baseURL, path: "/v1/messages/batches/\(id)", method: .GET, headers: Self.secretHeaders)
            let resultsURL = try #require(ended.json?["results_url"]?.stringValue)
            #expect(resultsURL.hasPrefix(proxy.baseURL.absoluteString))  // through the recorder, not around it
            let results = try await AHC.send(URL(string: resultsURL)!, path: "", method: .GET, headers: Self.secretHeaders)
            #expect(String(decoding: results.body, as: UTF8.self).contains(#""custom_id":"a""#))

            let engine = try await Self.replayEngine(session, cassettes: 4)
            try await withServer(.init(scenario: engine)) { replay in
                let created2 = try await AHC.send(replay.baseURL, path: "/v1/messages/batches", body: create)
                #expect(created2.body == created.body)
                let pending2 = try await AHC.send(replay.baseURL, path: "/v1/messages/batches/\(id)", method: .GET)
                #expect(pending2.json?["processing_status"] == pending.json?["processing_status"])
                let ended2 = try await AHC.send(replay.baseURL, path: "/v1/messages/batches/\(id)", method: .GET)
                let replayedURL = try #require(ended2.json?["results_url"]?.stringValue)
                #expect(replayedURL == replay.baseURL.absoluteString + "/v1/messages/batches/\(id)/results")
                let results2 = try await AHC.send(URL(string: replayedURL)!, path: "", method: .GET)
                #expect(results2.body == results.body)
            }
        }
    }

    @Test func noSecretReachesDisk() async throws {
        let directory = Self.folder()
        let redactor = Redactor(extraHeaders: ["x-custom-token"], jsonPaths: ["metadata.user_id"])
        let body =
            #"{"model":"claude-haiku-4-5","max_tokens":16,"stream":true,"metadata":{"user_id":"user-SECRET-77"},"messages":[{"role":"user","content":"hi"}]}"#
        try await Self.recording(.init(cassettes: [try Repo.cassette("haiku.sse")], timing: .instant), redactor: redactor, directory: directory) {
            _, proxy, session in
            _ = try await AHC.send(proxy.baseURL, body: body, headers: Self.secretHeaders + [("cookie", "session=SECRETCOOKIE")])
            _ = try await AHC.send(
                proxy.baseURL, body: messagesBody(stream: false),
                headers: [("authorization", "Bearer \(Self.secret)"), ("anthropic-version", "2023-06-01"), ("x-custom-token", "tok-SECRET")])
            _ = try await Self.replayEngine(session, cassettes: 2)
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(files.count == 3)
        for file in files {
            let text = try String(contentsOfFile: URL(fileURLWithPath: directory).appendingPathComponent(file).path, encoding: .utf8)
            for secret in [Self.secret, StandardHeaders.organizationID, "SECRETCOOKIE", "tok-SECRET", "user-SECRET-77"] {
                #expect(!text.contains(secret), "\(file) holds \(secret)")
            }
        }
    }

    @Test func anUnreachableUpstreamIs502AndWritesNothing() async throws {
        let directory = Self.folder()
        let session = RecordingSession(directory: directory, name: "session", upstream: "http://127.0.0.1:1", continuing: false)
        let client = RecordingProxy.makeUpstreamClient()
        let proxy = RecordingProxy(
            upstream: "http://127.0.0.1:1", session: session, redactor: Redactor(), apiKey: nil, client: client, logger: Logger.mockClaude())
        let response = try await withServer(.init(), responder: proxy) { server in
            try await AHC.send(server.baseURL, body: messagesBody(stream: true))
        }
        try await client.shutdown()
        #expect(response.status == 502)
        #expect(response.json?["error"]?["type"] == "mockclaude_upstream_error")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    @Test func anUpstreamCutIsRecordedAsInterruptedAndReplaysTheSameCut() async throws {
        let scenario = Scenario("cut", timing: .instant) { Step.cassette(Repo.cassettePath("haiku.sse")).faults(.disconnect(.events(5))) }
        let original = try Repo.cassette("haiku.sse")
        try await Self.recording(.init(scenario: try ScenarioEngine(scenario))) { _, proxy, session in
            await #expect(throws: (any Error).self) {
                _ = try await AHC.send(proxy.baseURL, body: messagesBody(stream: true), headers: Self.secretHeaders)
            }
            let engine = try await Self.replayEngine(session, cassettes: 1)
            guard case .cassette(let file) = engine.scenario.rules[0].steps[0].answer else { return }
            let recorded = try Cassette.load(path: URL(fileURLWithPath: session.directory).appendingPathComponent(file).path)
            #expect(recorded.interrupted)
            // What the upstream sent before the cut, or a prefix of it: when the connection
            // fails, the HTTP client may drop body parts it had not handed over yet, and the
            // recording holds exactly what the proxy's own client was sent.
            #expect(original.events.prefix(5).flatMap(\.bytes).starts(with: recorded.bodyBytes))
            #expect(recorded.events.count <= 5)
            let replay = try await withServer(.init(scenario: engine)) { replay in
                try await Curl.run(FaultWireTests.curlArguments(replay))
            }
            #expect(replay.exitCode == 18)  // cut again, after the same five events
            #expect(Array(replay.stdout.utf8) == recorded.bodyBytes)
        }
    }

    @Test func aClientThatLeavesMidStreamLeavesAnInterruptedCassette() async throws {
        try await Self.recording(.init(cassettes: [try Repo.cassette("haiku.sse")])) { _, proxy, session in
            // The haiku takes about 0.6 s at its recorded pace; the client leaves after its first
            // kilobyte (the head and a few events).
            let request = RawHTTP.request("POST", "/v1/messages", headers: Self.secretHeaders, body: Array(messagesBody(stream: true).utf8))
            let reply = try await RawHTTP.send(request, to: proxy.port, leavingAfter: 1024)
            #expect(!reply.closedByServer)
            let engine = try await Self.replayEngine(session, cassettes: 1)
            guard case .cassette(let file) = engine.scenario.rules[0].steps[0].answer else { return }
            let recorded = try Cassette.load(path: URL(fileURLWithPath: session.directory).appendingPathComponent(file).path)
            #expect(recorded.interrupted)
            #expect(recorded.events.count < 12)
            #expect(recorded.events.count >= 1)
        }
    }

    @Test func newEpisodesReplaysWhatWasRecordedAndRecordsTheRest() async throws {
        let directory = Self.folder()
        try await Self.recording(.init(cassettes: [try Repo.cassette("haiku.sse")], timing: .instant), directory: directory) { _, proxy, session in
            _ = try await AHC.send(proxy.baseURL, body: messagesBody(stream: true), headers: Self.secretHeaders)
            _ = try await Self.replayEngine(session, cassettes: 1)
        }
        let replay = MockClaudeAPI(
            engine: try ScenarioEngine(ScenarioLoader.load(path: URL(fileURLWithPath: directory).appendingPathComponent("session.yaml").path)))
        try await Self.recording(.init(cassettes: [try Repo.cassette("tool_use.sse")], timing: .instant), mode: replay, directory: directory) {
            upstream, proxy, session in
            let known = try await AHC.send(proxy.baseURL, body: messagesBody(stream: true), headers: Self.secretHeaders)
            #expect(String(decoding: known.body, as: UTF8.self).contains("Silent"))  // replayed, not the new upstream's tool_use
            #expect(upstream.journal.count == 0)
            let new = try await AHC.send(proxy.baseURL, body: messagesBody(stream: false), headers: Self.secretHeaders)
            #expect(new.json?["stop_reason"] == "tool_use")
            #expect(upstream.journal.count == 1)
            let engine = try await Self.replayEngine(session, cassettes: 2)
            #expect(engine.scenario.rules.count == 2)
        }
    }

    static func ask(_ prompt: String, stream: Bool = true, extra: String = "") -> String {
        #"{"model":"claude-haiku-4-5","max_tokens":256,"stream":\#(stream),\#(extra)"messages":[{"role":"user","content":"\#(prompt)"}]}"#
    }

    /// Records `prompts` through the proxy (one answer each, in order) into a fresh folder.
    static func record(_ prompts: [String], answers: [Step] = [Step.text("first"), Step.text("second"), Step.text("third")]) async throws -> String {
        let directory = Self.folder()
        let upstream = try ScenarioEngine(Scenario(name: "answers", rules: [Rule(steps: answers)], timing: .instant))
        try await Self.recording(.init(scenario: upstream), directory: directory) { _, proxy, session in
            for prompt in prompts { _ = try await AHC.send(proxy.baseURL, body: Self.ask(prompt, stream: false), headers: Self.secretHeaders) }
            _ = try await Self.replayEngine(session, cassettes: prompts.count)
        }
        return directory
    }

    static func replay(_ directory: String) throws -> ScenarioEngine {
        try ScenarioEngine(ScenarioLoader.load(path: URL(fileURLWithPath: directory).appendingPathComponent("session.yaml").path))
    }

    @Test func aRequestNeverRecordedGetsTheNearMissNotAnotherAnswer() async throws {
        let directory = try await Self.record(["Write a haiku", "Name a colour"])
        try await withServer(.init(scenario: try Self.replay(directory), timing: .instant)) { mock in
            let recorded = try await AHC.send(mock.baseURL, body: Self.ask("Name a colour", stream: false))
            #expect(recorded.json?["content"]?.arrayValue?.first?["text"] == "second")
            let new = try await AHC.send(mock.baseURL, body: Self.ask("Write a limerick", stream: false))
            #expect(new.status == 418)
            #expect(new.header("x-mockclaude-error") == "mockclaude_no_match")
            let message = new.json?["error"]?["message"]?.stringValue ?? ""
            #expect(message.contains("body.messages: expected [{\"content\":\"Write a haiku\""), "\(message)")
            #expect(message.contains("got [{\"content\":\"Write a limerick\""), "\(message)")
            #expect(message.contains("record it with: mockclaude record --mode new_episodes"), "\(message)")
        }
    }

    @Test func keyOrderWhitespaceAndTheUserIDDoNotMatterTheRestDoes() async throws {
        let directory = try await Self.record(["Write a haiku"])
        try await withServer(.init(scenario: try Self.replay(directory), timing: .instant)) { mock in
            let reordered =
                #"{ "messages": [{"content": "Write a haiku", "role": "user"}], "stream": false,"#
                + #" "metadata": {"user_id": "someone-else"}, "max_tokens": 256, "model": "claude-haiku-4-5" }"#
            let same = try await AHC.send(mock.baseURL, body: reordered)
            #expect(same.status == 200)
            let hotter = Self.ask("Write a haiku", stream: false, extra: #""temperature":0.9,"#)
            let different = try await AHC.send(mock.baseURL, body: hotter)
            #expect(different.status == 418, "a field the recording did not send is a different request")
        }
    }

    @Test func theSameRequestRecordedTwiceReplaysItsAnswersInOrder() async throws {
        let directory = try await Self.record(["Again?", "Again?"])
        let engine = try Self.replay(directory)
        #expect(engine.scenario.rules.count == 1)
        try await withServer(.init(scenario: engine, timing: .instant)) { mock in
            var texts: [JSONValue?] = []
            for _ in 0..<2 {
                let reply = try await AHC.send(mock.baseURL, body: Self.ask("Again?", stream: false))
                texts.append(reply.json?["content"]?.arrayValue?.first?["text"])
            }
            #expect(texts == ["first", "second"])
        }
    }

    @Test func newEpisodesForwardsANewQuestionToTheSameModel() async throws {
        let directory = try await Self.record(["Write a haiku"])
        let replay = MockClaudeAPI(engine: try Self.replay(directory))
        let upstreamScenario = try ScenarioEngine(Scenario("new", timing: .instant) { Step.text("fresh") })
        try await Self.recording(.init(scenario: upstreamScenario), mode: replay, directory: directory) { upstream, proxy, session in
            let old = try await AHC.send(proxy.baseURL, body: Self.ask("Write a haiku", stream: false), headers: Self.secretHeaders)
            #expect(old.json?["content"]?.arrayValue?.first?["text"] == "first")
            #expect(upstream.journal.count == 0)
            let new = try await AHC.send(proxy.baseURL, body: Self.ask("Write a limerick", stream: false), headers: Self.secretHeaders)
            #expect(new.json?["content"]?.arrayValue?.first?["text"] == "fresh")
            #expect(upstream.journal.count == 1, "a new question is forwarded even though model and stream are the same")
            #expect(try await Self.replayEngine(session, cassettes: 2).scenario.rules.count == 2)
        }
    }

    @Test func matchingOnFewerPartsComparesOnlyThose() {
        let recorded = ReceivedRequest(method: "POST", target: "/v1/messages", body: Array(Self.ask("hi", extra: #""temperature":0.2,"#).utf8))
        let match = MatchOn.match(for: recorded, on: [.messages, .model], ignoring: [])
        let warmer = ReceivedRequest(method: "POST", target: "/v1/messages", body: Array(Self.ask("hi", extra: #""temperature":0.9,"#).utf8))
        let other = ReceivedRequest(method: "POST", target: "/v1/messages", body: Array(Self.ask("bye").utf8))
        func body(_ request: ReceivedRequest) -> JSONObject? { (try? JSONValue.parse(request.body))?.objectValue }
        #expect(match.mismatches(warmer, body: body(warmer)).isEmpty)
        #expect(match.mismatches(other, body: body(other)).map(\.field) == ["json messages"])
        let last = MatchOn.match(for: recorded, on: [.lastUserMessage], ignoring: [])
        #expect(last.json.map(\.path) == ["messages.-1"])
    }

    @Test func theSessionFileNamesNoFolderOfTheRecordingMachine() throws {
        let inside = FileManager.default.currentDirectoryPath + "/Cassettes/recorded/session.yaml"
        #expect(RecordingSession.relative(inside) == "Cassettes/recorded/session.yaml")
        let yaml = RecordingSession.yaml(
            name: "s", upstream: "https://api.anthropic.com", scenarioPath: RecordingSession.relative(inside),
            directory: FileManager.default.currentDirectoryPath + "/Cassettes/recorded", rules: [])
        #expect(!yaml.contains(FileManager.default.currentDirectoryPath))
        #expect(yaml.contains("--out Cassettes/recorded --session s --match-on body"))
    }
}
