import NIOConcurrencyHelpers

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
        let stamps = Stamps.at(now)
        var fields: [(name: String, value: String)] = []
        fields.reserveCapacity(20)
        fields.append((name: "date", value: stamps.date))
        fields.append((name: "content-type", value: contentType))
        if contentType == eventStream { fields.append((name: "cache-control", value: "no-cache")) }
        for limit in rateLimits {
            fields.append((name: limit.limitName, value: limit.limit))
            fields.append((name: limit.remainingName, value: limit.remaining))
            fields.append((name: limit.resetName, value: stamps.reset))
        }
        fields.append((name: "request-id", value: requestID))
        fields.append((name: "anthropic-organization-id", value: organizationID))
        fields.append((name: "x-robots-tag", value: "none"))
        return HTTPHeaderList(fields)
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

    /// The `date` and reset stamps of one second, formatted once and reused for every response
    /// in that second (as nginx does for `Date`). Keyed by the second itself, so any clock,
    /// virtual ones included, gets its own time.
    private struct Stamps: Sendable {
        let second: Int64
        let date: String
        let reset: String

        private static let last = NIOLockedValueBox<Stamps?>(nil)

        static func at(_ now: Timestamp) -> Stamps {
            let second = now.wholeSeconds
            if let cached = last.withLockedValue({ $0 }), cached.second == second { return cached }
            // Both formats show whole seconds, so any instant of the second formats the same.
            let stamps = Stamps(second: second, date: now.httpDate, reset: now.adding(seconds: 60).rfc3339Seconds)
            last.withLockedValue { $0 = stamps }
            return stamps
        }
    }
}
