import NIOConcurrencyHelpers

/// A thread-safe `SplitMix64` generator: the same seed gives the same numbers, run after run.
public final class SeededRandom: Sendable {
    private let state: NIOLockedValueBox<SplitMix64>

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) { state = NIOLockedValueBox(SplitMix64(seed: seed)) }

    /// The next 64 random bits.
    public func next() -> UInt64 { next(count: 1)[0] }

    /// The next `count` draws, taken under one lock.
    public func next(count: Int) -> [UInt64] {
        state.withLockedValue { generator in (0..<count).map { _ in generator.next() } }
    }

    /// A number in [0, 1).
    public func unitInterval() -> Double {
        Double(next() >> 11) / Double(1 << 53)
    }
}
