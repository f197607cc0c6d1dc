import MockClaude
import Testing

@Suite struct RateLimiterTests {
    static let start = Timestamp(microseconds: 1_700_000_000_000_000)

    static func at(_ microseconds: Int64) -> Timestamp { Timestamp(microseconds: start.microseconds + microseconds) }

    @Test func aBucketRefillsContinuouslyAndExactly() {
        var bucket = TokenBucket(limit: 60, now: Self.start)
        for _ in 0..<60 { bucket.take(1) }
        #expect(bucket.remaining == 0)
        #expect(bucket.wait(for: 1) == 1_000_000)
        bucket.refill(to: Self.at(999_999))
        #expect(bucket.remaining == 0)
        bucket.refill(to: Self.at(1_000_000))
        #expect(bucket.remaining == 1)
        bucket.refill(to: Self.at(3_600_000_000))
        #expect(bucket.remaining == 60)
        #expect(bucket.wait(for: 61) == nil)
        // A clock going back refills nothing; debt is held at one bucket.
        bucket.refill(to: Self.start)
        #expect(bucket.remaining == 60)
        bucket.take(Int.max)
        #expect(bucket.remaining == 0 && bucket.untilFull == 120_000_000)
    }

    @Test func sixtyAMinuteAdmitsSixtyThenTellsExactlyWhenToRetry() throws {
        let limiter = RateLimiter(RateLimits(all: .init(requestsPerMinute: 60)))
        for index in 0..<60 {
            guard case .admitted(let headers)? = limiter.admit(model: "m", inputTokens: 10, now: Self.start) else {
                Issue.record("request \(index) refused")
                return
            }
            #expect(headers["anthropic-ratelimit-requests-remaining"] == String(59 - index))
        }
        guard case .refused(let message, let retryAfter, let headers)? = limiter.admit(model: "m", inputTokens: 10, now: Self.start) else {
            Issue.record("61st admitted")
            return
        }
        #expect(retryAfter == 1 && message.contains("60 requests per minute"))
        #expect(headers["anthropic-ratelimit-requests-remaining"] == "0")
        #expect(headers["anthropic-ratelimit-requests-reset"] == Self.at(60_000_000).rfc3339Seconds)
        guard case .admitted? = limiter.admit(model: "m", inputTokens: 10, now: Self.at(Int64(retryAfter) * 1_000_000)) else {
            Issue.record("refused after waiting retry-after")
            return
        }
        // Another model has its own buckets; no limits at all: nothing to say.
        guard case .admitted? = limiter.admit(model: "other", inputTokens: 10, now: Self.start) else {
            Issue.record("other model refused")
            return
        }
        #expect(RateLimiter().admit(model: "m", inputTokens: 1, now: Self.start) == nil)
    }

    @Test func inputAndOutputTokensAreTheirOwnBuckets() {
        let limiter = RateLimiter(RateLimits(all: .init(inputTokensPerMinute: 1_000, outputTokensPerMinute: 600)))
        guard case .admitted? = limiter.admit(model: "m", inputTokens: 900, now: Self.start) else { return #expect(Bool(false)) }
        // 200 more input tokens: 100 missing at 1,000 a minute is 6 seconds.
        guard case .refused(_, let retryAfter, _)? = limiter.admit(model: "m", inputTokens: 200, now: Self.start) else { return #expect(Bool(false)) }
        #expect(retryAfter == 6)
        // Output is charged after the answer and may leave the bucket in debt: 700 of 600.
        let headers = limiter.charge(model: "m", outputTokens: 700, now: Self.start)
        #expect(headers["anthropic-ratelimit-output-tokens-remaining"] == "0")
        #expect(headers["anthropic-ratelimit-tokens-remaining"] == "0")
        // 100 of debt plus the one token needed: 101 at 10 a second is 10.1 seconds, so 11.
        guard case .refused(_, let wait, _)? = limiter.admit(model: "m", inputTokens: 1, now: Self.at(6_000_000)) else { return #expect(Bool(false)) }
        #expect(wait == 5)
        guard case .admitted? = limiter.admit(model: "m", inputTokens: 1, now: Self.at(11_000_000)) else { return #expect(Bool(false)) }
        // A request larger than the whole bucket can never pass.
        guard case .refused(let message, _, _)? = limiter.admit(model: "m", inputTokens: 5_000, now: Self.at(3_600_000_000)) else {
            return #expect(Bool(false))
        }
        #expect(message.contains("more than the limit"))
    }

    @Test func perModelLimitsOverrideTheCommonOnes() throws {
        let limits = RateLimits(all: .init(requestsPerMinute: 60, outputTokensPerMinute: 8_000), models: ["big": .init(requestsPerMinute: 1)])
        #expect(limits.limits(for: "big") == .init(requestsPerMinute: 1, outputTokensPerMinute: 8_000))
        #expect(try RateLimits(parsing: "rpm=5,input_tokens_per_minute=100").all == .init(requestsPerMinute: 5, inputTokensPerMinute: 100))
        for bad in ["rpm", "rpm=0", "rpm=-3", "rpm=99999999999999999999", "speed=4", "rpm=1.5", "=3"] {
            #expect(throws: RateLimitsError.self, "\(bad)") { try RateLimits(parsing: bad) }
        }
    }
}
