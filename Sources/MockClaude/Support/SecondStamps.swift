import NIOConcurrencyHelpers

/// The stamps of one second, formatted once and reused for every response and log line in that
/// second (as nginx does for `Date`): the `date` header, the same second in RFC 3339, and the
/// rate-limit reset a minute later.
///
/// Keyed by the second itself, so any clock, virtual ones included, gets its own time.
package struct SecondStamps: Sendable {
    /// The whole second since the epoch these stamps show.
    package let second: Int64
    /// IMF-fixdate, for the `date` header.
    package let date: String
    /// RFC 3339 with whole seconds, for log lines.
    package let rfc3339: String
    /// RFC 3339 a minute later, for the standard rate-limit resets.
    package let reset: String

    private static let last = NIOLockedValueBox<SecondStamps?>(nil)

    /// The stamps of the second `now` falls in.
    package static func at(_ now: Timestamp) -> SecondStamps {
        let second = now.wholeSeconds
        if let cached = last.withLockedValue({ $0 }), cached.second == second { return cached }
        // Every format shows whole seconds, so any instant of the second formats the same.
        let stamps = SecondStamps(
            second: second, date: now.httpDate, rfc3339: now.rfc3339Seconds, reset: now.adding(seconds: 60).rfc3339Seconds)
        last.withLockedValue { $0 = stamps }
        return stamps
    }
}
