/// How recorded delays are replayed.
///
/// ```swift
/// try Timing(parsing: "x4")  // four times faster than recorded
/// ```
public enum Timing: Sendable, Equatable, CustomStringConvertible {
    /// Delays as recorded.
    case recorded
    /// No delays at all.
    case instant
    /// Recorded delays divided by the factor: `x2` plays twice as fast, `x0.5` half as fast.
    case speed(Double)

    /// Parses `recorded`, `instant` or `x<factor>`.
    public init(parsing text: String) throws(TimingError) {
        switch text {
        case "recorded": self = .recorded
        case "instant": self = .instant
        default:
            guard text.hasPrefix("x"), let factor = Double(text.dropFirst()), factor > 0, factor.isFinite else {
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
        }
    }

    /// `delay` under this timing.
    public func apply(to delay: Duration) -> Duration {
        switch self {
        case .recorded: return delay
        case .instant: return .zero
        case .speed(let factor): return delay / factor
        }
    }
}

/// A `--timing` value that is not one of the forms ``Timing`` knows.
public struct TimingError: Error, CustomStringConvertible {
    public var text: String
    public var description: String {
        "timing '\(text)' is not recognised; use 'recorded', 'instant' or 'x<factor>' (x2 = twice as fast, x0.5 = half speed)"
    }
}

extension ResponsePlan {
    /// This plan with every delay (head and parts) replayed under `timing`.
    public func retimed(_ timing: Timing) -> ResponsePlan {
        var plan = self
        plan.delayBeforeHead = timing.apply(to: delayBeforeHead)
        plan.parts = parts.map { ResponsePlan.Part(delay: timing.apply(to: $0.delay), bytes: $0.bytes) }
        return plan
    }
}
