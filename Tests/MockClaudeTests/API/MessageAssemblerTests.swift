import MockClaude
import Testing

@Suite struct MessageAssemblerTests {
    func assemble(_ name: String) throws -> JSONObject {
        let cassette = try Repo.cassette(name)
        guard case .message(let message) = MessageAssembler.assemble(cassette.events.compactMap(\.json)) else {
            Issue.record("\(name) did not assemble into a message")
            return JSONObject()
        }
        return message
    }

    @Test func textStreamBecomesOneTextBlockWithFinalUsage() throws {
        let message = try assemble("haiku.sse")
        #expect(
            message["content"]
                == .array([.object(["type": "text", "text": .string("Silent morning code\nTests pass in the quiet light\nThe mock speaks like rain")])]))
        #expect(message["stop_reason"] == .string("end_turn"))
        #expect(message["stop_sequence"] == .null)
        #expect(message["usage"]?["output_tokens"] == .int(21))
        #expect(message["usage"]?["input_tokens"] == .int(14))
        #expect(message["usage"]?["service_tier"] == .string("standard"))
        #expect(message.keys.prefix(4) == ["model", "id", "type", "role"])
    }

    @Test func toolInputIsTheParsedJoinOfFragments() throws {
        let message = try assemble("tool_use.sse")
        let tool = message["content"]?.arrayValue?[1]
        #expect(tool?["type"] == .string("tool_use"))
        #expect(tool?["input"] == .object(["location": .string("San Francisco, CA"), "unit": .string("fahrenheit")]))
        #expect(message["stop_reason"] == .string("tool_use"))
    }

    @Test func toolWithOnlyTheEmptyFragmentKeepsEmptyInput() {
        let events: [JSONValue] = [
            .object(["type": "message_start", "message": .object(["id": "msg_1"])]),
            .object(["type": "content_block_start", "index": .int(0), "content_block": .object(["type": "tool_use", "input": .object([:])])]),
            .object(["type": "content_block_delta", "index": .int(0), "delta": .object(["type": "input_json_delta", "partial_json": ""])]),
            .object(["type": "content_block_stop", "index": .int(0)]),
        ]
        guard case .message(let message) = MessageAssembler.assemble(events) else {
            Issue.record("no message")
            return
        }
        #expect(message["content"]?.arrayValue?.first?["input"] == .object([:]))
    }

    @Test func thinkingKeepsItsSignatureAndComesFirst() throws {
        let message = try assemble("thinking.sse")
        let blocks = message["content"]?.arrayValue ?? []
        #expect(blocks.map { $0["type"]?.stringValue } == ["thinking", "text"])
        #expect(blocks[0]["signature"]?.stringValue?.hasPrefix("EqQBCgIYAhIM") == true)
        #expect(blocks[0]["thinking"]?.stringValue?.hasSuffix("So it is not prime.") == true)
    }

    @Test func citationsDeltasAppend() {
        let events: [JSONValue] = [
            .object(["type": "message_start", "message": .object([:])]),
            .object(["type": "content_block_start", "index": .int(0), "content_block": .object(["type": "text", "text": ""])]),
            .object(["type": "content_block_delta", "index": .int(0), "delta": .object(["type": "citations_delta", "citation": .object(["cited_text": "a"])])]),
            .object(["type": "content_block_delta", "index": .int(0), "delta": .object(["type": "citations_delta", "citation": .object(["cited_text": "b"])])]),
        ]
        guard case .message(let message) = MessageAssembler.assemble(events) else {
            Issue.record("no message")
            return
        }
        #expect(message["content"]?.arrayValue?.first?["citations"]?.arrayValue?.count == 2)
    }

    @Test func anErrorEventBecomesTheError() throws {
        let cassette = try Repo.cassette("overloaded_mid_stream.sse")
        #expect(MessageAssembler.assemble(cassette.events.compactMap(\.json)) == .error(type: "overloaded_error", message: "Overloaded"))
    }
}
