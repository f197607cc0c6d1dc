/// Something going wrong, as a transformation of a response plan.
///
/// Faults compose: a step's faults are applied in order to the plan its answer compiled to, and
/// each is a pure function, testable without a socket (``apply(to:context:)``).
///
/// ```swift
/// let cut = Fault.disconnect(.events(4)).apply(to: plan, context: context)  // FIN after 4 events
/// ```
public struct Fault: Sendable, Equatable {
    /// What the fault does. Internal, so new faults can be added without breaking a user's code
    /// (a public enum would break every exhaustive `switch` on it).
    enum Kind: Sendable, Equatable {
        case rateLimited(retryAfter: Double?, retryAfterMilliseconds: Int?)
        case overloaded(status: Int)
        case shouldRetry(Bool)
        case disconnect(Cut)
        case reset(Cut)
        case stall(Cut)
        case errorEvent(at: Int, type: String, message: String?)
        case truncate(keepEvents: Int?)
        case malformedEvent(Int)
        case malformedChunk(afterEvents: Int)
        case drip(bytes: Int, every: Duration)
        case latency(Duration)
        case hang
    }

    let kind: Kind

    init(_ kind: Kind) { self.kind = kind }

    /// 429 `rate_limit_error` with `retry-after` (seconds) and/or `retry-after-ms`, and rate-limit
    /// headers showing nothing left until the reset.
    public static func rateLimited(retryAfter: Double?, retryAfterMilliseconds: Int?) -> Fault {
        Fault(.rateLimited(retryAfter: retryAfter, retryAfterMilliseconds: retryAfterMilliseconds))
    }

    /// An overload-style failure before any byte of the answer: 529 (default), 500, 503 or 504.
    public static func overloaded(status: Int) -> Fault { Fault(.overloaded(status: status)) }

    /// Sets `x-should-retry`, which both SDKs obey before any status rule.
    public static func shouldRetry(_ retry: Bool) -> Fault { Fault(.shouldRetry(retry)) }

    /// Close the connection (FIN) mid-body.
    public static func disconnect(_ cut: Cut) -> Fault { Fault(.disconnect(cut)) }

    /// Abort the connection with a TCP RST.
    public static func reset(_ cut: Cut) -> Fault { Fault(.reset(cut)) }

    /// Stop sending and keep the connection open.
    public static func stall(_ cut: Cut) -> Fault { Fault(.stall(cut)) }

    /// Replace the rest of the stream with an `event: error` at event `at` (0-based), then end cleanly.
    public static func errorEvent(at: Int, type: String, message: String?) -> Fault { Fault(.errorEvent(at: at, type: type, message: message)) }

    /// End cleanly after `keepEvents` events (`nil`: drop only the last one, normally `message_stop`).
    public static func truncate(keepEvents: Int?) -> Fault { Fault(.truncate(keepEvents: keepEvents)) }

    /// Invalid JSON in event `event`'s data.
    public static func malformedEvent(_ event: Int) -> Fault { Fault(.malformedEvent(event)) }

    /// Broken chunked framing after `afterEvents` events, then close.
    public static func malformedChunk(afterEvents: Int) -> Fault { Fault(.malformedChunk(afterEvents: afterEvents)) }

    /// Re-send the body `bytes` bytes at a time, one write every `every`.
    public static func drip(bytes: Int, every: Duration) -> Fault { Fault(.drip(bytes: bytes, every: every)) }

    /// Wait this long before the status line.
    public static func latency(_ delay: Duration) -> Fault { Fault(.latency(delay)) }

    /// Never answer: no head, no body, the connection kept open.
    public static let hang = Fault(.hang)

    /// Where a cut happens.
    public enum Cut: Sendable, Equatable {
        /// After this many body parts (events, for a stream).
        case events(Int)
        /// After this many body bytes.
        case bytes(Int)
        /// Halfway: half the events of a stream, half the bytes of anything else.
        case half
    }
}

/// What a fault needs besides the plan: the answer's request id and the time.
public struct FaultContext: Sendable {
    /// The request id an answer that replaces the plan carries.
    public var requestID: String
    /// The mock's time for the answer.
    public var now: Timestamp

    /// The context of one answer.
    public init(requestID: String, now: Timestamp) {
        self.requestID = requestID
        self.now = now
    }
}
