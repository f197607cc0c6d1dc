/// Checks that a sequence of SSE events is a stream the official SDKs accept.
///
/// Rules (from the wire reference §3): every event has an `event:` name equal to its JSON `type`;
/// `message_start` comes first; content blocks are numbered 0, 1, 2… and never interleave; deltas
/// fit their block's type; a tool's `partial_json` fragments join into a JSON object;
/// `message_delta` usage is cumulative; nothing follows `message_stop` or `error`.
package enum StreamGrammar {
    /// The problems in `cassette`'s events (empty when the stream is well formed).
    public static func check(_ cassette: Cassette) -> [SourceProblem] {
        var checker = Checker(source: cassette.source)
        for event in cassette.events { checker.check(event) }
        checker.finish(lastLine: cassette.events.last?.line ?? 0, interrupted: cassette.interrupted)
        return checker.problems
    }

    private struct Checker {
        let source: String
        var problems: [SourceProblem] = []
        var sawStart = false
        var ended: String?  // "message_stop" or "error"
        var openBlock: (index: Int, type: String, json: String)?
        var nextIndex = 0
        var sawMessageDelta = false
        var startOutputTokens = 0

        mutating func problem(_ line: Int, _ message: String, fix: String? = nil) {
            problems.append(SourceProblem(file: source, line: line, message: message, fix: fix))
        }

        mutating func check(_ event: Cassette.Event) {
            let line = event.line
            guard let data = event.data else {
                problem(line, "event has no 'data:' line", fix: "add 'data: {\"type\":\"…\"}'")
                return
            }
            let json: JSONValue
            do {
                json = try JSONValue.parse(data)
            } catch {
                problem(event.dataLine, "data is not valid JSON (\(error))", fix: "put one JSON object after 'data: '")
                return
            }
            guard let type = json["type"]?.stringValue else {
                problem(line, "data has no string \"type\" member", fix: "add \"type\":\"\(event.name ?? "…")\"")
                return
            }
            guard let name = event.name else {
                problem(
                    line, "event has no 'event:' line; the SDKs dispatch on it and drop this event",
                    fix: "add 'event: \(type)' above the data line")
                return
            }
            if name != type {
                problem(
                    line, "event name \(SourceProblem.excerpt(name)) differs from its JSON type \(SourceProblem.excerpt(type))",
                    fix: "make 'event:' and \"type\" the same")
            }
            if let ended {
                problem(line, "\(SourceProblem.excerpt(name)) after '\(ended)'; clients stop reading there", fix: "remove it or move it earlier")
                return
            }
            if !sawStart && name != "message_start" {
                problem(
                    line, "first event is \(SourceProblem.excerpt(name)), but a stream must start with 'message_start'",
                    fix: "add a message_start event first")
                sawStart = true
            }
            switch name {
            case "message_start":
                if sawStart { problem(line, "second 'message_start'", fix: "one message per stream") }
                sawStart = true
                startOutputTokens = json["message"]?["usage"]?["output_tokens"]?.intValue ?? 0
                if json["message"]?.objectValue == nil { problem(line, "message_start has no \"message\" object") }
            case "content_block_start":
                let index = json["index"]?.intValue ?? -1
                if let open = openBlock {
                    problem(line, "block \(index) starts while block \(open.index) is open", fix: "stop block \(open.index) first")
                }
                if index != nextIndex {
                    problem(line, "block index \(index), expected \(nextIndex)", fix: "number blocks 0, 1, 2… in order")
                }
                if sawMessageDelta { problem(line, "content block after message_delta") }
                let blockType = json["content_block"]?["type"]?.stringValue ?? "?"
                openBlock = (index, blockType, "")
                nextIndex = index + 1
            case "content_block_delta":
                let index = json["index"]?.intValue ?? -1
                guard let open = openBlock, open.index == index else {
                    problem(line, "delta for block \(index), which is not open", fix: "send it between that block's start and stop")
                    return
                }
                let deltaType = json["delta"]?["type"]?.stringValue ?? "?"
                let allowed: [String: Set<String>] = [
                    "text": ["text_delta", "citations_delta"],
                    "tool_use": ["input_json_delta"],
                    "server_tool_use": ["input_json_delta"],
                    "thinking": ["thinking_delta", "signature_delta"],
                ]
                if let ok = allowed[open.type], !ok.contains(deltaType) {
                    problem(
                        line, "\(SourceProblem.excerpt(deltaType)) in a \(open.type) block",
                        fix: "use \(ok.sorted().joined(separator: " or "))")
                }
                if deltaType == "input_json_delta" {
                    openBlock?.json += json["delta"]?["partial_json"]?.stringValue ?? ""
                }
            case "content_block_stop":
                let index = json["index"]?.intValue ?? -1
                guard let open = openBlock, open.index == index else {
                    problem(line, "stop for block \(index), which is not open")
                    return
                }
                if !open.json.isEmpty {
                    if let value = try? JSONValue.parse(open.json), value.objectValue != nil {
                    } else {
                        problem(
                            line, "block \(index)'s partial_json fragments do not join into a JSON object",
                            fix: "check the input_json_delta fragments")
                    }
                }
                openBlock = nil
            case "message_delta":
                if let open = openBlock { problem(line, "message_delta while block \(open.index) is open") }
                if let output = json["usage"]?["output_tokens"]?.intValue, output < startOutputTokens {
                    problem(line, "output_tokens \(output) is below message_start's \(startOutputTokens); usage is cumulative")
                }
                sawMessageDelta = true
            case "message_stop":
                if !sawMessageDelta { problem(line, "message_stop without a message_delta before it", fix: "add a message_delta with stop_reason") }
                ended = "message_stop"
            case "error":
                ended = "error"
            default:
                break  // ping and names the SDKs do not know are ignored by clients
            }
        }

        mutating func finish(lastLine: Int, interrupted: Bool) {
            if !sawStart && !interrupted { problem(lastLine, "the stream has no events", fix: "add at least message_start … message_stop") }
            if ended == nil && sawStart && !interrupted {
                problem(
                    lastLine, "the stream does not end with message_stop or error; TypeScript's finalMessage() rejects it",
                    fix: "add 'event: message_stop' with data {\"type\":\"message_stop\"}")
            }
        }
    }
}
