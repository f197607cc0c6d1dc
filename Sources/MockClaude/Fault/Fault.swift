/// Something going wrong, as a transformation of a response plan.
///
/// Faults compose: a step's faults are applied in order to the plan its answer compiled to, and
/// each is a pure function, testable without a socket (``apply(to:context:)``).
///
/// ```swift
/// let cut = Fault.disconnect(.events(4)).apply(to: plan, context: context)  // FIN after 4 events
/// ```
public enum Fault: Sendable, Equatable {
    /// 429 `rate_limit_error` with `retry-after` (seconds) and/or `retry-after-ms`, and rate-limit
    /// headers showing nothing left until the reset.
    case rateLimited(retryAfter: Double?, retryAfterMilliseconds: Int?)
    /// An overload-style failure before any byte of the answer: 529 (default), 500, 503 or 504.
    case overloaded(status: Int)
    /// Sets `x-should-retry`, which both SDKs obey before any status rule.
    case shouldRetry(Bool)
    /// Close the connection (FIN) mid-body.
    case disconnect(Cut)
    /// Abort the connection with a TCP RST.
    case reset(Cut)
    /// Stop sending and keep the connection open.
    case stall(Cut)
    /// Replace the rest of the stream with an `event: error` at event `at` (0-based), then end cleanly.
    case errorEvent(at: Int, type: String, message: String?)
    /// End cleanly after `keepEvents` events (`nil`: drop only the last one, normally `message_stop`).
    case truncate(keepEvents: Int?)
    /// Invalid JSON in event `event`'s data.
    case malformedEvent(Int)
    /// Broken chunked framing after `afterEvents` events, then close.
    case malformedChunk(afterEvents: Int)
    /// Re-send the body `bytes` bytes at a time, one write every `every`.
    case drip(bytes: Int, every: Duration)
    /// Wait this long before the status line.
    case latency(Duration)
    /// Never answer: no head, no body, the connection kept open.
    case hang

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
    public var requestID: String
    public var now: Timestamp

    public init(requestID: String, now: Timestamp) {
        self.requestID = requestID
        self.now = now
    }
}
