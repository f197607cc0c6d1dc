/// A 64-bit hash of text that is the same in every run and on every machine (Swift's `Hasher`
/// is seeded per process): FNV-1a over the UTF-8 bytes, from a seed, then SplitMix64's
/// finalizer, since FNV's high bits barely differ between similar short strings.
enum StableHash {
    static func of(_ parts: [String], seed: UInt64) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        for (index, part) in parts.enumerated() {
            // 0xFF (never in UTF-8) between parts: ["ab", "c"] and ["a", "bc"] differ.
            if index > 0 { hash = (hash ^ 0xFF) &* 0x0000_0100_0000_01B3 }
            for byte in part.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        }
        hash = (hash ^ (hash >> 30)) &* 0xBF58_476D_1CE4_E5B9
        hash = (hash ^ (hash >> 27)) &* 0x94D0_49BB_1331_11EB
        return hash ^ (hash >> 31)
    }
}
