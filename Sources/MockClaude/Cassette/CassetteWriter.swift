/// Builds a cassette file from a response as it was received, and writes it atomically.
///
/// Feed it the body bytes as they arrive (``append(_:)``); for an SSE body each event is cut at
/// its blank line and stamped with the time since the previous one, so replay keeps the pace.
/// ```swift
/// var writer = CassetteWriter(status: 200, headers: headers, isEventStream: true, request: "POST /v1/messages")
/// writer.append(chunk)          // as each chunk arrives
/// try writer.write(to: "Cassettes/recorded.sse")
/// ```
package struct CassetteWriter: Sendable {
    public var status: Int
    /// Response headers as they will be written (secrets already removed by the caller).
    public var headers: HTTPHeaderList
    public var isEventStream: Bool
    /// What request this answered (free text; secrets already removed).
    public var request: String?
    /// The recorder's own base URL, when the body links back to it.
    public var baseURL: String?
    /// Set when the body was cut before it ended.
    public var interrupted = false
    /// Applied to each event's bytes before they are kept (secret redaction).
    public var eventTransform: (@Sendable ([UInt8]) -> [UInt8])?

    private var events: [Cassette.Event] = []
    private var pending: [UInt8] = []
    private var last: ContinuousClock.Instant

    public init(status: Int, headers: HTTPHeaderList, isEventStream: Bool, request: String?, start: ContinuousClock.Instant = .now) {
        self.status = status
        self.headers = headers
        self.isEventStream = isEventStream
        self.request = request
        self.last = start
    }

    /// Body bytes as they arrived at `now`.
    public mutating func append(_ bytes: [UInt8], now: ContinuousClock.Instant = .now) {
        pending += bytes
        guard isEventStream else { return }
        while let end = SSE.eventEnd(in: pending) {
            let event = Array(pending[..<end])
            // Whole microseconds, what a cassette file keeps.
            let delay = Duration.microseconds(max(0, (now - last).saturatingMicroseconds))
            events.append(Cassette.Event(delay: delay, bytes: eventTransform?(event) ?? event))
            pending.removeFirst(end)
            last = now
        }
    }

    /// How many events have been cut so far.
    public var eventCount: Int { events.count }

    /// The cassette recorded so far: for an SSE body, its events, and any bytes after the last
    /// complete one as the trailer; otherwise the bytes as its body.
    public func cassette(recordedAt: Timestamp = .now) -> Cassette {
        var cassette = Cassette(
            source: request ?? "recording", status: status, headers: headers, request: request,
            recorded: recordedAt.rfc3339Seconds, events: isEventStream ? events : [],
            trailer: isEventStream ? pending : [])
        cassette.baseURL = baseURL
        cassette.interrupted = interrupted
        if !isEventStream, !pending.isEmpty { cassette.body = pending }
        return cassette
    }

    /// The cassette file's bytes (``Cassette/fileBytes()`` of ``cassette(recordedAt:)``).
    public func fileBytes(recordedAt: Timestamp = .now) -> [UInt8] { cassette(recordedAt: recordedAt).fileBytes() }

    /// Writes the cassette to `path` atomically (a temporary file, then a rename).
    public func write(to path: String) throws {
        try cassette().write(to: path)
    }
}
