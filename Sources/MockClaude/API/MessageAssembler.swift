/// Folds a stream's events into the `Message` a non-streaming request would have returned.
///
/// Follows what the SDKs' stream accumulators do (wire reference §3.3): blocks are appended on
/// `content_block_start`; text, thinking and citations deltas append; `signature_delta` replaces;
/// `partial_json` fragments are joined and parsed into `input` on stop (`{}` when there were none);
/// `message_delta` overwrites stop fields and the usage numbers it carries (they are cumulative).
public enum MessageAssembler {
    /// What a stream amounts to.
    public enum Outcome: Sendable, Equatable {
        /// The assembled message.
        case message(JSONObject)
        /// The stream carried an `error` event: the error envelope's inner `error` object.
        case error(type: String, message: String)
    }

    /// Assembles the events' JSON payloads (ping and unknown events are skipped).
    public static func assemble(_ events: [JSONValue]) -> Outcome {
        var message = JSONObject()
        var blocks: [JSONObject] = []
        var jsonBuffers: [Int: String] = [:]

        for event in events {
            guard let type = event["type"]?.stringValue else { continue }
            switch type {
            case "message_start":
                message = event["message"]?.objectValue ?? JSONObject()
            case "content_block_start":
                blocks.append(event["content_block"]?.objectValue ?? JSONObject())
            case "content_block_delta":
                guard let index = event["index"]?.intValue, blocks.indices.contains(index),
                    let delta = event["delta"]?.objectValue
                else { continue }
                apply(delta, to: &blocks[index], jsonBuffer: &jsonBuffers[index, default: ""])
            case "content_block_stop":
                guard let index = event["index"]?.intValue, blocks.indices.contains(index) else { continue }
                if let buffer = jsonBuffers[index], !buffer.isEmpty, let input = try? JSONValue.parse(buffer) {
                    blocks[index]["input"] = input
                }
            case "message_delta":
                if let delta = event["delta"]?.objectValue {
                    for member in delta.members { message[member.key] = member.value }
                }
                if let usage = event["usage"]?.objectValue {
                    var merged = message["usage"]?.objectValue ?? JSONObject()
                    for member in usage.members where !member.value.isNull { merged[member.key] = member.value }
                    message["usage"] = .object(merged)
                }
            case "error":
                let error = event["error"]
                return .error(
                    type: error?["type"]?.stringValue ?? "api_error",
                    message: error?["message"]?.stringValue ?? "Internal server error")
            default:
                continue
            }
        }
        message["content"] = .array(blocks.map { .object($0) })
        return .message(message)
    }

    private static func apply(_ delta: JSONObject, to block: inout JSONObject, jsonBuffer: inout String) {
        switch delta["type"]?.stringValue {
        case "text_delta":
            block["text"] = .string((block["text"]?.stringValue ?? "") + (delta["text"]?.stringValue ?? ""))
        case "thinking_delta":
            block["thinking"] = .string((block["thinking"]?.stringValue ?? "") + (delta["thinking"]?.stringValue ?? ""))
        case "signature_delta":
            block["signature"] = delta["signature"] ?? .string("")
        case "input_json_delta":
            jsonBuffer += delta["partial_json"]?.stringValue ?? ""
        case "citations_delta":
            var citations = block["citations"]?.arrayValue ?? []
            if let citation = delta["citation"] { citations.append(citation) }
            block["citations"] = .array(citations)
        default:
            break
        }
    }
}
