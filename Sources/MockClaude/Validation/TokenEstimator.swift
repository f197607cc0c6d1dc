import Foundation

/// A deterministic estimate of input tokens, the same on every run (not the real tokenizer).
///
/// - text (messages, system, tool results): one token per four characters, rounded up;
/// - each message: three tokens of framing; each request: seven;
/// - each tool: its definition as compact JSON, one token per four characters;
/// - each image: width × height / 750 from its header (the docs' rule), 1,600 when the size is
///   unknown (URL images);
/// - each document: its text or base64 length / 4.
public enum TokenEstimator {
    /// The estimate for a Messages or count_tokens body.
    public static func inputTokens(_ body: JSONObject) -> Int {
        var tokens = 7
        func text(_ string: String) -> Int { (string.count + 3) / 4 }
        func blocks(_ value: JSONValue?) -> Int {
            if let string = value?.stringValue { return text(string) }
            return (value?.arrayValue ?? []).reduce(0) { total, block in
                switch block["type"]?.stringValue {
                case "text": return total + text(block["text"]?.stringValue ?? "")
                case "image": return total + image(block["source"])
                case "document": return total + text(block["source"]?["data"]?.stringValue ?? block["source"]?["content"]?.compactString ?? "")
                case "tool_result": return total + blocks(block["content"])
                case "tool_use": return total + text(block["input"]?.compactString ?? "") + text(block["name"]?.stringValue ?? "")
                case "thinking": return total + text(block["thinking"]?.stringValue ?? "")
                default: return total + text(block.compactString)
                }
            }
        }
        func image(_ source: JSONValue?) -> Int {
            guard source?["type"]?.stringValue == "base64", let data = source?["data"]?.stringValue,
                  let bytes = Data(base64Encoded: data), let info = ImageInspector.inspect(Array(bytes)), info.width > 0 else { return 1_600 }
            return max(1, info.width * info.height / 750)
        }
        tokens += blocks(body["system"])
        for message in body["messages"]?.arrayValue ?? [] { tokens += 3 + blocks(message["content"]) }
        for tool in body["tools"]?.arrayValue ?? [] { tokens += text(tool.compactString) }
        return tokens
    }
}
