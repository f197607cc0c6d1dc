import Foundation

/// A deterministic estimate of input tokens, the same on every run (not the real tokenizer).
///
/// - text (messages, system, tool results): one token per four characters, rounded up;
/// - each message: three tokens of framing; each request: seven;
/// - each tool: its definition as compact JSON, one token per four characters;
/// - each image: width × height / 750 from its header (the docs' rule), 1,600 when the size is
///   unknown (URL images);
/// - each document: its text or base64 length / 4.
///
/// The estimate is a sum over the prompt's pieces in the API's order (tools, system, messages),
/// which prompt caching reads as prefixes: ``segments(_:)``.
package enum TokenEstimator {
    /// One piece of the prompt: a tool, a system block, a message block (the request's framing
    /// first), with its tokens and its `cache_control`, if any.
    package struct Segment: Sendable {
        /// Its tokens, as counted toward the total.
        public var tokens: Int
        /// The block as sent.
        public var block: JSONValue
        /// The message's role for a message's first block (a cached prefix includes it).
        public var framing: String
        /// Where it is in the body (`tools.0`, `system.1`, `messages.2.content.0`), for messages.
        public var location: String

        /// Its `cache_control`, when it marks a cache breakpoint.
        public var cacheControl: JSONValue? { block["cache_control"] }

        /// Its content as canonical JSON without `cache_control`: what a cached prefix is made of.
        public var fingerprint: String {
            guard case .object(var object) = block else { return framing + block.compactString }
            object["cache_control"] = nil
            return framing + JSONValue.object(object).canonical.compactString
        }
    }

    /// The estimate for a Messages or count_tokens body.
    public static func inputTokens(_ body: JSONObject) -> Int {
        var total = 0
        walk(body) { _, tokens, _, _ in total = Checked.add(total, tokens) }
        return total
    }

    /// The prompt's pieces in the order the API caches them: the request's framing, each tool,
    /// each system block, each message block (a message's framing counted with its first block).
    public static func segments(_ body: JSONObject) -> [Segment] {
        var segments: [Segment] = []
        walk(body) { block, tokens, framing, location in
            segments.append(Segment(tokens: tokens, block: block, framing: framing(), location: location()))
        }
        return segments
    }

    /// Visits each part of the request in the API's order with its count; the framing and the
    /// location are made only when asked for (counting alone needs neither).
    private static func walk(_ body: JSONObject, _ visit: (JSONValue, Int, () -> String, () -> String) -> Void) {
        visit(.null, 7, { "" }, { "request" })
        for (index, tool) in (body["tools"]?.arrayValue ?? []).enumerated() {
            visit(tool, text(tool.compactString), { "" }, { "tools.\(index)" })
        }
        switch body["system"] {
        case .string(let string)?: visit(.string(string), text(string), { "" }, { "system" })
        case .array(let blocks)?:
            for (index, block) in blocks.enumerated() { visit(block, tokens(of: block), { "" }, { "system.\(index)" }) }
        default: break
        }
        // Closures written in each call (not kept in a variable) need no allocation.
        for (index, message) in (body["messages"]?.arrayValue ?? []).enumerated() {
            switch message["content"] {
            case .array(let blocks)? where !blocks.isEmpty:
                for (position, block) in blocks.enumerated() {
                    visit(
                        block, Checked.add(position == 0 ? 3 : 0, tokens(of: block)), { position == 0 ? framing(message) : "" },
                        { "messages.\(index).content.\(position)" })
                }
            case .string(let string)?:
                visit(.string(string), Checked.add(3, text(string)), { framing(message) }, { "messages.\(index).content" })
            default: visit(.null, 3, { framing(message) }, { "messages.\(index)" })
            }
        }
    }

    /// A message's framing: its role.
    private static func framing(_ message: JSONValue) -> String { "\(message["role"]?.stringValue ?? "-"):" }

    static func text(_ string: String) -> Int { (string.count + 3) / 4 }

    /// One content block's tokens.
    static func tokens(of block: JSONValue) -> Int {
        if let string = block.stringValue { return text(string) }
        switch block["type"]?.stringValue {
        case "text": return text(block["text"]?.stringValue ?? "")
        case "image": return image(block["source"])
        case "document": return text(block["source"]?["data"]?.stringValue ?? block["source"]?["content"]?.compactString ?? "")
        case "tool_result":
            if let string = block["content"]?.stringValue { return text(string) }
            return (block["content"]?.arrayValue ?? []).reduce(0) { Checked.add($0, tokens(of: $1)) }
        case "tool_use": return Checked.add(text(block["input"]?.compactString ?? ""), text(block["name"]?.stringValue ?? ""))
        case "thinking": return text(block["thinking"]?.stringValue ?? "")
        default: return text(block.compactString)
        }
    }

    static func image(_ source: JSONValue?) -> Int {
        guard source?["type"]?.stringValue == "base64", let data = source?["data"]?.stringValue,
            let bytes = Data(base64Encoded: data), let info = ImageInspector.inspect(Array(bytes)), info.width > 0
        else { return 1_600 }
        // A header may claim up to 2^32 pixels a side: the product is held, not overflowed.
        return max(1, Int(Checked.multiply(Int64(info.width), Int64(info.height)) / 750))
    }
}
