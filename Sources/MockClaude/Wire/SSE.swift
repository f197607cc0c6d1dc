/// SSE encoding as the real API writes it: `event:` line, one compact `data:` line, blank line.
public enum SSE {
    /// The bytes of one event.
    public static func event(name: String, data: String) -> [UInt8] {
        Array("event: \(name)\ndata: \(data)\n\n".utf8)
    }

    /// The event with its data cut in half, so it is no longer valid JSON.
    static func breakingData(of event: [UInt8]) -> [UInt8] {
        let text = String(decoding: event, as: UTF8.self)
        var lines = text.components(separatedBy: "\n")
        guard let index = lines.firstIndex(where: { $0.hasPrefix("data:") }) else { return event }
        let line = lines[index]
        lines[index] = String(line.prefix(max(6, line.count / 2)))
        return Array(lines.joined(separator: "\n").utf8)
    }
}
