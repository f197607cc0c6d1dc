/// How a request's input tokens split once prompt caching has looked at it: read from the
/// cache, written to it (by TTL), and the rest.
package struct PromptUsage: Sendable, Equatable {
    /// Tokens after the last cache breakpoint (or all of them, with none): `usage.input_tokens`.
    public var inputTokens: Int
    /// Tokens written with a 5-minute TTL: `cache_creation.ephemeral_5m_input_tokens`.
    public var cacheCreation5m: Int = 0
    /// Tokens written with a 1-hour TTL: `cache_creation.ephemeral_1h_input_tokens`.
    public var cacheCreation1h: Int = 0
    /// Tokens read from the cache: `cache_read_input_tokens`.
    public var cacheRead: Int = 0

    /// Usage with every token uncached.
    public init(inputTokens: Int, cacheCreation5m: Int = 0, cacheCreation1h: Int = 0, cacheRead: Int = 0) {
        self.inputTokens = inputTokens
        self.cacheCreation5m = cacheCreation5m
        self.cacheCreation1h = cacheCreation1h
        self.cacheRead = cacheRead
    }

    /// `cache_creation_input_tokens`: both TTLs together.
    public var cacheCreation: Int { Checked.add(cacheCreation5m, cacheCreation1h) }

    /// What counts toward the input-tokens-per-minute limit: cache reads do not (wire reference §11).
    public var rateLimitedInput: Int { Checked.add(inputTokens, cacheCreation) }

    /// The usage members every answer reports, in the API's order.
    func members(outputTokens: Int, full: Bool) -> JSONObject {
        var usage: JSONObject = [
            "input_tokens": .int(inputTokens), "cache_creation_input_tokens": .int(cacheCreation), "cache_read_input_tokens": .int(cacheRead),
        ]
        if full {
            usage["cache_creation"] = .object(["ephemeral_5m_input_tokens": .int(cacheCreation5m), "ephemeral_1h_input_tokens": .int(cacheCreation1h)])
        }
        usage["output_tokens"] = .int(outputTokens)
        if full {
            usage["service_tier"] = .string("standard")
            usage["inference_geo"] = .string("not_available")
        }
        return usage
    }
}
