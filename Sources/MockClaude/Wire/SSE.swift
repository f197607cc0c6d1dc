/// SSE encoding as the real API writes it: `event:` line, one compact `data:` line, blank line.
public enum SSE {
    /// The bytes of one event.
    public static func event(name: String, data: String) -> [UInt8] {
        Array("event: \(name)\ndata: \(data)\n\n".utf8)
    }

    /// The event with its data cut in half, so it is no longer valid JSON.
    static func breakingData(of event: [UInt8]) -> [UInt8] {
        var broken = false
        return mapLines(event) { line in
            guard !broken, line.field?.name == "data" else { return nil }
            broken = true
            return Array(line.content.prefix(max(6, line.content.count / 2)))
        }
    }
}
