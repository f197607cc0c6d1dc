import Foundation

/// A point in wall-clock time with microsecond precision, formatted the ways the API writes time.
public struct Timestamp: Sendable, Comparable, Hashable {
    /// Microseconds since 1970-01-01T00:00:00Z.
    public var microseconds: Int64

    public init(microseconds: Int64) { self.microseconds = microseconds }

    /// The current system time.
    public static var now: Timestamp {
        Timestamp(microseconds: Int64((Date().timeIntervalSince1970 * 1_000_000).rounded()))
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.microseconds < b.microseconds }

    /// This time plus `seconds`, held at the representable range instead of overflowing.
    public func adding(seconds: Int64) -> Timestamp {
        Timestamp(microseconds: Checked.add(microseconds, Checked.multiply(seconds, 1_000_000)))
    }

    /// This time plus `duration`, held at the representable range.
    public func adding(_ duration: Duration) -> Timestamp {
        Timestamp(microseconds: Checked.add(microseconds, duration.saturatingMicroseconds))
    }

    /// RFC 3339 in UTC with whole seconds: `2026-03-22T21:16:35Z` (rate-limit resets, model dates).
    public var rfc3339Seconds: String {
        let c = components
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year, c.month, c.day, c.hour, c.minute, c.second)
    }

    /// RFC 3339 in UTC with microseconds: `2024-09-24T18:37:24.100435Z` (batch timestamps).
    public var rfc3339Micro: String {
        let c = components
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", c.year, c.month, c.day, c.hour, c.minute, c.second, c.micro)
    }

    /// IMF-fixdate for the `date` header: `Sun, 22 Nov 2026 00:08:23 GMT`.
    public var httpDate: String {
        let c = components
        let days = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]  // 1970-01-01 was a Thursday
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let weekday = days[Int(((c.daysSinceEpoch % 7) + 7) % 7)]
        return String(format: "%@, %02d %@ %04d %02d:%02d:%02d GMT", weekday, c.day, months[c.month - 1], c.year, c.hour, c.minute, c.second)
    }

    private var components: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, micro: Int, daysSinceEpoch: Int64) {
        let seconds = microseconds >= 0 ? microseconds / 1_000_000 : (microseconds - 999_999) / 1_000_000
        let micro = Int(microseconds - seconds * 1_000_000)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = Int(doy - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        let year = Int(yoe + era * 400) + (month <= 2 ? 1 : 0)
        return (year, month, day, secondOfDay / 3600, (secondOfDay % 3600) / 60, secondOfDay % 60, micro, days)
    }
}

/// Where the mock reads the time; tests and batches can supply their own.
public protocol MockClock: Sendable {
    /// The current time.
    var now: Timestamp { get }
}

/// The system's wall clock.
public struct SystemClock: MockClock {
    public init() {}
    public var now: Timestamp { .now }
}
