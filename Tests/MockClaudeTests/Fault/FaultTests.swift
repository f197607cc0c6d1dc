import MockClaude
import Testing

/// Every fault as a pure plan transformation, no socket.
@Suite struct FaultTests {
    static let context = FaultContext(requestID: "req_fault", now: Timestamp(microseconds: 1_800_000_000_000_000))

    static func stream() throws -> ResponsePlan {
        try Repo.cassette("haiku.sse").streamPlan(requestID: "req_stream", now: context.now)
    }

    static func json() throws -> ResponsePlan {
        try Repo.cassette("haiku.sse").messagePlan(requestID: "req_json", now: context.now)
    }

    @Test func rateLimitedIs429WithRetryHeadersAndNothingRemaining() throws {
        let plan = Fault.rateLimited(retryAfter: 1, retryAfterMilliseconds: 1500).apply(to: try Self.stream(), context: Self.context)
        #expect(plan.status == 429)
        #expect(plan.headers["retry-after"] == "1")
        #expect(plan.headers["retry-after-ms"] == "1500")
        #expect(plan.headers["anthropic-ratelimit-requests-remaining"] == "0")
        #expect(plan.headers["anthropic-ratelimit-tokens-remaining"] == "0")
        #expect(plan.headers["anthropic-ratelimit-requests-reset"] == Self.context.now.adding(seconds: 1).rfc3339Seconds)
        #expect(plan.headers["request-id"] == "req_fault")
        let body = try JSONValue.parse(plan.bodyBytes)
        #expect(body["error"]?["type"] == "rate_limit_error")
        #expect(body["request_id"] == "req_fault")
    }

    @Test(arguments: [(529, "overloaded_error"), (500, "api_error"), (503, "api_error"), (504, "timeout_error")])
    func overloadedHasTheStatusAndType(status: Int, type: String) throws {
        let plan = Fault.overloaded(status: status).apply(to: try Self.stream(), context: Self.context)
        #expect(plan.status == status)
        #expect(try JSONValue.parse(plan.bodyBytes)["error"]?["type"] == .string(type))
    }

    @Test func shouldRetrySetsTheHeaderOnAnyAnswer() throws {
        #expect(Fault.shouldRetry(false).apply(to: try Self.stream(), context: Self.context).headers["x-should-retry"] == "false")
    }

    @Test func disconnectResetAndStallCutAndSetTheEnding() throws {
        let original = try Self.stream()
        for (fault, ending) in [(Fault.disconnect(.events(5)), ResponsePlan.Ending.close), (.reset(.events(5)), .reset), (.stall(.events(5)), .stall)] {
            let plan = fault.apply(to: original, context: Self.context)
            #expect(plan.parts == Array(original.parts.prefix(5)))
            #expect(plan.ending == ending)
            #expect(plan.framing == original.framing)
        }
    }

    @Test func cutByBytesSplitsAPartAndKeepsThePromisedLength() throws {
        let original = try Self.json()
        let plan = Fault.disconnect(.bytes(100)).apply(to: original, context: Self.context)
        #expect(plan.bodyBytes == Array(original.bodyBytes.prefix(100)))
        #expect(plan.framing == original.framing)
        let half = Fault.disconnect(.half).apply(to: original, context: Self.context)
        #expect(half.bodyBytes.count == original.bodyBytes.count / 2)
        let stream = try Self.stream()
        #expect(Fault.stall(.half).apply(to: stream, context: Self.context).parts.count == stream.parts.count / 2)
    }

    @Test func errorEventReplacesTheRestOfTheStream() throws {
        let original = try Self.stream()
        let plan = Fault.errorEvent(at: 4, type: "overloaded_error", message: nil).apply(to: original, context: Self.context)
        #expect(plan.parts.count == 5)
        #expect(
            String(decoding: plan.parts[4].bytes, as: UTF8.self)
                == "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n")
        #expect(plan.ending == .finish)
    }

    @Test func errorEventOnAJSONAnswerIsTheErrorStatus() throws {
        let plan = Fault.errorEvent(at: 2, type: "api_error", message: "boom").apply(to: try Self.json(), context: Self.context)
        #expect(plan.status == 500)
        #expect(try JSONValue.parse(plan.bodyBytes)["error"]?["message"] == "boom")
    }

    @Test func truncateDropsMessageStopAndEndsCleanly() throws {
        let original = try Self.stream()
        let plan = Fault.truncate(keepEvents: nil).apply(to: original, context: Self.context)
        #expect(plan.parts == Array(original.parts.dropLast()))
        #expect(!String(decoding: plan.bodyBytes, as: UTF8.self).contains("message_stop"))
        #expect(plan.ending == .finish)
        #expect(Fault.truncate(keepEvents: 3).apply(to: original, context: Self.context).parts.count == 3)
    }

    @Test func malformedEventBreaksTheJSON() throws {
        let plan = Fault.malformedEvent(3).apply(to: try Self.stream(), context: Self.context)
        let text = String(decoding: plan.parts[3].bytes, as: UTF8.self)
        let data = text.split(separator: "\n").first { $0.hasPrefix("data: ") }.map { String($0.dropFirst(6)) } ?? ""
        #expect(throws: JSONParseError.self) { try JSONValue.parse(data) }
        #expect(text.hasSuffix("\n\n"))
    }

    @Test func malformedChunkAddsARawBrokenChunkAndCloses() throws {
        let plan = Fault.malformedChunk(afterEvents: 2).apply(to: try Self.stream(), context: Self.context)
        #expect(plan.parts.count == 3)
        #expect(plan.parts[2].raw)
        #expect(plan.ending == .close)
    }

    @Test func dripResendsTheSameBytesInSmallTimedParts() throws {
        let original = try Self.stream()
        let plan = Fault.drip(bytes: 16, every: .milliseconds(20)).apply(to: original, context: Self.context)
        #expect(plan.bodyBytes == original.bodyBytes)
        #expect(plan.parts.allSatisfy { $0.bytes.count <= 16 })
        #expect(plan.parts.count == (original.bodyBytes.count + 15) / 16)
        #expect(plan.parts.dropFirst().allSatisfy { $0.delay == .milliseconds(20) })
    }

    @Test func latencyDelaysTheHead() throws {
        #expect(
            Fault.latency(.seconds(2)).apply(to: try Self.json(), context: Self.context).delayBeforeHead
                == (try Self.json()).delayBeforeHead + .seconds(2))
    }

    @Test func hangSendsNothing() throws {
        let plan = Fault.hang.apply(to: try Self.stream(), context: Self.context)
        #expect(!plan.sendsHead && plan.parts.isEmpty && plan.ending == .stall)
    }

    @Test func faultsCompose() throws {
        let original = try Self.stream()
        let plan = [Fault.latency(.seconds(1)), .shouldRetry(false), .disconnect(.events(3))]
            .reduce(original) { $1.apply(to: $0, context: Self.context) }
        #expect(plan.delayBeforeHead == original.delayBeforeHead + .seconds(1))
        #expect(plan.headers["x-should-retry"] == "false")
        #expect(plan.parts.count == 3 && plan.ending == .close)
    }
}
