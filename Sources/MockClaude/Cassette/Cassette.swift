/// One recorded HTTP response whose body is an SSE stream, plus what mockclaude knows about it.
///
/// The file format (`.sse`) is itself valid SSE; mockclaude's own lines are SSE comments that start
/// with `:@` and are never sent. See `Cassettes/README.md`.
///
/// ```swift
/// let cassette = try Cassette.load(path: "Cassettes/haiku.sse")
/// cassette.events.count // 12
/// ```
public struct Cassette: Sendable {
    /// Where it came from, as the user named it (a path, or `bundled:haiku`).
    public var source: String
    /// The recorded status (default 200).
    public var status: Int
    /// Recorded response headers (from `:@ header` lines), in order.
    public var headers: HTTPHeaderList
    /// What request it answered (`:@ request` line), free text.
    public var request: String?
    /// When it was recorded (`:@ recorded` line), free text.
    public var recorded: String?
    /// The events in order.
    public var events: [Event]
    /// Bytes after the last event that belong to no event (e.g. trailing blank lines).
    public var trailer: [UInt8]
    /// The stream was cut when it was recorded (`:@ interrupted`): replay ends the same way,
    /// closing the connection after the last event.
    public var interrupted: Bool = false
    /// A response that is not an SSE stream (`:@ body …`): JSON answers, errors, batch results.
    public var body: [UInt8]?
    /// The mock's own base URL when it was recorded (`:@ base-url …`); replay puts its own in its place.
    public var baseURL: String?

    /// One SSE event with the exact bytes it takes on the wire.
    public struct Event: Sendable {
        /// Delay before this event, relative to the previous one (or to the head for the first).
        public var delay: Duration
        /// Wire bytes: the event's lines, comments before it, and its terminating blank line.
        public var bytes: [UInt8]
        /// The `event:` name, if any.
        public var name: String?
        /// The `data:` lines joined with `\n`, if any.
        public var data: String?
        /// The parsed data, when it is JSON.
        public var json: JSONValue?
        /// 1-based line of the event's first field, for messages.
        public var line: Int
        /// 1-based line of the event's first `data:` line (or ``line`` when it has none).
        public var dataLine: Int
    }

    /// The wire body: every event's bytes and the trailer, without mockclaude's `:@` lines.
    public var bodyBytes: [UInt8] { events.flatMap(\.bytes) + trailer }
}
