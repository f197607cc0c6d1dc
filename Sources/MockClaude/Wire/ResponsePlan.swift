import NIOCore

/// Everything the mock will put on the wire for one response, as a pure value.
///
/// Every answer — a replayed cassette, a synthesized reply, an API error, a fault — is compiled
/// into a plan first; `PlanWriter` is the only code that turns plans into bytes. Faults
/// are functions from plan to plan, so they can be tested without a socket.
///
/// ```swift
/// let plan = ResponsePlan(status: 200, headers: [("content-type", "text/event-stream")],
///                         parts: [.init(bytes: Array("event: ping\ndata: {}\n\n".utf8))],
///                         framing: .chunked)
/// ```
public struct ResponsePlan: Sendable, Equatable {
    /// HTTP status code.
    public var status: Int
    /// Response headers in the order they are sent. Framing headers (`content-length`,
    /// `transfer-encoding`, `connection`) are added by the writer from ``framing``.
    public var headers: HTTPHeaderList
    /// Body parts, each sent as its own flushed write after its delay.
    public var parts: [Part] { didSet { framedParts = nil } }
    /// How the body is framed on the wire.
    public var framing: Framing { didSet { framedParts = nil } }
    /// ``parts`` framed as the writer sends them, when every part is due at once: made once by a
    /// replay template and shared by its plans, so a replay copies one block instead of framing
    /// each event again. Dropped whenever the parts or the framing change; not part of equality
    /// (it follows from the parts and the framing).
    var framedParts: FramedParts? {
        get { framed.parts }
        set { framed.parts = newValue }
    }
    private var framed = Derived()
    /// What happens after the last part.
    public var ending: Ending
    /// Time to wait before the status line is sent.
    public var delayBeforeHead: Duration
    /// Whether the head is sent at all; `false` with ``Ending/stall`` is a request never answered.
    public var sendsHead: Bool = true
    /// What produced this plan (`rule 1 step 2 (file:line)`), for the journal; never sent.
    public var origin: PlanOrigin = .unspecified
    /// The body as a JSON value, when the plan sends exactly one JSON document built from a
    /// value (messages, errors, endpoint answers): in-process consumers such as batches read it
    /// instead of parsing the bytes back. `nil` for streams, and once a fault alters the bytes.
    public var json: JSONValue?
    /// The answer's `usage.output_tokens`, when it is a message (rate limits charge them); never sent.
    public var outputTokens: Int?
    /// Whether the request is journaled (admin requests are not).
    public var journaled: Bool = true
    /// Parts that arrive while the response is written (a proxied upstream body), sent after
    /// ``parts`` as they come; if the source fails, the connection is closed mid-body.
    public var live: LiveBody?

    /// A plan; see the properties for what each part means.
    public init(
        status: Int,
        headers: HTTPHeaderList = [],
        parts: [Part] = [],
        framing: Framing = .chunked,
        ending: Ending = .finish,
        delayBeforeHead: Duration = .zero
    ) {
        self.status = status
        self.headers = headers
        self.parts = parts
        self.framing = framing
        self.ending = ending
        self.delayBeforeHead = delayBeforeHead
    }

    /// A plan with a single body part and a `content-length` that matches it.
    public static func fixed(status: Int, headers: HTTPHeaderList, body: [UInt8]) -> ResponsePlan {
        ResponsePlan(status: status, headers: headers, parts: [Part(bytes: body)], framing: .contentLength(body.count))
    }

    /// A plan that sends `value` as compact JSON, keeping the value (``json``).
    public static func fixed(status: Int, headers: HTTPHeaderList, json value: JSONValue) -> ResponsePlan {
        var plan = fixed(status: status, headers: headers, body: value.compactBytes)
        plan.json = value
        return plan
    }

    /// One timed piece of the body.
    public struct Part: Sendable, Equatable {
        /// Time to wait after the previous write (the head for the first part) before sending.
        public var delay: Duration
        /// The bytes of this part, unframed.
        public var bytes: [UInt8]
        /// Sent as is, outside the body framing (for faults that break the framing on purpose).
        public var raw: Bool

        /// A part sent after `delay`.
        public init(delay: Duration = .zero, bytes: [UInt8], raw: Bool = false) {
            self.delay = delay
            self.bytes = bytes
            self.raw = raw
        }
    }

    /// How the body is delimited.
    public enum Framing: Sendable, Equatable {
        /// `transfer-encoding: chunked`, each part one chunk; the terminator is sent on ``Ending/finish``.
        case chunked
        /// `content-length: N`. N is what the head promises, even if a fault sends fewer bytes.
        case contentLength(Int)
    }

    /// What the writer does after the last part.
    public enum Ending: Sendable, Equatable {
        /// Complete the response cleanly; the connection stays open for the next request.
        case finish
        /// Close the connection (FIN) without completing the body.
        case close
        /// Abort the connection with a TCP RST (SO_LINGER 0).
        case reset
        /// Send nothing more and keep the connection open until the client gives up.
        case stall
    }

    /// A body produced while it is sent.
    public final class LiveBody: Sendable, Equatable {
        /// The parts, in order; an error ends the response with a cut body.
        public let parts: AsyncThrowingStream<Part, any Error>

        /// A body whose parts come from `parts` while it is written.
        public init(_ parts: AsyncThrowingStream<Part, any Error>) { self.parts = parts }

        public static func == (a: LiveBody, b: LiveBody) -> Bool { a === b }
    }

    /// Holds ``framedParts``; always equal, so a plan with them and one without are the same.
    private struct Derived: Sendable, Equatable {
        var parts: FramedParts?
        static func == (a: Derived, b: Derived) -> Bool { true }
    }

    /// Parts framed once, as the writer sends them (see ``ResponsePlan/framedParts``).
    final class FramedParts: Sendable {
        /// The framed bytes of every part, in order.
        let bytes: [UInt8]
        /// The framing they were framed with.
        let framing: Framing

        /// `parts` framed as `framing` says; `nil` unless every part is due at once.
        init?(_ parts: [Part], framing: Framing) {
            guard parts.allSatisfy({ $0.delay == .zero }) else { return nil }
            var buffer = ByteBuffer()
            for part in parts { PlanWriter.append(part, framing: framing, to: &buffer) }
            bytes = Array(buffer.readableBytesView)
            self.framing = framing
        }
    }

    /// The whole body as planned (all parts joined), for tests and non-socket consumers.
    public var bodyBytes: [UInt8] { parts.flatMap(\.bytes) }
}
