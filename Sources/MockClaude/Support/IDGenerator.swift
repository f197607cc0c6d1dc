/// Generates API-shaped ids (`req_011C…`, `msg_011C…`) from a seed, so runs repeat exactly.
///
/// ```swift
/// let ids = IDGenerator(seed: 42)
/// ids.next("req_") // "req_011C" followed by 20 base58 characters
/// ```
package final class IDGenerator: Sendable {
    private let random: SeededRandom
    private static let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) {
        random = SeededRandom(seed: seed)
    }

    /// The next id: `prefix`, then 24 characters (`011C` and 20 base58 characters), as new real ids look.
    public func next(_ prefix: String) -> String {
        prefix + "011C" + String(random.next(count: 20).map { IDGenerator.alphabet[Int($0 % UInt64(IDGenerator.alphabet.count))] })
    }

    /// The next 64 bits of the sequence, to seed a generator of synthesized content.
    public func nextSeed() -> UInt64 { random.next() }
}
