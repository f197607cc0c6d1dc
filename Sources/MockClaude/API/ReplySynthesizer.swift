/// Turns a ``Reply`` into the event sequence the real API would stream for it, as an in-memory
/// cassette, so synthesized replies and recorded ones share one path to the wire (stream or
/// assembled `Message`).
///
/// The events follow the wire reference §3 and §9: `message_start` with real-looking usage, then
/// thinking (deltas, one `signature_delta` before its stop), text (`text_delta`s of a few words),
/// tool calls (`input: {}` at start, an empty first `partial_json`, then fragments of the input
/// written as Python's `json.dumps` does), `message_delta` with cumulative usage, `message_stop`.
package struct ReplySynthesizer {
    let ids: IDGenerator

    public init(ids: IDGenerator) { self.ids = ids }

    /// The cassette for `reply` answering a request with this body. With `wire: false` (an answer
    /// assembled into one `Message`, never streamed) the events carry their JSON only, not the
    /// SSE bytes nobody would send.
    public func cassette(for reply: Reply, request body: JSONObject?, source: String, wire: Bool = true) -> Cassette {
        let model = reply.model ?? body?["model"]?.stringValue ?? "claude-haiku-4-5"
        let inputTokens = ReplySynthesizer.estimateInputTokens(body)
        var payloads: [JSONValue] = []
        var outputCharacters = 0

        let usage: JSONObject = [
            "input_tokens": .int(inputTokens), "cache_creation_input_tokens": .int(0), "cache_read_input_tokens": .int(0),
            "cache_creation": .object(["ephemeral_5m_input_tokens": .int(0), "ephemeral_1h_input_tokens": .int(0)]),
            "output_tokens": .int(1), "service_tier": .string("standard"), "inference_geo": .string("not_available"),
        ]
        payloads.append(
            .object([
                "type": "message_start",
                "message": .object([
                    "model": .string(model), "id": .string(ids.next("msg_")), "type": "message", "role": "assistant",
                    "content": .array([]), "stop_reason": .null, "stop_sequence": .null, "stop_details": .null, "usage": .object(usage),
                ]),
            ]))

        var index = 0
        func block(_ start: JSONObject, deltas: [JSONObject]) {
            payloads.append(.object(["type": "content_block_start", "index": .int(index), "content_block": .object(start)]))
            if index == 0 { payloads.append(.object(["type": "ping"])) }
            for delta in deltas {
                payloads.append(.object(["type": "content_block_delta", "index": .int(index), "delta": .object(delta)]))
            }
            payloads.append(.object(["type": "content_block_stop", "index": .int(index)]))
            index += 1
        }

        if let thinking = reply.thinking {
            outputCharacters += thinking.count
            let signature = reply.signature ?? ReplySynthesizer.signature(ids: ids)
            block(
                ["type": "thinking", "thinking": "", "signature": ""],
                deltas: ReplySynthesizer.chunks(thinking).map { ["type": "thinking_delta", "thinking": .string($0)] }
                    + [["type": "signature_delta", "signature": .string(signature)]])
        }
        if let text = reply.text {
            outputCharacters += text.count
            block(["type": "text", "text": ""], deltas: ReplySynthesizer.chunks(text).map { ["type": "text_delta", "text": .string($0)] })
        }
        for tool in reply.toolUses {
            let json = JSONValue.object(tool.input).spacedString
            outputCharacters += json.count + tool.name.count
            let fragments = [""] + ReplySynthesizer.fragments(json, size: 12)
            block(
                ["type": "tool_use", "id": .string(tool.id ?? ids.next("toolu_")), "name": .string(tool.name), "input": .object([:])],
                deltas: fragments.map { ["type": "input_json_delta", "partial_json": .string($0)] })
        }

        let stopReason = reply.stopReason ?? (reply.toolUses.isEmpty ? "end_turn" : "tool_use")
        let outputTokens = max(1, (outputCharacters + 3) / 4 + index)
        payloads.append(
            .object([
                "type": "message_delta",
                "delta": .object(["stop_reason": .string(stopReason), "stop_sequence": .null, "stop_details": .null]),
                "usage": .object([
                    "input_tokens": .int(inputTokens), "cache_creation_input_tokens": .int(0), "cache_read_input_tokens": .int(0),
                    "output_tokens": .int(outputTokens),
                ]),
            ]))
        payloads.append(.object(["type": "message_stop"]))

        let events = payloads.map { payload -> Cassette.Event in
            let name = payload["type"]?.stringValue ?? "?"
            guard wire else { return Cassette.Event(delay: .zero, bytes: [], name: name, data: "", json: payload, line: 0, dataLine: 0) }
            // The real API writes ping's data with a space; everything else compact.
            let data = name == "ping" ? #"{"type": "ping"}"# : payload.compactString
            return Cassette.Event(delay: .zero, bytes: SSE.event(name: name, data: data), name: name, data: data, json: payload, line: 0, dataLine: 0)
        }
        return Cassette(source: source, status: 200, headers: [], request: nil, recorded: nil, events: events, trailer: [])
    }

    /// The request's input tokens, as ``TokenEstimator`` (and so `count_tokens`) counts them.
    public static func estimateInputTokens(_ body: JSONObject?) -> Int {
        body.map(TokenEstimator.inputTokens) ?? 1
    }

    /// Text cut into deltas of two words each, spaces leading as in real streams (`" morning code"`).
    static func chunks(_ text: String) -> [String] {
        var chunks: [String] = []
        var current = ""
        var words = 0
        for character in text {
            if character == " " || character == "\n", !current.isEmpty, current.last != " " {
                words += 1
                if words == 2 {
                    chunks.append(current)
                    current = ""
                    words = 0
                }
            }
            current.append(character)
        }
        if !current.isEmpty { chunks.append(current) }
        return chunks.isEmpty ? [""] : chunks
    }

    /// `text` cut into pieces of `size` characters.
    static func fragments(_ text: String, size: Int) -> [String] {
        var pieces: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if current.count == size {
                pieces.append(current)
                current = ""
            }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }

    /// A signature-shaped opaque string (base64 alphabet), from the seeded generator.
    static func signature(ids: IDGenerator) -> String {
        "Eq" + (0..<4).map { _ in String(ids.next("").dropFirst(4)) }.joined()
    }
}
