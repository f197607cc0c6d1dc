/// A request's prompt as prompt caching sees it: its cache breakpoints, each with the tokens of
/// the prefix up to and including its block (tools → system → messages), and the total.
///
/// The rules (wire reference §1.2, §11): `cache_control: {type: ephemeral, ttl?: 5m | 1h}` on
/// tools, system blocks and message blocks, or at the top level (it marks the last block); at
/// most 4 breakpoints; a 1-hour breakpoint may not follow a 5-minute one.
package struct PromptLayout: Sendable, Equatable {
    /// A cache breakpoint: the prefix it closes.
    package struct Breakpoint: Sendable, Equatable {
        /// Tokens from the start of the prompt to the end of the marked block.
        public var tokens: Int
        /// The prefix's identity: a hash of the model and every block up to here, without their `cache_control`.
        public var key: UInt64
        /// How long an entry written here lives.
        public var ttl: TTL
        /// Where the marked block is (`system.0`), for the cache view.
        public var location: String
    }

    /// A cache entry's lifetime.
    package enum TTL: String, Sendable, Equatable {
        case fiveMinutes = "5m"
        case oneHour = "1h"

        /// The lifetime in seconds.
        public var seconds: Int64 { self == .oneHour ? 3_600 : 300 }
    }

    /// The breakpoints, in prompt order.
    public var breakpoints: [Breakpoint]
    /// Every input token of the request (``TokenEstimator``'s count); 0 when there are no
    /// breakpoints (nothing to split, so nothing counted).
    public var totalTokens: Int

    /// Whether any `cache_control` key is where a breakpoint can be (a quick look, no counting).
    static func marksCache(_ body: JSONObject) -> Bool {
        func marked(_ blocks: JSONValue?) -> Bool { blocks?.arrayValue?.contains { $0["cache_control"] != nil } ?? false }
        return body["cache_control"] != nil || marked(body["tools"]) || marked(body["system"])
            || (body["messages"]?.arrayValue?.contains { marked($0["content"]) } ?? false)
    }

    /// The most breakpoints a request may mark.
    static let maximumBreakpoints = 4

    /// The layout of a Messages body for `model`; a malformed or excess `cache_control` is the 400 the API sends.
    ///
    /// [UNVERIFIED] The wording of these 400s: the breakpoint count follows the message seen in
    /// public reports ("A maximum of 4 blocks with cache_control may be provided. Found 5."); the
    /// others follow the validator's style.
    package static func of(_ body: JSONObject, model: String) throws(APIError) -> PromptLayout {
        // Most requests mark nothing: they are not counted or hashed here at all.
        guard marksCache(body) else { return PromptLayout(breakpoints: [], totalTokens: 0) }
        let segments = TokenEstimator.segments(body)
        let total = segments.reduce(0) { Checked.add($0, $1.tokens) }
        // The top-level form marks the last block (the request's framing is not a block).
        let topLevel = segments.count > 1 ? body["cache_control"] : nil
        func control(_ index: Int) -> JSONValue? {
            let own = segments[index].cacheControl
            return own ?? (index == segments.count - 1 ? topLevel : nil)
        }
        var layout = PromptLayout(breakpoints: [], totalTokens: total)
        // Without a breakpoint nothing is hashed: the common request pays nothing here.
        guard segments.indices.contains(where: { control($0).map { !$0.isNull } ?? false }) else { return layout }
        var hash = StableHash.of([model], seed: 0)
        var tokens = 0
        var sawFiveMinutes = false
        for (index, segment) in segments.enumerated() {
            tokens = Checked.add(tokens, segment.tokens)
            hash = StableHash.of([String(hash), segment.fingerprint], seed: 0)
            guard let control = control(index), !control.isNull else { continue }
            let path = segment.location + ".cache_control"
            guard let object = control.objectValue else { throw .invalidRequest("\(path): Input should be a valid dictionary") }
            guard object["type"]?.stringValue == "ephemeral" else { throw .invalidRequest("\(path).type: Input should be 'ephemeral'") }
            guard let ttl = object["ttl"].map({ $0.stringValue.flatMap(TTL.init(rawValue:)) }) ?? .fiveMinutes else {
                throw .invalidRequest("\(path).ttl: Input should be '5m' or '1h'")
            }
            if ttl == .oneHour, sawFiveMinutes {
                throw .invalidRequest("\(path).ttl: a cache_control with ttl '1h' must come before any with ttl '5m' (tools, then system, then messages)")
            }
            sawFiveMinutes = sawFiveMinutes || ttl == .fiveMinutes
            layout.breakpoints.append(Breakpoint(tokens: tokens, key: hash, ttl: ttl, location: segment.location))
        }
        if layout.breakpoints.count > maximumBreakpoints {
            throw .invalidRequest("A maximum of \(maximumBreakpoints) blocks with cache_control may be provided. Found \(layout.breakpoints.count).")
        }
        return layout
    }
}
