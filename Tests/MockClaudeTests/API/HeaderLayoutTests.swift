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

    /// Headers from a layout are checked once, when laid out, and written without checking each
    /// byte again; a field added later that cannot be sent must still be left out of the head.
    @Test func headersFromALayoutAreWrittenUncheckedOnlyWhileEveryFieldIsSendable() {
        let layout = StandardHeaders.layout(contentType: StandardHeaders.json)
        var headers = layout.headers(requestID: "req_1", now: now)
        #expect(headers.allSendable)
        headers.set("retry-after", "3")
        headers.append("x-fine", "yes")
        #expect(headers.allSendable)
        var written = String(decoding: HTTPResponseHead.bytes(for: ResponsePlan(status: 200, headers: headers), keepAlive: true), as: UTF8.self)
        #expect(written.contains("\r\nretry-after: 3\r\nx-fine: yes\r\n"))
        for (name, value) in [("x-evil", "1\r\nset-cookie: a"), ("bad name", "1"), ("x-nul", "a\u{0}b")] {
            var bad = headers
            bad.append(name, value)
            #expect(!bad.allSendable, "\(name) is not sendable")
            written = String(decoding: HTTPResponseHead.bytes(for: ResponsePlan(status: 200, headers: bad), keepAlive: true), as: UTF8.self)
            #expect(!written.contains(name) && !written.contains("set-cookie"), "the writer left \(name) out")
            #expect(written.hasSuffix("connection: keep-alive\r\n\r\n"))
        }
        // A request id that cannot be sent (a cassette's, say) makes the list checked per byte.
        #expect(!layout.headers(requestID: "req\r\nx: 1", now: now).allSendable)
        // A layout with a field that cannot be sent never vouches for its lists.
        let broken = HeaderLayout([(name: "x-a", value: "1\n2"), (name: "date", value: HeaderLayout.Slot.date.marker)])
        #expect(!broken.headers(requestID: "r", now: now).allSendable)
        let brokenHead = HTTPResponseHead.bytes(for: ResponsePlan(status: 200, headers: broken.headers(requestID: "r", now: now)), keepAlive: true)
        #expect(!String(decoding: brokenHead, as: UTF8.self).contains("x-a"))
        #expect(!HTTPHeaderList([("a", "b")]).allSendable, "a list built in code is checked as it is written")
    }

    /// A layout's fields are written out once and copied around the values that change: the
    /// head must be byte for byte what writing each field in turn gives, and any change to the
    /// list must show in the head.
    @Test func aHeadFromTheLayoutsRenderingIsTheHeadOfItsFields() {
        var recorded = StandardHeaders.layout(contentType: StandardHeaders.eventStream)
        recorded.set("Request-Id", "req_recorded")
        recorded.set("x-extra", "1")
        let writerOwned = HeaderLayout([
            (name: "content-length", value: "99"), (name: "date", value: HeaderLayout.Slot.date.marker), (name: "Connection", value: "close"),
            (name: "request-id", value: HeaderLayout.Slot.requestID.marker),
        ])
        let noSlots = HeaderLayout([(name: "x-a", value: "1"), (name: "x-b", value: "2")])
        for layout in [StandardHeaders.layout(contentType: StandardHeaders.json), recorded, writerOwned, noSlots] {
            let headers = layout.headers(requestID: "req_1", now: now)
            #expect(headers.rendering != nil)
            for framing in [ResponsePlan.Framing.chunked, .contentLength(12)] {
                let rendered = HTTPResponseHead.bytes(for: ResponsePlan(status: 200, headers: headers, framing: framing), keepAlive: true)
                let fieldByField = HTTPResponseHead.bytes(
                    for: ResponsePlan(status: 200, headers: HTTPHeaderList(headers.fields), framing: framing), keepAlive: true)
                #expect(String(decoding: rendered, as: UTF8.self) == String(decoding: fieldByField, as: UTF8.self))
            }
            var changed = headers
            changed.set("date", "changed")
            #expect(changed.rendering == nil)
            let head = String(decoding: HTTPResponseHead.bytes(for: ResponsePlan(status: 200, headers: changed), keepAlive: true), as: UTF8.self)
            #expect(head.contains("\r\ndate: changed\r\n"))
            var removed = headers
            removed.remove("x-a")
            #expect(removed.rendering == nil)
        }
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
