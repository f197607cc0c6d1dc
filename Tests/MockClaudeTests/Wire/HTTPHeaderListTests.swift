import Testing

@testable import MockClaude

@Suite struct HTTPHeaderListTests {
    /// Field names match ignoring ASCII case only, byte for byte: the same answer as folding
    /// every ASCII capital of both and comparing, for names of every length, non-ASCII bytes
    /// (never folded) and substrings (whose bytes are not a string's own) included.
    @Test(arguments: [1, 2, 3]) func namesMatchIgnoringASCIICaseOnly(seed: UInt64) {
        let random = SeededRandom(seed: seed)
        let alphabet: [String] = ["a", "A", "z", "Z", "-", "@", "[", "`", "{", "é", "É", "0"]
        func name() -> String { (0..<Int(random.next() % 5)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }.joined() }
        func folded(_ text: String) -> [UInt8] { text.utf8.map { (65...90).contains($0) ? $0 + 32 : $0 } }
        for _ in 0..<3_000 {
            let (a, b) = (name(), random.next() % 3 == 0 ? String(Substring("x" + name()).dropFirst()) : name())
            #expect(HTTPHeaderList.equalsIgnoringASCIICase(a, b) == (folded(a) == folded(b)), "\(a) vs \(b)")
        }
        let list: HTTPHeaderList = [("X-Api-Key", "k"), ("Anthropic-Version", "2023-06-01")]
        #expect(list["x-api-key"] == "k")
        #expect(list["ANTHROPIC-VERSION"] == "2023-06-01")
        #expect(list["x-api-kez"] == nil)
    }
}
