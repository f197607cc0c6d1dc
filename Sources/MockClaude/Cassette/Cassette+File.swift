import Foundation

extension Cassette {
    /// The cassette as a file: its directives, then each event after its delay line, then the
    /// trailer. `CassetteParser.parse(_:source:)` reads it back to an equal cassette.
    ///
    /// Free-text values are written on one line (line breaks become spaces, outer spaces go), and
    /// a body that does not survive a `:@ body` line as it is goes in base64.
    public func fileBytes() -> [UInt8] {
        func oneLine(_ text: String) -> String {
            text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ").trimmingSpaces
        }
        var text = CassetteDirective.status.line(String(status))
        for field in headers { text += CassetteDirective.header.line("\(field.name): \(field.value)") }
        if let request { text += CassetteDirective.request.line(oneLine(request)) }
        if let recorded { text += CassetteDirective.recorded.line(oneLine(recorded)) }
        if let baseURL { text += CassetteDirective.baseURL.line(oneLine(baseURL)) }
        if let body {
            let plain = String(decoding: body, as: UTF8.self)
            if Array(plain.utf8) == body, oneLine(plain) == plain {
                text += CassetteDirective.body.line(plain)
            } else {
                text += CassetteDirective.bodyBase64.line(Data(body).base64EncodedString())
            }
        }
        if interrupted { text += CassetteDirective.interrupted.line() }
        var bytes = Array(text.utf8)
        for event in events {
            bytes += Array(CassetteDirective.delayLine(event.delay).utf8)
            bytes += event.bytes
        }
        bytes += trailer
        return bytes
    }

    /// Writes ``fileBytes()`` to `path` atomically (a temporary file, then a rename).
    public func write(to path: String) throws {
        try Data(fileBytes()).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}

extension Cassette: Equatable {
    /// Two cassettes are equal when their files say the same thing: where a cassette was read
    /// from (``source``, line numbers) is not part of it, and an event is its delay and bytes
    /// (its name, data and JSON are read from the bytes).
    public static func == (a: Cassette, b: Cassette) -> Bool {
        a.status == b.status && a.headers == b.headers && a.request == b.request && a.recorded == b.recorded
            && a.baseURL == b.baseURL && a.body == b.body && a.interrupted == b.interrupted && a.trailer == b.trailer
            && a.events.map(\.delay) == b.events.map(\.delay) && a.events.map(\.bytes) == b.events.map(\.bytes)
    }
}

extension Cassette.Event {
    /// An event from its wire bytes, its name, data and JSON read from them (the parser and the
    /// recorder both make events this way).
    public init(delay: Duration, bytes: [UInt8]) {
        var name: String?, data: [String] = []
        for line in SSE.lines(bytes) {
            guard let field = line.field else { continue }
            switch field.name {
            case "event": name = String(field.value)
            case "data": data.append(String(field.value))
            default: break
            }
        }
        let joined = data.isEmpty ? nil : data.joined(separator: "\n")
        self.init(
            delay: delay, bytes: bytes, name: name, data: joined, json: joined.flatMap { try? JSONValue.parse($0) },
            line: 0, dataLine: 0)
    }
}
