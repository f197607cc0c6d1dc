/// Everything known about one request while it is answered: the request, its body parsed once,
/// and what the answer is built with (ids, the time, the base URL, the timing).
///
/// `POST /v1/messages`, scripted paths and each request of a batch all become a context, and
/// ``MockClaudeAPI/answer(_:queuedFaults:)`` turns any of them into a plan.
package struct RequestContext: Sendable {
    /// The request as received (for a batch request: made from its `params`).
    public var request: ReceivedRequest
    /// The body as a JSON object, parsed once; `nil` when it is not one.
    public var body: JSONObject?
    /// Whether the client asked for SSE.
    public var stream: Bool
    /// The model asked for (`-` when none).
    public var model: String
    /// Where generated ids come from.
    public var ids: IDGenerator
    /// The mock's time for this answer.
    public var now: Timestamp
    /// The base URL links in the answer point at (`results_url`), when known: for a request that
    /// reached this server, its ``ReceivedRequest/baseURL(publicBaseURL:)``, made only when asked
    /// for (most answers hold no link); `nil` for a request that reached none (a batch's).
    public var baseURL: String? { servedAt.map { request.baseURL(publicBaseURL: $0.publicBaseURL) } }
    /// Where the request reached this server, when it did.
    private let servedAt: ServedAt?

    /// A request that reached this server: its base URL is `publicBaseURL`, else its `Host`.
    public struct ServedAt: Sendable {
        public var publicBaseURL: String?
        public init(publicBaseURL: String?) { self.publicBaseURL = publicBaseURL }
    }
    /// Timing that overrides the scenario's (the server's `--timing`; instant for batches).
    public var timingOverride: Timing?
    /// How the prompt cache split the input tokens; `nil` counts them all as uncached.
    public var usage: PromptUsage?
    /// Where synthesized content (tool inputs, structured text) comes from; `nil`: the scenario's
    /// seeded sequence, in the order requests arrive.
    public var contentSeed: UInt64?

    public init(
        request: ReceivedRequest, body: JSONObject?, stream: Bool? = nil, model: String? = nil, ids: IDGenerator,
        now: Timestamp, servedAt: ServedAt? = nil, timingOverride: Timing? = nil
    ) {
        self.request = request
        self.body = body
        self.stream = stream ?? body?["stream"]?.boolValue ?? false
        self.model = model ?? body?["model"]?.stringValue ?? "-"
        self.ids = ids
        self.now = now
        self.servedAt = servedAt
        self.timingOverride = timingOverride
    }
}
