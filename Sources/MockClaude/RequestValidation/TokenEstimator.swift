import Foundation

/// A deterministic estimate of input tokens, the same on every run (not the real tokenizer).
///
/// - text (messages, system, tool results): one token per four characters, rounded up;
/// - each message: three tokens of framing; each request: seven;
/// - each tool: its definition as compact JSON, one token per four characters;
/// - each image: width × height / 750 from its header (the docs' rule), 1,600 when the size is
///   unknown (URL images);
/// - each document: its text or base64 length / 4.
package enum TokenEstimator {
    /// The estimate for a Messages or count_tokens body.
    public static func inputTokens(_ body: JSONObject) -> Int {
        var tokens = 7
        func text(_ string: String) -> Int { (string.count + 3) / 4 }
        func blocks(_ value: JSONValue?) -> Int {
            if let string = value?.stringValue { return text(string) }
            return (value?.arrayValue ?? []).reduce(0) { total, block in
                let count: Int
                switch block["type"]?.stringValue {
                case "text": count = text(block["text"]?.stringValue ?? "")
                case "image": count = image(block["source"])
                case "document": count = text(block["source"]?["data"]?.stringValue ?? block["source"]?["content"]?.compactString ?? "")
                case "tool_result": count = blocks(block["content"])
                case "tool_use": count = text(block["input"]?.compactString ?? "") + text(block["name"]?.stringValue ?? "")
                case "thinking": count = text(block["thinking"]?.stringValue ?? "")
                default: count = text(block.compactString)
                }
                return Checked.add(total, count)
            }
        }
        func image(_ source: JSONValue?) -> Int {
            guard source?["type"]?.stringValue == "base64", let data = source?["data"]?.stringValue,
                let bytes = Data(base64Encoded: data), let info = ImageInspector.inspect(Array(bytes)), info.width > 0
            else { return 1_600 }
            // A header may claim up to 2^32 pixels a side: the product is held, not overflowed.
            return max(1, Int(Checked.multiply(Int64(info.width), Int64(info.height)) / 750))
        }
        tokens = Checked.add(tokens, blocks(body["system"]))
        for message in body["messages"]?.arrayValue ?? [] { tokens = Checked.add(tokens, Checked.add(3, blocks(message["content"]))) }
        for tool in body["tools"]?.arrayValue ?? [] { tokens += text(tool.compactString) }
        return tokens
    }
}
