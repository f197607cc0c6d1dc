/// What every replay of one cassette at one timing shares: the retimed cassette, the plan parts
/// its stream sends and its output tokens. Only the head (request id, date) differs per request.
///
/// ``ScenarioEngine`` keeps one per cassette and timing when the scenario has no jitter, so a
/// replayed stream is not retimed, copied and scanned again for every request; a class, so that
/// handing it to a request is one reference, not a copy of the cassette.
final class ReplayTemplate: Sendable {
    /// The cassette, retimed.
    let cassette: Cassette
    /// One part per event, then the trailer, as ``Cassette/streamPlan(requestID:now:baseURL:)`` sends them.
    let parts: [ResponsePlan.Part]
    /// ``parts`` framed once, when all are due at once (instant timing).
    let framedParts: ResponsePlan.FramedParts?
    /// The stream's final `usage.output_tokens`.
    let outputTokens: Int?
    /// The stream's headers, the recorded ones over the standard set.
    let headers: HeaderLayout
    /// The recorded `request-id`, which a replay sends again (else the answer gets a fresh one).
    let recordedRequestID: String?

    init(_ cassette: Cassette) {
        self.cassette = cassette
        var parts = cassette.events.map { ResponsePlan.Part(delay: $0.delay, bytes: $0.bytes) }
        if !cassette.trailer.isEmpty { parts.append(ResponsePlan.Part(bytes: cassette.trailer)) }
        self.parts = parts
        self.framedParts = ResponsePlan.FramedParts(parts, framing: .chunked)
        self.outputTokens = cassette.outputTokens
        self.headers = cassette.headerLayout(contentType: StandardHeaders.eventStream)
        self.recordedRequestID = cassette.headers["request-id"]
    }

    /// The plan that replays the cassette's stream, byte for byte; see ``Cassette/streamPlan(requestID:now:baseURL:)``.
    func streamPlan(requestID: String, now: Timestamp, baseURL: @autoclosure () -> String?) -> ResponsePlan {
        if cassette.body != nil { return cassette.recordedBodyPlan(requestID: requestID, now: now, baseURL: baseURL) }
        var plan = ResponsePlan(
            status: cassette.status, headers: headers.headers(requestID: requestID, now: now), parts: parts,
            framing: .chunked, ending: cassette.interrupted ? .close : .finish)
        plan.outputTokens = outputTokens
        plan.framedParts = framedParts
        return plan
    }
}
