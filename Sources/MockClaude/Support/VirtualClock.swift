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

    /// Moves the clock forward.
    public func advance(seconds: Double) {
        time.withLockedValue { $0 = Timestamp(microseconds: $0.microseconds + Int64((seconds * 1_000_000).rounded())) }
    }
}
