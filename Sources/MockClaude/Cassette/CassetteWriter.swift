import Foundation

/// Builds a cassette file from a response as it was received, and writes it atomically.
///
/// Feed it the body bytes as they arrive (``append(_:)``); for an SSE body each event is cut at
/// its blank line and stamped with the time since the previous one, so replay keeps the pace.
/// ```swift
/// var writer = CassetteWriter(status: 200, headers: headers, isEventStream: true, request: "POST /v1/messages")
/// writer.append(chunk)          // as each chunk arrives
/// try writer.write(to: "Cassettes/recorded.sse")
/// ```
public struct CassetteWriter: Sendable {
    public var status: Int
    /// Response headers as they will be written (secrets already removed by the caller).
    public var headers: HTTPHeaderList
    public var isEventStream: Bool
    /// What request this answered (free text; secrets already removed).
    public var request: String?
    /// The recorder's own base URL, when the body links back to it.
    public var baseURL: String?
    /// Set when the body was cut before it ended.
    public var interrupted = false
    /// Applied to each event's bytes before they are kept (secret redaction).
    public var eventTransform: (@Sendable ([UInt8]) -> [UInt8])?

    private var events: [(delay: Duration, bytes: [UInt8])] = []
    private var pending: [UInt8] = []
    private var last: ContinuousClock.Instant

    public init(status: Int, headers: HTTPHeaderList, isEventStream: Bool, request: String?, start: ContinuousClock.Instant = .now) {
        self.status = status
        self.headers = headers
        self.isEventStream = isEventStream
        self.request = request
        self.last = start
    }

    /// Body bytes as they arrived at `now`.
    public mutating func append(_ bytes: [UInt8], now: ContinuousClock.Instant = .now) {
        pending += bytes
        guard isEventStream else { return }
        while let end = CassetteWriter.eventEnd(in: pending) {
            let event = Array(pending[..<end])
            events.append((now - last, eventTransform?(event) ?? event))
            pending.removeFirst(end)
            last = now
        }
    }

    /// Where the first complete event in `bytes` ends (after its blank line), if there is one.
    static func eventEnd(in bytes: [UInt8]) -> Int? {
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] == 10 && bytes[index + 1] == 10 { return index + 2 }
            if index + 3 < bytes.count, bytes[index] == 13, bytes[index + 1] == 10, bytes[index + 2] == 13, bytes[index + 3] == 10 { return index + 4 }
            index += 1
        }
        return nil
    }

    /// How many events have been cut so far.
    public var eventCount: Int { events.count }

    /// The cassette file's bytes.
    public func fileBytes(recordedAt: Timestamp = .now) -> [UInt8] {
        var text = ":@ status \(status)\n"
        for field in headers { text += ":@ header \(field.name): \(field.value)\n" }
        if let request { text += ":@ request \(request.replacingOccurrences(of: "\n", with: " "))\n" }
        text += ":@ recorded \(recordedAt.rfc3339Seconds)\n"
        if let baseURL { text += ":@ base-url \(baseURL)\n" }
        if interrupted { text += ":@ interrupted\n" }
        var bytes = Array(text.utf8)
        if isEventStream {
            for event in events {
                bytes += Array(":@ +\(DelayText.format(event.delay))\n".utf8) + event.bytes
            }
            bytes += pending  // bytes after the last complete event, kept as they came
        } else if !pending.isEmpty {
            let body = String(decoding: pending, as: UTF8.self)
            if !body.contains("\n"), !body.contains("\r"), Array(body.utf8) == pending {
                bytes += Array(":@ body \(body)\n".utf8)
            } else {
                bytes += Array(":@ body-base64 \(Data(pending).base64EncodedString())\n".utf8)
            }
        }
        return bytes
    }

    /// Writes the cassette to `path` atomically (a temporary file, then a rename).
    public func write(to path: String) throws {
        try Data(fileBytes()).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
