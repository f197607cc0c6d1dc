/// The one checked path for numbers that come from outside: request JSON, queries, YAML, cassette
/// directives and the admin API.
///
/// Nothing parsed from outside reaches `Int(someDouble)`, an unchecked `+` or `*`, or a
/// `Duration` conversion that can trap: integers are converted exactly, durations are bounded by
/// ``Checked/longestDuration`` when they are read, and sums of times saturate.
package enum Checked {
    /// The longest duration the mock accepts anywhere a duration is read (a delay, a latency, a
    /// batch's processing time, a retry-after, one clock step): 400 days, which covers a batch's
    /// 24-hour expiry and 29-day archive with room to spare.
    public static let longestDuration: Duration = .seconds(400 * 86_400)

    /// The largest `times:` a scenario step may say.
    public static let largestRepeatCount = 1_000_000_000

    /// The slowest and fastest replay factors `x<factor>` accepts.
    public static let speedFactors: ClosedRange<Double> = 0.001...1_000_000

    /// The integer an integral `Double` stands for, or `nil` when it is not finite, not whole,
    /// or outside `Int`'s range.
    @inlinable
    public static func integer(_ value: Double) -> Int? { Int(exactly: value) }

    /// A duration of `seconds`, or `nil` when the number is not finite, is negative, or is longer
    /// than ``longestDuration``.
    public static func duration(seconds: Double) -> Duration? {
        guard seconds.isFinite, seconds >= 0, seconds <= 400 * 86_400 else { return nil }
        // Whole microseconds: exact for every value in range.
        return .microseconds(Int64((seconds * 1_000_000).rounded()))
    }

    /// `a + b`, held at `Int64`'s bounds instead of trapping.
    public static func add(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? .max : .min) : sum
    }

    /// `a * b`, held at `Int64`'s bounds instead of trapping.
    public static func multiply(_ a: Int64, _ b: Int64) -> Int64 {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? ((a < 0) != (b < 0) ? .min : .max) : product
    }

    /// `a + b` for counts, held at `Int.max`.
    public static func add(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? .max : .min) : sum
    }
}

extension Duration {
    /// This duration in whole nanoseconds, held at `Int64`'s bounds (about 292 years).
    var saturatingNanoseconds: Int64 {
        let c = components
        return Checked.add(Checked.multiply(c.seconds, 1_000_000_000), c.attoseconds / 1_000_000_000)
    }

    /// This duration in whole microseconds, held at `Int64`'s bounds.
    var saturatingMicroseconds: Int64 {
        let c = components
        return Checked.add(Checked.multiply(c.seconds, 1_000_000), c.attoseconds / 1_000_000_000_000)
    }

    /// This duration in seconds as a `Double` (never traps).
    var secondsValue: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
