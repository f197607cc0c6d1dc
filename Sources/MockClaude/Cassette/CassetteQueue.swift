import NIOConcurrencyHelpers

/// Cassettes answered in order, one per request, the last one repeating.
public final class CassetteQueue: Sendable {
    private let cassettes: [Cassette]
    private let cursor = NIOLockedValueBox(0)

    /// A queue over `cassettes`; an empty list falls back to the bundled default.
    public init(_ cassettes: [Cassette]) {
        self.cassettes = cassettes.isEmpty ? [Cassette.bundledDefault] : cassettes
    }

    /// The cassette for the next request.
    public func next() -> Cassette {
        let index = cursor.withLockedValue { value in
            defer { value += 1 }
            return min(value, cassettes.count - 1)
        }
        return cassettes[index]
    }
}
