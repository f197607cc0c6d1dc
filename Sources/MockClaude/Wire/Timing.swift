/// How recorded delays are replayed.
///
/// ```swift
/// try Timing(parsing: "x4")  // four times faster than recorded
/// ```
public enum Timing: Sendable, Hashable, CustomStringConvertible {
    /// Delays as recorded.
    case recorded
    /// No delays at all.
    case instant
    /// Recorded delays divided by the factor: `x2` plays twice as fast, `x0.5` half as fast.
    case speed(Double)
    /// A fixed time to the first event, then a fixed time between events.
    case fixed(firstEvent: Duration, perEvent: Duration)

    /// Parses `recorded`, `instant` or `x<factor>`.
    public init(parsing text: String) throws(TimingError) {
        switch text {
        case "recorded": self = .recorded
        case "instant": self = .instant
        default:
            guard text.hasPrefix("x"), let factor = Double(text.dropFirst()), Checked.speedFactors.contains(factor) else {
                throw TimingError(text: text)
            }
            self = .speed(factor)
        }
    }

    public var description: String {
        switch self {
        case .recorded: return "recorded"
        case .instant: return "instant"
        case .speed(let factor): return "x\(factor)"
        case .fixed(let first, let per): return "first event \(DelayText.format(first)), then \(DelayText.format(per)) each"
        }
    }

    /// The delays of a sequence of events under this timing.
    public func apply(to delays: [Duration]) -> [Duration] {
        switch self {
        case .recorded: return delays
        case .instant: return delays.map { _ in .zero }
        case .speed(let factor):
            // The factor is bounded when parsed; a value built in code is held to the same range.
            let factor = min(max(factor, Checked.speedFactors.lowerBound), Checked.speedFactors.upperBound)
            return delays.map { min($0, Checked.longestDuration) / factor }
        case .fixed(let first, let per): return delays.indices.map { $0 == 0 ? first : per }
        }
    }

    /// One delay under this timing (``Timing/fixed(firstEvent:perEvent:)`` counts it as a later event).
    public func apply(to delay: Duration) -> Duration {
        apply(to: [.zero, delay])[1]
    }
}

/// A `--timing` value that is not one of the forms ``Timing`` knows.
public struct TimingError: Error, CustomStringConvertible {
    /// What was written.
    public var text: String
    public var description: String {
        "timing '\(text)' is not recognised; use 'recorded', 'instant' or 'x<factor>' with a factor from 0.001 to 1000000 (x2 = twice as fast, x0.5 = half speed)"
    }
}
