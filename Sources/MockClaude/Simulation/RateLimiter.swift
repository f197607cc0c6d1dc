import NIOConcurrencyHelpers

/// Enforces ``RateLimits`` on `/v1/messages`: per model, a bucket each for requests, input
/// tokens and output tokens, on the mock's clock.
///
/// A request is admitted when the requests bucket holds one, the input bucket holds its input
/// tokens (cache reads excepted) and the output bucket is not empty; both are taken at once.
/// Its output tokens are taken once the answer is made (the API, too, only knows them at the
/// end), which may leave the output bucket in debt until it refills. A refused request gets the
/// 429 `rate_limit_error` with `retry-after`: the whole seconds, rounded up, until every bucket
/// it needs holds enough, so a client that waits exactly that long is admitted.
///
/// Every answer, the 429 too, carries `anthropic-ratelimit-{requests,input-tokens,output-tokens,tokens}-{limit,remaining,reset}`
/// for the enforced dimensions; `tokens` is whichever token bucket has less left, `reset` the
/// RFC 3339 second at which the bucket is full again.
///
/// [UNVERIFIED] The docs say the real `remaining` token values are rounded to the nearest
/// thousand; the mock reports them exactly, which tests can reason about. The 429's message
/// follows the public shape of the real one, not its exact text.
public final class RateLimiter: Sendable {
    private struct Buckets {
        var requests: TokenBucket?
        var input: TokenBucket?
        var output: TokenBucket?

        init(_ limits: RateLimits.Limits, now: Timestamp) {
            requests = limits.requestsPerMinute.map { TokenBucket(limit: $0, now: now) }
            input = limits.inputTokensPerMinute.map { TokenBucket(limit: $0, now: now) }
            output = limits.outputTokensPerMinute.map { TokenBucket(limit: $0, now: now) }
        }

        mutating func refill(to now: Timestamp) {
            requests?.refill(to: now)
            input?.refill(to: now)
            output?.refill(to: now)
        }
    }

    private struct State {
        var limits: RateLimits?
        var buckets: [String: Buckets] = [:]
    }

    private let state: NIOLockedValueBox<State>

    /// A limiter enforcing `limits` (none when `nil`).
    public init(_ limits: RateLimits? = nil) { state = NIOLockedValueBox(State(limits: limits)) }

    /// The limits enforced, if any.
    public var limits: RateLimits? { state.withLockedValue { $0.limits } }

    /// Enforces `limits` from now on, with full buckets.
    public func configure(_ limits: RateLimits?) { state.withLockedValue { $0 = State(limits: limits) } }

    /// Refills every bucket (a reset of the mock).
    public func reset() { state.withLockedValue { $0.buckets = [:] } }

    /// What a request is told.
    package enum Admission: Equatable {
        /// Answer it, with these headers.
        case admitted(HTTPHeaderList)
        /// Refuse it: the 429's message, its `retry-after` (whole seconds), and headers.
        case refused(message: String, retryAfter: Int64, headers: HTTPHeaderList)
    }

    /// Admits (taking one request and its input tokens) or refuses a request; `nil` when no limits are set.
    package func admit(model: String, inputTokens: Int, now: Timestamp) -> Admission? {
        state.withLockedValue { state in
            guard let limits = state.limits?.limits(for: model) else { return nil }
            var buckets = state.buckets[model] ?? Buckets(limits, now: now)
            buckets.refill(to: now)
            defer { state.buckets[model] = buckets }
            let needs: [(TokenBucket?, Int, String)] = [
                (buckets.requests, 1, "requests"), (buckets.input, inputTokens, "input tokens"), (buckets.output, 1, "output tokens"),
            ]
            var longest: Int64 = 0
            var refusal: String?
            for case let (bucket?, tokens, name) in needs {
                guard let wait = bucket.wait(for: tokens) else {
                    return .refused(
                        message: Self.message(bucket.limit, name, model) + " This request alone needs \(tokens) \(name), more than the limit.",
                        retryAfter: 60, headers: Self.headers(buckets, now: now))
                }
                if wait > longest {
                    longest = wait
                    refusal = refusal ?? Self.message(bucket.limit, name, model)
                }
            }
            if let refusal {
                // Whole seconds, rounded up: waiting exactly this long is enough.
                return .refused(message: refusal, retryAfter: (longest + 999_999) / 1_000_000, headers: Self.headers(buckets, now: now))
            }
            buckets.requests?.take(1)
            buckets.input?.take(inputTokens)
            return .admitted(Self.headers(buckets, now: now))
        }
    }

    /// Takes an answer's output tokens; the headers as they stand after.
    package func charge(model: String, outputTokens: Int, now: Timestamp) -> HTTPHeaderList {
        state.withLockedValue { state in
            guard var buckets = state.buckets[model] else { return [] }
            buckets.refill(to: now)
            buckets.output?.take(outputTokens)
            state.buckets[model] = buckets
            return Self.headers(buckets, now: now)
        }
    }

    private static func message(_ limit: Int, _ name: String, _ model: String) -> String {
        "This request would exceed the rate limit for your organization of \(limit) \(name) per minute (model: \(model)). "
            + "For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers for current usage. "
            + "Please reduce the prompt length or the maximum tokens requested, or try again later."
    }

    /// The rate-limit headers for the enforced buckets.
    private static func headers(_ buckets: Buckets, now: Timestamp) -> HTTPHeaderList {
        var headers: HTTPHeaderList = []
        func add(_ name: String, _ bucket: TokenBucket?) {
            guard let bucket else { return }
            // The instant the bucket is full, rounded up to the whole second.
            let full = Checked.add(now.microseconds, bucket.untilFull)
            let reset = Timestamp(microseconds: Checked.add(full, 999_999) / 1_000_000 * 1_000_000)
            headers.append("anthropic-ratelimit-\(name)-limit", String(bucket.limit))
            headers.append("anthropic-ratelimit-\(name)-remaining", String(bucket.remaining))
            headers.append("anthropic-ratelimit-\(name)-reset", reset.rfc3339Seconds)
        }
        add("requests", buckets.requests)
        add("input-tokens", buckets.input)
        add("output-tokens", buckets.output)
        let tokens = [buckets.input, buckets.output].compactMap { $0 }.min { $0.remaining < $1.remaining }
        add("tokens", tokens)
        return headers
    }
}
