/// Limits that keep hostile or broken clients from wedging a server. The defaults follow nginx's.
///
/// ```swift
/// var configuration = MockClaudeServer.Configuration()
/// configuration.limits.maximumConnections = 64
/// ```
public struct ServerLimits: Sendable, Equatable {
    /// How long a request may take to arrive, counted from its first byte (and, for the body,
    /// between reads): 60 s, like nginx's `client_header_timeout`. Past it: 408 and close.
    public var requestReadTimeout: Duration
    /// How long a kept-alive connection may wait for its next request: 75 s, like nginx's
    /// `keepalive_timeout`. Past it the connection is closed.
    public var idleTimeout: Duration
    /// Connections open at once; one more is answered 503 and closed.
    public var maximumConnections: Int
    /// Journal entries kept; the oldest are dropped past it (the journal counts them).
    public var journalEntries: Int
    /// Journal body bytes kept; the oldest entries are dropped past it.
    public var journalBytes: Int

    /// Limits; each defaults to the value documented on its property.
    public init(
        requestReadTimeout: Duration = .seconds(60), idleTimeout: Duration = .seconds(75), maximumConnections: Int = 4096,
        journalEntries: Int = 10_000, journalBytes: Int = 64 * 1024 * 1024
    ) {
        self.requestReadTimeout = requestReadTimeout
        self.idleTimeout = idleTimeout
        self.maximumConnections = maximumConnections
        self.journalEntries = journalEntries
        self.journalBytes = journalBytes
    }
}
