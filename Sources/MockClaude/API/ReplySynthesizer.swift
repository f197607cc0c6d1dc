/// Turns a ``Reply`` into the event sequence the real API would stream for it, as an in-memory
/// cassette, so synthesized replies and recorded ones share one path to the wire (stream or
/// assembled `Message`).
///
/// The events follow the wire reference §3 and §9: `message_start` with real-looking usage, then
/// thinking (deltas, one `signature_delta` before its stop), text (`text_delta`s of a few words),
/// tool calls (`input: {}` at start, an empty first `partial_json`, then fragments of 3 to 24
/// characters of the input written as Python's `json.dumps` does), `message_delta` with
/// cumulative usage, `message_stop`.
package struct ReplySynthesizer {
    let ids: IDGenerator

    public init(ids: IDGenerator) { self.ids = ids }

    /// The cassette for `reply` answering a request with this body, fitted to it by
    /// ``ReplyShaper`` (schemas, thinking, stop sequences, `max_tokens`); `usage` is the prompt
    /// cache's split of the input (all of it uncached when `nil`); generated content comes from
    /// `seed` (else the next seed of `ids`). With `wire: false` (an answer
    /// assembled into one `Message`, never streamed) the events carry their JSON only, not the
    /// SSE bytes nobody would send.
    public func cassette(
        for reply: Reply, request body: JSONObject?, usage: PromptUsage? = nil, seed: UInt64? = nil, source: String, wire: Bool = true
    ) throws(ReplyShaper.Failure) -> Cassette {
        var random = SplitMix64(seed: seed ?? ids.nextSeed())
        var shaper = ReplyShaper(body: body, ids: ids, seed: random.next())
        let shaped = try shaper.shape(reply)
        let model = reply.model ?? body?["model"]?.stringValue ?? "claude-haiku-4-5"
        let usage = usage ?? PromptUsage(inputTokens: ReplySynthesizer.estimateInputTokens(body))
        var payloads: [JSONValue] = []
        payloads.append(
            .object([
                "type": "message_start",
                "message": .object([
                    "model": .string(model), "id": .string(ids.next("msg_")), "type": "message", "role": "assistant",
                    "content": .array([]), "stop_reason": .null, "stop_sequence": .null, "stop_details": .null,
                    "usage": .object(usage.members(outputTokens: 1, full: true)),
                ]),
            ]))

        for (index, block) in shaped.blocks.enumerated() {
            let start: JSONObject
            let deltas: [JSONObject]
            switch block {
            case .thinking(let thinking, let signature):
                start = ["type": "thinking", "thinking": "", "signature": ""]
                deltas =
                    (thinking.isEmpty ? [] : ReplySynthesizer.chunks(thinking).map { ["type": "thinking_delta", "thinking": .string($0)] })
                    + [["type": "signature_delta", "signature": .string(signature)]]
            case .text(let text):
                start = ["type": "text", "text": ""]
                deltas = ReplySynthesizer.chunks(text).map { ["type": "text_delta", "text": .string($0)] }
            case .toolUse(let id, let name, let json):
                start = ["type": "tool_use", "id": .string(id), "name": .string(name), "input": .object([:])]
                deltas = ([""] + ReplySynthesizer.fragments(json, random: &random)).map { ["type": "input_json_delta", "partial_json": .string($0)] }
            }
            payloads.append(.object(["type": "content_block_start", "index": .int(index), "content_block": .object(start)]))
            if index == 0 { payloads.append(.object(["type": "ping"])) }
            for delta in deltas {
                payloads.append(.object(["type": "content_block_delta", "index": .int(index), "delta": .object(delta)]))
            }
            payloads.append(.object(["type": "content_block_stop", "index": .int(index)]))
        }

        payloads.append(
            .object([
                "type": "message_delta",
                "delta": .object([
                    "stop_reason": .string(shaped.stopReason), "stop_sequence": shaped.stopSequence.map { .string($0) } ?? .null, "stop_details": .null,
                ]),
                "usage": .object(usage.members(outputTokens: shaped.outputTokens, full: false)),
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

    /// `text` cut into pieces of 3 to 24 characters, sizes from `random`, as tool input streams.
    static func fragments(_ text: String, random: inout SplitMix64) -> [String] {
        var pieces: [String] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            let piece = rest.prefix(random.within(3...24))
            pieces.append(String(piece))
            rest = rest.dropFirst(piece.count)
        }
        return pieces
    }

    /// A signature-shaped opaque string (base64 alphabet), from the seeded generator.
    static func signature(ids: IDGenerator) -> String {
        "Eq" + (0..<4).map { _ in String(ids.next("").dropFirst(4)) }.joined()
    }
}
