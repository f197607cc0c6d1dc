import MockClaude
import Testing

@Suite struct ReplyShaperTests {
    static func shape(_ reply: Reply, _ body: String, seed: UInt64 = 1) throws(ReplyShaper.Failure) -> ReplyShaper.Shaped {
        var shaper = ReplyShaper(body: try! JSONValue.parse(body).objectValue, ids: IDGenerator(seed: seed), seed: seed)
        return try shaper.shape(reply)
    }

    static let weatherTool =
        #"{"name":"get_weather","input_schema":{"type":"object","properties":{"city":{"type":"string"},"unit":{"enum":["c","f"]}},"required":["city","unit"]}}"#

    @Test func aStopSequenceEndsTheTextBeforeItAndDropsLaterToolCalls() throws {
        let reply = Reply(text: "First part. END and the rest", toolUses: [ToolCall(name: "x", input: [:])])
        let shaped = try Self.shape(reply, #"{"max_tokens":100,"stop_sequences":["rest","END"],"messages":[]}"#)
        #expect(shaped.blocks == [.text("First part. ")])
        #expect(shaped.stopReason == "stop_sequence")
        #expect(shaped.stopSequence == "END")
        #expect(shaped.outputTokens == 1 + 3)
    }

    @Test func maxTokensCutsTheTextWhereTheBudgetRunsOut() throws {
        let text = String(repeating: "abcd", count: 10)  // 40 characters: 11 tokens with the block's one
        let whole = try Self.shape(Reply(text: text), #"{"max_tokens":11,"messages":[]}"#)
        #expect(whole.stopReason == "end_turn" && whole.outputTokens == 11 && whole.blocks == [.text(text)])
        let cut = try Self.shape(Reply(text: text), #"{"max_tokens":4,"messages":[]}"#)
        #expect(cut.blocks == [.text("abcdabcdabcd")])
        #expect(cut.stopReason == "max_tokens" && cut.stopSequence == nil && cut.outputTokens == 4)
    }

    @Test func aToolCallCutMidInputKeepsThePartialJSON() throws {
        let reply = Reply(text: "ok", toolUses: [ToolCall(name: "get_weather", input: ["city": "Paris", "unit": "c"])])
        let shaped = try Self.shape(reply, #"{"max_tokens":8,"messages":[]}"#)
        #expect(shaped.stopReason == "max_tokens" && shaped.outputTokens == 8)
        guard case .toolUse(_, "get_weather", let json) = shaped.blocks.last else {
            Issue.record("no tool call: \(shaped.blocks)")
            return
        }
        // 8 tokens: 2 for "ok", 6 for the call: (6 − 1) × 4 = 20 characters, 11 of them the name.
        #expect(json == #"{"city": "#)
        #expect((try? JSONValue.parse(json)) == nil)
    }

    @Test func thinkingComesFirstWithinItsBudgetAndIsEmptyWhenOmitted() throws {
        let long = String(repeating: "think ", count: 2000)
        let body = #"{"max_tokens":4096,"thinking":{"type":"enabled","budget_tokens":1024},"messages":[]}"#
        let shaped = try Self.shape(Reply(thinking: long, text: "done"), body)
        guard case .thinking(let thinking, let signature) = shaped.blocks.first else {
            Issue.record("thinking not first")
            return
        }
        #expect(thinking.count == 1023 * 4 && !signature.isEmpty)
        let generated = try Self.shape(Reply(text: "done"), body)
        guard case .thinking(let made, _) = generated.blocks.first else {
            Issue.record("no generated thinking")
            return
        }
        #expect(!made.isEmpty)
        let omitted = try Self.shape(
            Reply(text: "done"), body.replacingOccurrences(of: #""budget_tokens":1024"#, with: #""budget_tokens":1024,"display":"omitted""#))
        guard case .thinking("", _) = omitted.blocks.first else {
            Issue.record("omitted thinking has text")
            return
        }
        #expect(try Self.shape(Reply(text: "done"), #"{"max_tokens":10,"messages":[]}"#).blocks == [.text("done")])
    }

    @Test func autoToolUseFollowsToolChoice() throws {
        let tools = "[\(Self.weatherTool)]"
        for choice in [#"{"type":"any"}"#, #"{"type":"tool","name":"get_weather"}"#] {
            let shaped = try Self.shape(Reply(autoToolUse: true), #"{"max_tokens":500,"tools":\#(tools),"tool_choice":\#(choice),"messages":[]}"#)
            guard case .toolUse(let id, "get_weather", let json) = shaped.blocks.first else {
                Issue.record("no call for \(choice): \(shaped.blocks)")
                continue
            }
            #expect(id.hasPrefix("toolu_"))
            let input = try JSONValue.parse(json)
            #expect(input["city"]?.stringValue != nil && ["c", "f"].contains(input["unit"]?.stringValue))
            #expect(shaped.stopReason == "tool_use")
        }
        for choice in [#"{"type":"auto"}"#, #"{"type":"none"}"#] {
            let shaped = try Self.shape(Reply(autoToolUse: true), #"{"max_tokens":500,"tools":\#(tools),"tool_choice":\#(choice),"messages":[]}"#)
            guard case .text(let text) = shaped.blocks.first, shaped.blocks.count == 1 else {
                Issue.record("expected text for \(choice): \(shaped.blocks)")
                continue
            }
            #expect(!text.isEmpty && shaped.stopReason == "end_turn")
        }
    }

    @Test func aScriptedCallWithoutInputGetsOneFromTheSchema() throws {
        let shaped = try Self.shape(Reply(toolUses: [ToolCall(name: "get_weather")]), #"{"max_tokens":500,"tools":[\#(Self.weatherTool)],"messages":[]}"#)
        guard case .toolUse(_, _, let json) = shaped.blocks.first else {
            Issue.record("no call")
            return
        }
        #expect(try JSONValue.parse(json)["unit"] != nil)
        // No such tool in the request: an empty input, as before.
        let bare = try Self.shape(Reply(toolUses: [ToolCall(name: "other")]), #"{"max_tokens":500,"messages":[]}"#)
        #expect(bare.blocks.first == .toolUse(id: bareID(bare), name: "other", json: "{}"))
    }

    func bareID(_ shaped: ReplyShaper.Shaped) -> String {
        if case .toolUse(let id, _, _) = shaped.blocks.first { return id }
        return ""
    }

    @Test func structuredOutputIsAnInstanceOrTheAPIs400() throws {
        let format = #"{"type":"json_schema","schema":{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"],"additionalProperties":false}}"#
        let shaped = try Self.shape(Reply(), #"{"max_tokens":500,"output_config":{"format":\#(format)},"messages":[]}"#)
        guard case .text(let text) = shaped.blocks.first else {
            Issue.record("no text")
            return
        }
        #expect(try JSONValue.parse(text)["n"]?.intValue != nil)
        let refused = #"{"max_tokens":500,"output_config":{"format":{"type":"json_schema","schema":{"type":"string","minLength":2}}},"messages":[]}"#
        #expect(throws: ReplyShaper.Failure.api(.invalidRequest("output_config.format.schema: #: 'minLength' is not supported in structured outputs"))) {
            try Self.shape(Reply(), refused)
        }
        let unmakeable =
            #"{"max_tokens":500,"tools":[{"name":"t","input_schema":{"type":"object","properties":{"a":{"type":"string","pattern":"(?=x)x"}},"required":["a"]}}],"tool_choice":{"type":"any"},"messages":[]}"#
        do {
            _ = try Self.shape(Reply(autoToolUse: true), unmakeable)
            Issue.record("no failure")
        } catch {
            guard case .mock(let mock) = error else {
                Issue.record("not the mock's error: \(error)")
                return
            }
            #expect(mock.kind == .cannotSynthesize && mock.status == 400 && mock.message.contains("'pattern'"))
        }
    }

    @Test func theSameSeedShapesTheSameReply() throws {
        let body = #"{"max_tokens":500,"tools":[\#(Self.weatherTool)],"tool_choice":{"type":"any"},"messages":[]}"#
        #expect(try Self.shape(Reply(autoToolUse: true), body, seed: 9) == Self.shape(Reply(autoToolUse: true), body, seed: 9))
    }
}
