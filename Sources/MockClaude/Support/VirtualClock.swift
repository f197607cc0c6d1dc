import NIOConcurrencyHelpers

/// A clock that stands still until a test moves it: batches change state exactly when told.
///
/// ```swift
/// let clock = VirtualClock()
/// clock.advance(seconds: 86_400)  // a day later
/// ```
public final class VirtualClock: MockClock {
    private let time: NIOLockedValueBox<Timestamp>

    /// A clock at `start` (default: now).
    public init(start: Timestamp = .now) {
        time = NIOLockedValueBox(start)
    }

    public var now: Timestamp { time.withLockedValue { $0 } }

    /// Moves the clock forward by `seconds`; a step that is not finite, negative, or longer than
    /// 400 days (the longest delay any input may ask for) is refused (returns `false`, the clock stays).
    @discardableResult
    public func advance(seconds: Double) -> Bool {
        guard let step = Checked.duration(seconds: seconds) else { return false }
        time.withLockedValue { $0 = $0.adding(step) }
        return true
    }
}
