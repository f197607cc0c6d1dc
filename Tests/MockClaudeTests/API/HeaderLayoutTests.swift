import Testing

@testable import MockClaude

struct HeaderLayoutTests {
    let now = Timestamp(microseconds: 1_764_000_000_500_000)  // 2025-11-24T16:00:00.5Z

    @Test func theStandardSetFillsItsSlotsAndKeepsTheRealAPIsOrder() {
        let headers = StandardHeaders.make(requestID: "req_1", contentType: StandardHeaders.eventStream, now: now)
        #expect(headers.fields.first?.name == "date")
        #expect(headers["date"] == now.httpDate)
        #expect(headers["request-id"] == "req_1")
        #expect(headers["cache-control"] == "no-cache")
        let reset = now.adding(seconds: 60).rfc3339Seconds
        for kind in ["requests", "input-tokens", "output-tokens", "tokens"] {
            #expect(headers["anthropic-ratelimit-\(kind)-reset"] == reset)
        }
        #expect(!headers.fields.contains { $0.value.utf8.first == 0 }, "no slot marker is ever sent")
        #expect(StandardHeaders.make(requestID: "req_1", contentType: StandardHeaders.json, now: now)["cache-control"] == nil)
    }

    @Test func aLaterSecondGetsItsOwnStamps() {
        let layout = StandardHeaders.layout(contentType: StandardHeaders.json)
        let later = now.adding(seconds: 3_600)
        #expect(layout.headers(requestID: "a", now: now)["date"] == now.httpDate)
        #expect(layout.headers(requestID: "b", now: later)["date"] == later.httpDate)
        #expect(layout.headers(requestID: "b", now: now)["date"] == now.httpDate)
    }

    @Test func aFixedValueOverASlotStaysAndTheOtherSlotsStillFill() {
        var layout = StandardHeaders.layout(contentType: StandardHeaders.json)
        layout.set("Request-Id", "req_recorded")
        layout.set("anthropic-ratelimit-tokens-reset", "2020-01-01T00:00:00Z")
        layout.set("x-new", "1")
        let headers = layout.headers(requestID: "req_fresh", now: now)
        #expect(headers.values("request-id") == ["req_recorded"])
        #expect(headers["anthropic-ratelimit-tokens-reset"] == "2020-01-01T00:00:00Z")
        #expect(headers["anthropic-ratelimit-requests-reset"] == now.adding(seconds: 60).rfc3339Seconds)
        #expect(headers["date"] == now.httpDate)
        #expect(headers.fields.last?.name == "x-new")
        // Replaced in place: the field keeps its position in the standard order.
        let standard = StandardHeaders.make(requestID: "x", contentType: StandardHeaders.json, now: now)
        #expect(headers.fields.firstIndex { $0.name.lowercased() == "request-id" } == standard.fields.firstIndex { $0.name == "request-id" })
    }

    @Test func aSetThatRemovesEarlierDuplicatesKeepsSlotsPointingAtTheirFields() {
        var layout = HeaderLayout([
            (name: "x-a", value: "1"), (name: "x-a", value: "2"), (name: "date", value: HeaderLayout.Slot.date.marker),
            (name: "x-a", value: "3"), (name: "request-id", value: HeaderLayout.Slot.requestID.marker),
        ])
        layout.set("x-a", "only")
        let headers = layout.headers(requestID: "req_9", now: now)
        #expect(headers.fields.map(\.name) == ["x-a", "date", "request-id"])
        #expect(headers.fields.map(\.value) == ["only", now.httpDate, "req_9"])
    }

    @Test func theAPIPathFollowsTheTarget() {
        var request = ReceivedRequest(method: "POST", target: "/proxy/v1/messages?beta=true")
        #expect(request.apiPath == "/v1/messages")
        request.target = "/v1/messages/batches/msgbatch_1/results"
        #expect(request.apiPath == "/v1/messages/batches/msgbatch_1/results")
        request.target = "/_mockclaude/journal?x=/v1/"
        #expect(request.apiPath == "/_mockclaude/journal")
        request.target = "/é/v1/models"
        #expect(request.apiPath == "/v1/models")
        #expect(Route(method: "GET", path: request.apiPath) == .models([]))
        #expect(Route(method: "POST", path: "/_mockclaude/reset") == .admin("reset"))
        #expect(Route(method: "POST", path: "/v1/messages/batches/") == .batches([]))
        #expect(Route(method: "POST", path: "/v1/messages/batchesx") == .notFound)
    }
}
