import NIOConcurrencyHelpers

/// Generates API-shaped ids (`req_011C…`, `msg_011C…`) from a seed, so runs repeat exactly.
///
/// ```swift
/// let ids = IDGenerator(seed: 42)
/// ids.next("req_") // "req_011C" followed by 20 base58 characters
/// ```
public final class IDGenerator: Sendable {
    private let state: NIOLockedValueBox<UInt64>
    private static let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) {
        state = NIOLockedValueBox(seed)
    }

    /// The next id: `prefix`, then 24 characters (`011C` and 20 base58 characters), as new real ids look.
    public func next(_ prefix: String) -> String {
        var id = prefix + "011C"
        state.withLockedValue { value in
            for _ in 0..<20 {
                value = value &+ 0x9E37_79B9_7F4A_7C15
                var z = value
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                z ^= z >> 31
                id.append(IDGenerator.alphabet[Int(z % UInt64(IDGenerator.alphabet.count))])
            }
        }
        return id
    }
}
