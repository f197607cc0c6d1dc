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
        var headers: HTTPHeaderList = [("date", now.httpDate), ("content-type", contentType)]
        if contentType == eventStream { headers.append("cache-control", "no-cache") }
        let reset = now.adding(seconds: 60).rfc3339Seconds
        for (kind, limit) in [("requests", 4000), ("input-tokens", 2_000_000), ("output-tokens", 400_000), ("tokens", 2_400_000)] {
            headers.append("anthropic-ratelimit-\(kind)-limit", String(limit))
            headers.append("anthropic-ratelimit-\(kind)-remaining", String(kind == "requests" ? limit - 1 : limit))
            headers.append("anthropic-ratelimit-\(kind)-reset", reset)
        }
        headers.append("request-id", requestID)
        headers.append("anthropic-organization-id", organizationID)
        headers.append("x-robots-tag", "none")
        return headers
    }
}
