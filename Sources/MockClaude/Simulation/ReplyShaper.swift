/// Fits a scripted ``Reply`` to the request it answers, as the model would have: tool calls whose
/// input follows the tool's schema, structured output that follows `output_config.format`,
/// thinking first and within its budget when enabled, `stop_sequences` and `max_tokens` honoured.
///
/// Output tokens are counted as the synthesizer always has: each block costs one token plus one
/// per four characters of its content (a tool call's name and input JSON), rounded up. A reply
/// longer than `max_tokens` is cut in the block where the budget runs out, and a tool call cut
/// there keeps the input JSON written so far (unparseable, as the API's would be).
package struct ReplyShaper {
    /// A reply fitted to its request: its blocks in order, and how it ends.
    package struct Shaped: Sendable, Equatable {
        /// One content block, ready to stream.
        package enum Block: Sendable, Equatable {
            /// Thinking text and its signature.
            case thinking(String, signature: String)
            /// Answer text.
            case text(String)
            /// A tool call, its input as the JSON text streamed (possibly cut short).
            case toolUse(id: String, name: String, json: String)
        }

        /// The blocks, in the order they stream.
        public var blocks: [Block]
        /// `stop_reason`.
        public var stopReason: String
        /// `stop_sequence`: the sequence that ended the text, when one did.
        public var stopSequence: String?
        /// `usage.output_tokens`.
        public var outputTokens: Int
    }

    /// Why the reply cannot be made: the API's own refusal, or the mock's.
    package enum Failure: Error, Equatable {
        /// The 400 the real API would send.
        case api(APIError)
        /// The mock cannot make this answer.
        case mock(MockError)

        /// The plan that answers with this failure.
        func plan(requestID: String, now: Timestamp) -> ResponsePlan {
            switch self {
            case .api(let error): return error.plan(requestID: requestID, now: now)
            case .mock(let error): return error.plan(requestID: requestID, now: now)
            }
        }
    }

    let body: JSONObject
    let ids: IDGenerator
    var random: SplitMix64

    /// A shaper for replies to a request with this body; content is generated from `seed`.
    package init(body: JSONObject?, ids: IDGenerator, seed: UInt64) {
        self.body = body ?? JSONObject()
        self.ids = ids
        self.random = SplitMix64(seed: seed)
    }

    /// The reply fitted to the request.
    package mutating func shape(_ reply: Reply) throws(Failure) -> Shaped {
        var text = reply.text
        var calls = reply.toolUses
        if reply.autoToolUse {
            if let name = demandedTool() { calls.insert(ToolCall(name: name), at: 0) }
            if calls.isEmpty, text == nil, structuredSchema == nil { text = sentence(words: 12) }
        }
        if text == nil, let schema = structuredSchema {
            if let problem = StructuredOutputSchema.problem(in: schema) {
                throw .api(.invalidRequest("output_config.format.schema: \(problem.description)"))
            }
            var generator = SchemaInstanceGenerator(schema: schema, seed: random.next())
            do { text = try generator.instance().compactString } catch {
                throw .mock(
                    MockError(
                        .cannotSynthesize,
                        "mockclaude: cannot synthesize a structured output for output_config.format.schema: \(error) (fix: give the step a 'text:')"))
            }
        }
        if text == nil, calls.isEmpty, reply.thinking == nil { text = sentence(words: 12) }

        var blocks: [(Shaped.Block, cost: Int)] = []
        if let thinking = thinkingText(scripted: reply.thinking) {
            let signature = reply.signature ?? ReplySynthesizer.signature(ids: ids)
            blocks.append((.thinking(thinking, signature: signature), Self.cost(thinking.count)))
        }
        var stopSequence: String?
        if let full = text {
            let (kept, sequence) = cutAtStopSequence(full)
            stopSequence = sequence
            blocks.append((.text(kept), Self.cost(kept.count)))
        }
        if stopSequence == nil {
            for call in calls {
                let input = try input(for: call)
                let json = JSONValue.object(input).spacedString
                blocks.append((.toolUse(id: call.id ?? ids.next("toolu_"), name: call.name, json: json), Self.cost(call.name.count + json.count)))
            }
        }
        let calledTools = blocks.contains { if case .toolUse = $0.0 { true } else { false } }
        var shaped = Shaped(
            blocks: [], stopReason: reply.stopReason ?? (calledTools ? "tool_use" : "end_turn"), stopSequence: stopSequence, outputTokens: 0)
        if stopSequence != nil { shaped.stopReason = "stop_sequence" }

        // max_tokens: blocks fit whole while the budget lasts; the one it runs out in is cut.
        var remaining = body["max_tokens"]?.intValue ?? .max
        for (block, cost) in blocks {
            if cost <= remaining {
                shaped.blocks.append(block)
                remaining -= cost
                shaped.outputTokens = Checked.add(shaped.outputTokens, cost)
                continue
            }
            if remaining >= 1 { shaped.blocks.append(Self.cut(block, toTokens: remaining)) }
            shaped.outputTokens = Checked.add(shaped.outputTokens, remaining)
            shaped.stopReason = "max_tokens"
            shaped.stopSequence = nil
            break
        }
        shaped.outputTokens = max(1, shaped.outputTokens)
        return shaped
    }

    /// What a block of `characters` costs: one token, plus one per four characters.
    static func cost(_ characters: Int) -> Int { 1 + (characters + 3) / 4 }

    /// `block` cut to what `tokens` pay for.
    static func cut(_ block: Shaped.Block, toTokens tokens: Int) -> Shaped.Block {
        let characters = Checked.multiply(Int64(tokens - 1), 4)
        func prefix(_ text: String, _ count: Int64) -> String { String(text.prefix(Int(max(0, min(count, Int64(text.count)))))) }
        switch block {
        case .thinking(let text, let signature): return .thinking(prefix(text, characters), signature: signature)
        case .text(let text): return .text(prefix(text, characters))
        case .toolUse(let id, let name, let json): return .toolUse(id: id, name: name, json: prefix(json, characters - Int64(name.count)))
        }
    }

    // MARK: - The request

    /// `output_config.format.schema` when the format is `json_schema`.
    var structuredSchema: JSONValue? {
        guard let format = body["output_config"]?["format"], format["type"]?.stringValue == "json_schema" else { return nil }
        return format["schema"] ?? .object([:])
    }

    /// The tool `tool_choice` demands: its named tool, or one of the tools for `any`.
    mutating func demandedTool() -> String? {
        let tools = (body["tools"]?.arrayValue ?? []).filter { $0["input_schema"] != nil }.compactMap { $0["name"]?.stringValue }
        switch body["tool_choice"]?["type"]?.stringValue {
        case "tool": return body["tool_choice"]?["name"]?.stringValue
        case "any": return tools.isEmpty ? nil : random.pick(tools)
        default: return nil
        }
    }

    /// The input of a call: as scripted, else an instance of the request's schema for the tool.
    mutating func input(for call: ToolCall) throws(Failure) -> JSONObject {
        if let input = call.input { return input }
        let tools = body["tools"]?.arrayValue ?? []
        guard let index = tools.firstIndex(where: { $0["name"]?.stringValue == call.name }), let schema = tools[index]["input_schema"] else {
            return [:]
        }
        var generator = SchemaInstanceGenerator(schema: schema, seed: random.next())
        let instance: JSONValue
        do { instance = try generator.instance() } catch {
            throw .mock(
                MockError(
                    .cannotSynthesize,
                    "mockclaude: cannot generate an input for tool '\(call.name)' from tools.\(index).input_schema: \(error) (fix: give the step's tool_use an 'input:', or leave the keyword out of the schema)"
                ))
        }
        guard let object = instance.objectValue else {
            throw .mock(
                MockError(.cannotSynthesize, "mockclaude: tools.\(index).input_schema of '\(call.name)' does not describe an object; a tool's input is one"))
        }
        return object
    }

    /// The thinking block's text: as scripted, else generated when the request enables thinking;
    /// within `budget_tokens`, and empty with `display: omitted`.
    mutating func thinkingText(scripted: String?) -> String? {
        let config = body["thinking"]
        let type = config?["type"]?.stringValue
        let enabled = type == "enabled" || type == "adaptive"
        guard var text = scripted ?? (enabled ? "Let me think about this. " + sentence(words: 24) : nil) else { return nil }
        if config?["display"]?.stringValue == "omitted" { return "" }
        if type == "enabled", let budget = config?["budget_tokens"]?.intValue, Self.cost(text.count) > budget {
            if case .thinking(let kept, _) = Self.cut(.thinking(text, signature: ""), toTokens: max(1, budget)) { text = kept }
        }
        return text
    }

    /// The text up to the first of the request's `stop_sequences` in it, and that sequence.
    func cutAtStopSequence(_ text: String) -> (String, String?) {
        let sequences = (body["stop_sequences"]?.arrayValue ?? []).compactMap(\.stringValue).filter { !$0.isEmpty }
        let found = sequences.compactMap { sequence in text.range(of: sequence).map { (start: $0.lowerBound, sequence: sequence) } }
        guard let first = found.min(by: { $0.start < $1.start }) else { return (text, nil) }
        return (String(text[..<first.start]), first.sequence)
    }

    static let vocabulary = [
        "the", "answer", "depends", "on", "context", "and", "a", "few", "careful", "steps", "we", "can", "check", "each", "part",
        "of", "it", "here", "is", "what", "matters", "most", "in", "practice", "so", "let", "us", "look", "closer", "today",
    ]

    /// A sentence of `words` words from the seed.
    mutating func sentence(words: Int) -> String {
        var text = (0..<words).map { _ in random.pick(Self.vocabulary) }.joined(separator: " ")
        text = text.prefix(1).uppercased() + text.dropFirst()
        return text + "."
    }
}
