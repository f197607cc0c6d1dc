import MockClaude
import Testing

@Suite struct PromptCacheTests {
    static let start = Timestamp(microseconds: 1_700_000_000_000_000)
    /// A system prompt of about 5,000 tokens: above every model's minimum.
    static let longSystem = String(repeating: "You are a careful assistant. ", count: 700)

    static func body(
        system: String = longSystem, ttl: String? = nil, tools: String = "[]", user: String = "hello", model: String = "claude-sonnet-4-5"
    ) -> JSONObject {
        let control = ttl.map { #"{"type":"ephemeral","ttl":"\#($0)"}"# } ?? #"{"type":"ephemeral"}"#
        let json = #"""
            {"model":"\#(model)","max_tokens":100,"tools":\#(tools),
             "system":[{"type":"text","text":"\#(system)","cache_control":\#(control)}],
             "messages":[{"role":"user","content":"\#(user)"}]}
            """#
        return try! JSONValue.parse(json).objectValue!
    }

    static func account(_ cache: PromptCache, _ body: JSONObject, at seconds: Int64) throws -> PromptUsage {
        let model = body["model"]?.stringValue ?? ""
        return cache.account(try PromptLayout.of(body, model: model), model: model, now: start.adding(seconds: seconds), commit: true)
    }

    @Test func writeThenReadThenReadAndInputIsWhatFollows() throws {
        let cache = PromptCache()
        let body = Self.body()
        let layout = try PromptLayout.of(body, model: "claude-sonnet-4-5")
        let prefix = try #require(layout.breakpoints.first?.tokens)
        #expect(layout.totalTokens == TokenEstimator.inputTokens(body))
        let first = try Self.account(cache, body, at: 0)
        #expect(first == PromptUsage(inputTokens: layout.totalTokens - prefix, cacheCreation5m: prefix))
        let second = try Self.account(cache, body, at: 10)
        #expect(second == PromptUsage(inputTokens: layout.totalTokens - prefix, cacheRead: prefix))
        #expect(try Self.account(cache, body, at: 20) == second)
        #expect(cache.alive(at: Self.start.adding(seconds: 20)).first?.reads == 2)
    }

    @Test func fiveMinutesAfterTheLastReadTheEntryIsGoneButAnHourLives() throws {
        let cache = PromptCache()
        _ = try Self.account(cache, Self.body(), at: 0)
        #expect(try Self.account(cache, Self.body(), at: 299).cacheRead > 0)  // the read refreshes: alive until 599
        #expect(try Self.account(cache, Self.body(), at: 598).cacheRead > 0)
        #expect(try Self.account(cache, Self.body(), at: 898 + 1).cacheCreation5m > 0)  // expired: written again

        let hourly = PromptCache()
        let body = Self.body(ttl: "1h")
        #expect(try Self.account(hourly, body, at: 0).cacheCreation1h > 0)
        #expect(try Self.account(hourly, body, at: 3_000).cacheRead > 0)
        #expect(try Self.account(hourly, body, at: 3_000 + 3_601).cacheCreation1h > 0)
    }

    @Test func aChangedToolListOrSystemPromptInvalidates() throws {
        let cache = PromptCache()
        _ = try Self.account(cache, Self.body(), at: 0)
        let tools = #"[{"name":"t","input_schema":{"type":"object"}}]"#
        #expect(try Self.account(cache, Self.body(tools: tools), at: 1).cacheRead == 0)
        #expect(try Self.account(cache, Self.body(system: Self.longSystem + "!"), at: 2).cacheRead == 0)
        // A different user turn after the breakpoint still reads it.
        #expect(try Self.account(cache, Self.body(user: "something else"), at: 3).cacheRead > 0)
        // Another model has its own cache.
        #expect(try Self.account(cache, Self.body(model: "claude-opus-4-1"), at: 4).cacheRead == 0)
    }

    @Test func aPrefixBelowTheModelsMinimumIsNotCached() throws {
        let cache = PromptCache()
        let short = Self.body(system: "Be brief.")
        let usage = try Self.account(cache, short, at: 0)
        #expect(usage == PromptUsage(inputTokens: TokenEstimator.inputTokens(short)))
        #expect(cache.alive(at: Self.start).isEmpty)
        // 5,000 tokens: enough for Sonnet 4.5 (1,024) and Haiku 4.5 (4,096); 2,000 is not for Haiku 4.5.
        let middling = String(repeating: "word ", count: 1_600)
        #expect(try Self.account(cache, Self.body(system: middling, model: "claude-haiku-4-5"), at: 0).cacheCreation == 0)
        #expect(try Self.account(cache, Self.body(system: middling, model: "claude-sonnet-4-5"), at: 0).cacheCreation > 0)
        #expect(PromptCache.minimumCacheableTokens(model: "claude-opus-4-6") == 4_096)
        #expect(PromptCache.minimumCacheableTokens(model: "claude-sonnet-4-6") == 2_048)
    }

    @Test func breakpointsAreCheckedAsTheAPIChecksThem() throws {
        let block = #"{"type":"text","text":"x","cache_control":{"type":"ephemeral"}}"#
        let five = try JSONValue.parse(#"{"model":"m","system":[\#(Array(repeating: block, count: 5).joined(separator: ","))],"messages":[]}"#).objectValue!
        #expect(throws: APIError.invalidRequest("A maximum of 4 blocks with cache_control may be provided. Found 5.")) {
            try PromptLayout.of(five, model: "m")
        }
        let badTTL = try JSONValue.parse(#"{"model":"m","system":[{"type":"text","text":"x","cache_control":{"type":"ephemeral","ttl":"2h"}}],"messages":[]}"#)
            .objectValue!
        #expect(throws: APIError.invalidRequest("system.0.cache_control.ttl: Input should be '5m' or '1h'")) { try PromptLayout.of(badTTL, model: "m") }
        let order = try JSONValue.parse(
            #"{"model":"m","system":[{"type":"text","text":"x","cache_control":{"type":"ephemeral"}},{"type":"text","text":"y","cache_control":{"type":"ephemeral","ttl":"1h"}}],"messages":[]}"#
        ).objectValue!
        #expect(throws: APIError.self) { try PromptLayout.of(order, model: "m") }
        // The top-level form marks the last block.
        let topLevel = try JSONValue.parse(#"{"model":"m","cache_control":{"type":"ephemeral"},"messages":[{"role":"user","content":"hi"}]}"#).objectValue!
        let layout = try PromptLayout.of(topLevel, model: "m")
        #expect(layout.breakpoints.map(\.location) == ["messages.0.content"])
        #expect(layout.breakpoints.first?.tokens == layout.totalTokens)
    }

    @Test func mixedTTLsSplitTheWrittenTokens() throws {
        let text = String(repeating: "tool text ", count: 600)
        let tools = #"[{"name":"t","description":"\#(text)","input_schema":{"type":"object"},"cache_control":{"type":"ephemeral","ttl":"1h"}}]"#
        let cache = PromptCache()
        let body = Self.body(tools: tools)
        let layout = try PromptLayout.of(body, model: "claude-sonnet-4-5")
        #expect(layout.breakpoints.map(\.ttl) == [.oneHour, .fiveMinutes])
        let usage = try Self.account(cache, body, at: 0)
        #expect(usage.cacheCreation1h == layout.breakpoints[0].tokens)
        #expect(usage.cacheCreation5m == layout.breakpoints[1].tokens - layout.breakpoints[0].tokens)
        // Ten minutes on, the 5m entry is gone and the 1h one is read.
        let later = try Self.account(cache, body, at: 600)
        #expect(later.cacheRead == layout.breakpoints[0].tokens && later.cacheCreation5m == usage.cacheCreation5m)
    }
}
