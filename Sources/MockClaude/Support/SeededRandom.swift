import NIOConcurrencyHelpers

/// A thread-safe SplitMix64 generator: the same seed gives the same numbers, run after run.
public final class SeededRandom: Sendable {
    private let state: NIOLockedValueBox<UInt64>

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) { state = NIOLockedValueBox(seed) }

    /// The next 64 random bits.
    public func next() -> UInt64 { next(count: 1)[0] }

    /// The next `count` draws, taken under one lock.
    public func next(count: Int) -> [UInt64] {
        state.withLockedValue { value in
            (0..<count).map { _ in
                value = value &+ 0x9E37_79B9_7F4A_7C15
                var z = value
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                return z ^ (z >> 31)
            }
        }
    }

    /// A number in [0, 1).
    public func unitInterval() -> Double {
        Double(next() >> 11) / Double(1 << 53)
    }
}
