/// A token bucket that refills continuously: `limit` tokens a minute, holding at most `limit`.
///
/// Exact integer arithmetic: the level is kept in units of 1/60,000,000 token, so one
/// microsecond refills exactly `limit` units. Limits stay at or below ``RateLimits/largestLimit``,
/// so no product can overflow.
package struct TokenBucket: Sendable, Equatable {
    /// Tokens per minute, and the bucket's size.
    public let limit: Int
    /// The level, in units (may be negative: output tokens are charged after the answer, as debt).
    private(set) var level: Int64
    /// When the level was last brought up to date.
    private(set) var updated: Timestamp

    static let unitsPerToken: Int64 = 60_000_000

    /// A full bucket at `now`.
    public init(limit: Int, now: Timestamp) {
        self.limit = limit
        self.level = Int64(limit) * Self.unitsPerToken
        self.updated = now
    }

    var capacity: Int64 { Int64(limit) * Self.unitsPerToken }

    /// Refills for the time since the last update (a clock that went back refills nothing).
    public mutating func refill(to now: Timestamp) {
        let elapsed = now.microseconds - updated.microseconds
        guard elapsed > 0 else { return }
        updated = now
        // Microseconds until full; beyond that the bucket is simply full (and no product overflows).
        let untilFull = (capacity - level + Int64(limit) - 1) / Int64(limit)
        level = elapsed >= untilFull ? capacity : level + elapsed * Int64(limit)
    }

    /// Whole tokens in the bucket (0 while in debt).
    public var remaining: Int { Int(max(0, level / Self.unitsPerToken)) }

    /// Microseconds until the bucket holds `tokens`: 0 when it does now, `nil` when it never
    /// can (more than its size).
    public func wait(for tokens: Int) -> Int64? {
        let need = Checked.multiply(Int64(tokens), Self.unitsPerToken)
        guard need <= capacity else { return nil }
        let missing = need - level
        return missing <= 0 ? 0 : (missing + Int64(limit) - 1) / Int64(limit)
    }

    /// Microseconds until the bucket is full again.
    public var untilFull: Int64 { (capacity - level + Int64(limit) - 1) / Int64(limit) }

    /// Takes `tokens`; the level may go below zero, down to one bucket of debt.
    public mutating func take(_ tokens: Int) {
        let amount = min(Checked.multiply(Int64(max(0, tokens)), Self.unitsPerToken), 2 * capacity)
        level = max(-capacity, level - amount)
    }
}
