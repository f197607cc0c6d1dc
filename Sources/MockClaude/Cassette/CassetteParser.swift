import Foundation

/// Reads the `.sse` cassette format: SSE events, with mockclaude's metadata in `:@` comment lines.
///
/// Metadata directives:
/// - `:@ status 200`, `:@ header name: value`, `:@ request …`, `:@ recorded …` — before the first event;
/// - `:@ +212ms` or `:@ +1.5s` — the delay before the event that follows.
/// Any other line is wire body and is kept byte for byte.
package enum CassetteParser {
    /// Parses cassette bytes. Problems are reported with `source` as the file name.
    public static func parse(_ bytes: [UInt8], source: String) throws(SourceProblems) -> Cassette {
        var state = State(source: source)
        let lines = SSE.lines(bytes)
        for (index, line) in lines.enumerated() {
            state.consume(line, number: index + 1)
        }
        state.finish(lineCount: lines.count)
        if !state.problems.isEmpty { throw SourceProblems(state.problems) }
        return state.cassette
    }

    private struct State {
        let source: String
        var cassette: Cassette
        var problems: [SourceProblem] = []
        var pendingBytes: [UInt8] = []
        var pendingDelay: Duration?
        var pendingFirstFieldLine: Int?
        var pendingDataLine: Int?
        var sawEvent = false
        var cutter = SSE.EventCutter()

        init(source: String) {
            self.source = source
            self.cassette = Cassette(source: source, status: 200, headers: [], request: nil, recorded: nil, events: [], trailer: [])
        }

        mutating func problem(_ line: Int, _ message: String, fix: String? = nil) {
            problems.append(SourceProblem(file: source, line: line, message: message, fix: fix))
        }

        mutating func consume(_ line: SSE.Line, number: Int) {
            let content = line.content
            if content.starts(with: CassetteDirective.prefix) {
                directive(String(decoding: content.dropFirst(CassetteDirective.prefix.count), as: UTF8.self).trimmingSpaces, line: number)
                return
            }
            pendingBytes += line.bytes
            if cutter.ends(at: line) { return completeEvent() }
            // A blank line outside an event, or an ordinary SSE comment: part of the body.
            guard let (fieldName, _) = line.field, !fieldName.isEmpty else { return }
            let field = String(fieldName)
            if pendingFirstFieldLine == nil { pendingFirstFieldLine = number }
            switch field {
            case "event": break  // read from the bytes with the data when the event ends
            case "data":
                if pendingDataLine == nil { pendingDataLine = number }
            case "id", "retry": break
            default:
                problem(
                    number, "\(SourceProblem.excerpt(field)) is not an SSE field; SSE readers ignore this line",
                    fix: "start the line with 'event:', 'data:' or ':' for a comment")
            }
        }

        mutating func directive(_ body: String, line: Int) {
            if pendingFirstFieldLine != nil {
                problem(line, "mockclaude line inside an event", fix: "move it above the event's first line")
                return
            }
            if body.hasPrefix("+") {
                guard let delay = DelayText.parse(String(body.dropFirst())) else {
                    problem(line, "delay \(SourceProblem.excerpt(body)) is not a duration of at most 400 days", fix: "write it as ':@ +212ms' or ':@ +1.5s'")
                    return
                }
                if pendingDelay != nil { problem(line, "two delays before one event", fix: "keep one ':@ +…' line per event") }
                pendingDelay = delay
                return
            }
            let word = String(body.prefix(while: { $0 != " " }))
            let rest = String(body.dropFirst(word.count)).trimmingSpaces
            guard let directive = CassetteDirective(rawValue: word) else {
                let hint = Suggestion.closest(to: word, in: CassetteDirective.allCases.map(\.rawValue)).map { "did you mean '\($0)'? " } ?? ""
                problem(
                    line, "unknown mockclaude directive \(SourceProblem.excerpt(word))",
                    fix: "\(hint)known: \(CassetteDirective.names.joined(separator: ", ")); a plain comment starts with ': '")
                return
            }
            if directive.isHeading, sawEvent {
                problem(line, "':@ \(word)' after the first event", fix: "move it to the top of the file")
                return
            }
            switch directive {
            case .status:
                guard let status = Int(rest), (100...599).contains(status) else {
                    problem(line, "status \(SourceProblem.excerpt(rest)) is not an HTTP status (100–599)", fix: "write ':@ status 200'")
                    return
                }
                cassette.status = status
            case .header:
                guard let colon = rest.firstIndex(of: ":"), colon != rest.startIndex else {
                    problem(line, "header line has no 'name: value'", fix: "write ':@ header request-id: req_…'")
                    return
                }
                let name = String(rest[..<colon]).trimmingSpaces, value = String(rest[rest.index(after: colon)...]).trimmingSpaces
                if let reason = HTTPHeaderList.problem(name: name, value: value) {
                    problem(line, reason, fix: "write ':@ header name: value' with a token name and a one-line value")
                    return
                }
                cassette.headers.append(name, value)
            case .request: cassette.request = rest
            case .baseURL: cassette.baseURL = rest
            case .body: cassette.body = (cassette.body ?? []) + Array(rest.utf8)
            case .bodyBase64:
                guard let data = Data(base64Encoded: rest) else {
                    problem(line, "body-base64 is not base64", fix: "write the body's bytes in base64 after ':@ body-base64 '")
                    return
                }
                cassette.body = (cassette.body ?? []) + Array(data)
            case .interrupted: cassette.interrupted = true
            case .recorded: cassette.recorded = rest
            }
        }

        mutating func completeEvent() {
            // Name, data and JSON come from the bytes, as for a recorded event; the lines are the parser's.
            var event = Cassette.Event(delay: pendingDelay ?? .zero, bytes: pendingBytes)
            event.line = pendingFirstFieldLine ?? 0
            event.dataLine = pendingDataLine ?? pendingFirstFieldLine ?? 0
            cassette.events.append(event)
            sawEvent = true
            pendingBytes = []
            pendingDelay = nil
            pendingFirstFieldLine = nil
            pendingDataLine = nil
        }

        mutating func finish(lineCount: Int) {
            if let first = pendingFirstFieldLine, !cassette.interrupted {
                // A stream cut while it was recorded may end inside an event: replay sends the
                // bytes as they came, then closes.
                problem(
                    first, "the last event has no blank line after it; the Python SDK never dispatches it",
                    fix: "end the file with an empty line")
            } else if pendingDelay != nil {
                problem(lineCount, "a delay with no event after it", fix: "remove the last ':@ +…' line")
            }
            cassette.trailer = pendingBytes
        }
    }
}

/// Durations written as `212ms`, `1.5s`, `10m`, `48h`, `0`.
enum DelayText {
    /// The duration, or `nil` when the text is not one of the forms, or is negative, not finite or
    /// longer than ``Checked/longestDuration``.
    static func parse(_ text: String) -> Duration? {
        let t = text.trimmingSpaces
        if t == "0" { return .zero }
        for (unit, seconds) in [("ms", 0.001), ("s", 1.0), ("m", 60.0), ("h", 3600.0)] where t.hasSuffix(unit) {
            guard let number = Double(t.dropLast(unit.count)) else { return nil }
            return Checked.duration(seconds: number * seconds)
        }
        return nil
    }

    /// Milliseconds, with the microseconds after a point when there are any (`212ms`,
    /// `0.250ms`): exact for every duration ``parse(_:)`` returns.
    static func format(_ duration: Duration) -> String {
        let microseconds = max(0, duration.saturatingMicroseconds)  // delays are never negative
        let (ms, us) = microseconds.quotientAndRemainder(dividingBy: 1000)
        guard us != 0 else { return "\(ms)ms" }
        let fraction = String(us.magnitude)
        return "\(ms).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)ms"
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
