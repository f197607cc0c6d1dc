import Foundation

/// A point in wall-clock time with microsecond precision, formatted the ways the API writes time.
public struct Timestamp: Sendable, Comparable, Hashable {
    /// Microseconds since 1970-01-01T00:00:00Z.
    public var microseconds: Int64

    /// The instant `microseconds` after 1970-01-01T00:00:00Z (negative: before).
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
        return Self.text { out in
            Self.date(c, into: &out)
            out.append(UInt8(ascii: "Z"))
        }
    }

    /// RFC 3339 in UTC with microseconds: `2024-09-24T18:37:24.100435Z` (batch timestamps).
    public var rfc3339Micro: String {
        let c = components
        return Self.text { out in
            Self.date(c, into: &out)
            out.append(UInt8(ascii: "."))
            Self.digits(c.micro, width: 6, into: &out)
            out.append(UInt8(ascii: "Z"))
        }
    }

    /// IMF-fixdate for the `date` header: `Sun, 22 Nov 2026 00:08:23 GMT`.
    public var httpDate: String {
        let c = components
        let days = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]  // 1970-01-01 was a Thursday
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return Self.text { out in
            out.append(contentsOf: days[Int(((c.daysSinceEpoch % 7) + 7) % 7)].utf8)
            out.append(contentsOf: ", ".utf8)
            Self.digits(c.day, width: 2, into: &out)
            out.append(UInt8(ascii: " "))
            out.append(contentsOf: months[c.month - 1].utf8)
            out.append(UInt8(ascii: " "))
            Self.digits(c.year, width: 4, into: &out)
            out.append(UInt8(ascii: " "))
            Self.time(c, into: &out)
            out.append(contentsOf: " GMT".utf8)
        }
    }

    /// Text built from ASCII bytes (formatting by hand: `String(format:)` costs a Foundation
    /// round trip on every response).
    private static func text(_ build: (inout [UInt8]) -> Void) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(32)
        build(&out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `YYYY-MM-DDTHH:MM:SS`.
    private static func date(_ c: Components, into out: inout [UInt8]) {
        digits(c.year, width: 4, into: &out)
        out.append(UInt8(ascii: "-"))
        digits(c.month, width: 2, into: &out)
        out.append(UInt8(ascii: "-"))
        digits(c.day, width: 2, into: &out)
        out.append(UInt8(ascii: "T"))
        time(c, into: &out)
    }

    /// `HH:MM:SS`.
    private static func time(_ c: Components, into out: inout [UInt8]) {
        digits(c.hour, width: 2, into: &out)
        out.append(UInt8(ascii: ":"))
        digits(c.minute, width: 2, into: &out)
        out.append(UInt8(ascii: ":"))
        digits(c.second, width: 2, into: &out)
    }

    /// `value` in decimal, zero-padded to at least `width` digits (as `%0Nd`; a minus sign first).
    private static func digits(_ value: Int, width: Int, into out: inout [UInt8]) {
        var width = width
        if value < 0 {
            out.append(UInt8(ascii: "-"))
            width -= 1  // as printf: the sign counts toward the width
        }
        var text = Array(String(value.magnitude).utf8)
        if text.count < width { text.insert(contentsOf: repeatElement(UInt8(ascii: "0"), count: width - text.count), at: 0) }
        out.append(contentsOf: text)
    }

    private typealias Components = (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, micro: Int, daysSinceEpoch: Int64)

    /// Whole seconds since the epoch, rounded down (the second this instant falls in).
    package var wholeSeconds: Int64 { Self.floorDivide(microseconds, 1_000_000).quotient }

    /// `value / divisor` rounded down, and the remainder in `0..<divisor`.
    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int) {
        let remainder = value % divisor
        return remainder < 0 ? (value / divisor - 1, Int(remainder + divisor)) : (value / divisor, Int(remainder))
    }

    private var components: Components {
        // Floor division and a non-negative remainder, without a product that could overflow at Int64.min.
        let (seconds, micro) = Self.floorDivide(microseconds, 1_000_000)
        let (days, secondOfDay) = Self.floorDivide(seconds, 86_400)
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
    /// The system clock.
    public init() {}
    public var now: Timestamp { .now }
}
