/// The headers the real API puts on every response (wire reference §5.2), with plausible values.
package enum StandardHeaders {
    /// `content-type` for JSON bodies.
    public static let json = "application/json"
    /// `content-type` for SSE bodies.
    public static let eventStream = "text/event-stream; charset=utf-8"
    /// The organization id the mock reports unless a cassette recorded one.
    public static let organizationID = "7f0c5c6e-2b1a-4c1e-9a53-000000000000"

    /// `date`, `content-type`, the `anthropic-ratelimit-*` set (full capacity, resetting a minute
    /// from `now`), `request-id` and `anthropic-organization-id`, in the real API's order.
    public static func make(requestID: String, contentType: String, now: Timestamp) -> HTTPHeaderList {
        layout(contentType: contentType).headers(requestID: requestID, now: now)
    }

    /// The standard set for `contentType`, with slots for the date, resets and request id; laid
    /// out once for JSON and event streams.
    static func layout(contentType: String) -> HeaderLayout {
        switch contentType {
        case json: jsonLayout
        case eventStream: eventStreamLayout
        default: makeLayout(contentType: contentType)
        }
    }

    private static let jsonLayout = makeLayout(contentType: json)
    private static let eventStreamLayout = makeLayout(contentType: eventStream)

    private static func makeLayout(contentType: String) -> HeaderLayout {
        var fields: [(name: String, value: String)] = []
        fields.append((name: "date", value: HeaderLayout.Slot.date.marker))
        fields.append((name: "content-type", value: contentType))
        if contentType == eventStream { fields.append((name: "cache-control", value: "no-cache")) }
        for limit in rateLimits {
            fields.append((name: limit.limitName, value: limit.limit))
            fields.append((name: limit.remainingName, value: limit.remaining))
            fields.append((name: limit.resetName, value: HeaderLayout.Slot.reset.marker))
        }
        fields.append((name: "request-id", value: HeaderLayout.Slot.requestID.marker))
        fields.append((name: "anthropic-organization-id", value: organizationID))
        fields.append((name: "x-robots-tag", value: "none"))
        return HeaderLayout(fields)
    }

    /// One bucket's header names and values (full capacity, one request taken).
    private struct RateLimit {
        let limitName: String, remainingName: String, resetName: String
        let limit: String, remaining: String

        init(_ kind: String, limit: Int, taken: Int) {
            limitName = "anthropic-ratelimit-\(kind)-limit"
            remainingName = "anthropic-ratelimit-\(kind)-remaining"
            resetName = "anthropic-ratelimit-\(kind)-reset"
            self.limit = String(limit)
            self.remaining = String(limit - taken)
        }
    }

    private static let rateLimits = [
        RateLimit("requests", limit: 4000, taken: 1), RateLimit("input-tokens", limit: 2_000_000, taken: 0),
        RateLimit("output-tokens", limit: 400_000, taken: 0), RateLimit("tokens", limit: 2_400_000, taken: 0),
    ]
}
