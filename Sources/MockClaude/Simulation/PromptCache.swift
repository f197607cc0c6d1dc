import NIOConcurrencyHelpers

/// The mock's prompt cache: prefixes written per model, on the mock's clock (real or virtual).
///
/// A request reads the longest of its breakpoints' prefixes that is cached and alive
/// (`cache_read_input_tokens`; the read refreshes the entry's TTL), writes every later
/// breakpoint's prefix (`cache_creation_input_tokens`, split by TTL in `cache_creation`), and
/// counts the tokens after its last cached breakpoint as `input_tokens`. A prefix shorter than
/// the model's minimum cacheable length is neither read nor written.
///
/// Not simulated: the API's 20-block lookback before a breakpoint, and invalidation by changed
/// `tool_choice`, images or thinking settings (a changed tool list or system prompt does change
/// every later prefix, so those invalidate as they do for real).
public final class PromptCache: Sendable {
    /// One cached prefix.
    public struct Entry: Sendable, Equatable {
        /// The model it was written for.
        public var model: String
        /// The prefix's identity (a hash of its blocks).
        public var key: UInt64
        /// Its tokens.
        public var tokens: Int
        /// `5m` or `1h`.
        public var ttl: String
        /// When it was written.
        public var written: Timestamp
        /// When it expires unless read again.
        public var expires: Timestamp
        /// How many requests have read it.
        public var reads: Int
        /// The block whose breakpoint wrote it (`system.0`).
        public var location: String
    }

    private struct Key: Hashable {
        var model: String
        var key: UInt64
    }

    private let entries = NIOLockedValueBox<[Key: Entry]>([:])
    /// The most entries kept; past it, expired entries go first, then the ones expiring soonest.
    static let capacity = 10_000

    /// An empty cache.
    public init() {}

    /// The usage a request with `layout` gets at `now`; with `commit`, its reads refresh and
    /// its writes are stored.
    package func account(_ layout: PromptLayout, model: String, now: Timestamp, commit: Bool) -> PromptUsage {
        guard !layout.breakpoints.isEmpty else { return PromptUsage(inputTokens: layout.totalTokens) }
        let minimum = PromptCache.minimumCacheableTokens(model: model)
        let eligible = layout.breakpoints.filter { $0.tokens >= minimum }
        guard !eligible.isEmpty else { return PromptUsage(inputTokens: layout.totalTokens) }
        return entries.withLockedValue { entries in
            let hit = eligible.lastIndex { entries[Key(model: model, key: $0.key)].map { $0.expires > now } ?? false }
            var usage = PromptUsage(inputTokens: 0)
            var cached = 0
            if let hit {
                let breakpoint = eligible[hit]
                usage.cacheRead = breakpoint.tokens
                cached = breakpoint.tokens
                if commit {
                    let key = Key(model: model, key: breakpoint.key)
                    entries[key]?.reads += 1
                    let ttl = max(breakpoint.ttl.seconds, entries[key]?.ttl == "1h" ? 3_600 : 300)
                    entries[key]?.expires = now.adding(seconds: ttl)
                }
            }
            for breakpoint in eligible[(hit.map { $0 + 1 } ?? 0)...] {
                let written = breakpoint.tokens - cached
                if breakpoint.ttl == .oneHour { usage.cacheCreation1h += written } else { usage.cacheCreation5m += written }
                cached = breakpoint.tokens
                if commit {
                    entries[Key(model: model, key: breakpoint.key)] = Entry(
                        model: model, key: breakpoint.key, tokens: breakpoint.tokens, ttl: breakpoint.ttl.rawValue, written: now,
                        expires: now.adding(seconds: breakpoint.ttl.seconds), reads: 0, location: breakpoint.location)
                }
            }
            usage.inputTokens = layout.totalTokens - cached
            if commit, entries.count > PromptCache.capacity { PromptCache.evict(&entries, now: now) }
            return usage
        }
    }

    /// The entries alive at `now`, soonest to expire first.
    public func alive(at now: Timestamp) -> [Entry] {
        entries.withLockedValue { Array($0.values) }.filter { $0.expires > now }.sorted { ($0.expires, $0.key) < ($1.expires, $1.key) }
    }

    /// Forgets every entry.
    public func reset() { entries.withLockedValue { $0 = [:] } }

    private static func evict(_ entries: inout [Key: Entry], now: Timestamp) {
        entries = entries.filter { $0.value.expires > now }
        guard entries.count > capacity else { return }
        let soonest = entries.sorted { $0.value.expires < $1.value.expires }.prefix(entries.count - capacity)
        for (key, _) in soonest { entries[key] = nil }
    }

    /// The shortest prefix a model caches (wire reference §11, from the prompt-caching docs):
    /// 4,096 tokens for Opus 4.6, Opus 4.5 and Haiku 4.5; 2,048 for Sonnet 4.6, Haiku 3.5 and
    /// Haiku 3; 1,024 for Sonnet 4.5, Opus 4.1, Opus 4, Sonnet 4, Sonnet 3.7 and any model not named.
    public static func minimumCacheableTokens(model: String) -> Int {
        if ["opus-4-6", "opus-4-5", "haiku-4-5"].contains(where: model.contains) { return 4_096 }
        if ["sonnet-4-6", "3-5-haiku", "3-haiku"].contains(where: model.contains) { return 2_048 }
        return 1_024
    }
}
