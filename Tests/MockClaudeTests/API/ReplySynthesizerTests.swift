import MockClaude
import Testing

@Suite struct ReplySynthesizerTests {
    static let reply = Reply(
        thinking: "Think first.", text: "Let me look that up for you now.",
        toolUses: [ToolCall(name: "get_weather", input: ["location": "Paris, France", "unit": "celsius"])])
    static let body = try! JSONValue.parse(#"{"model":"claude-opus-4-6","max_tokens":1024,"messages":[{"role":"user","content":"weather?"}]}"#).objectValue

    static func cassette(seed: UInt64 = 1) -> Cassette {
        try! ReplySynthesizer(ids: IDGenerator(seed: seed)).cassette(for: reply, request: body, source: "synth")
    }

    @Test func streamFollowsTheWireGrammar() {
        #expect(StreamGrammar.check(Self.cassette()).isEmpty)
        let names = Self.cassette().events.compactMap(\.name)
        #expect(names.first == "message_start" && names.last == "message_stop")
        #expect(names[2] == "ping")
    }

    @Test func toolInputArrivesAsFragmentsAfterAnEmptyOne() throws {
        let deltas = Self.cassette().events.compactMap(\.json).filter { $0["delta"]?["type"] == "input_json_delta" }
        let fragments = deltas.compactMap { $0["delta"]?["partial_json"]?.stringValue }
        #expect(fragments.first == "")
        #expect(fragments.count > 2)
        #expect(fragments.joined() == #"{"location": "Paris, France", "unit": "celsius"}"#)
    }

    @Test func assemblesIntoTheMessageANonStreamingRequestGets() throws {
        guard case .message(let message) = MessageAssembler.assemble(Self.cassette().events.compactMap(\.json)) else {
            Issue.record("no message")
            return
        }
        let blocks = message["content"]?.arrayValue ?? []
        #expect(blocks.map { $0["type"]?.stringValue } == ["thinking", "text", "tool_use"])
        #expect(blocks[0]["signature"]?.stringValue?.isEmpty == false)
        #expect(blocks[1]["text"] == "Let me look that up for you now.")
        #expect(blocks[2]["input"] == .object(["location": "Paris, France", "unit": "celsius"]))
        #expect(blocks[2]["id"]?.stringValue?.hasPrefix("toolu_") == true)
        #expect(message["stop_reason"] == "tool_use")
        #expect(message["model"] == "claude-opus-4-6")
        #expect((message["usage"]?["output_tokens"]?.intValue ?? 0) > 1)
        #expect(message["usage"]?["input_tokens"] == .int(ReplySynthesizer.estimateInputTokens(Self.body)))
    }

    @Test func theSameSeedGivesTheSameBytes() {
        #expect(Self.cassette(seed: 3).bodyBytes == Self.cassette(seed: 3).bodyBytes)
        #expect(Self.cassette(seed: 3).bodyBytes != Self.cassette(seed: 4).bodyBytes)
    }
}
