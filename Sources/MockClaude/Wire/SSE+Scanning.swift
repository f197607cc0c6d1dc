/// The one place SSE bytes are cut into lines, fields and events: the cassette parser and writer,
/// the file repairer, the redactor and the recorder's live display all read SSE through these.
///
/// A line ends at LF; a CR before it belongs to the terminator. (The SSE spec also ends a line at
/// a lone CR; the API never sends one, and a recorder reading chunks could not tell a lone CR from
/// the first half of CRLF, so a lone CR stays part of the line.) An event ends at a blank line.
extension SSE {
    /// One line: its bytes including the terminator, and its content without it.
    public struct Line: Sendable {
        /// The line as it is in the stream, terminator included.
        public var bytes: ArraySlice<UInt8>
        /// The line without its LF or CRLF.
        public var content: ArraySlice<UInt8> {
            var content = bytes
            if content.last == UInt8(ascii: "\n") { content = content.dropLast() }
            if content.last == UInt8(ascii: "\r") { content = content.dropLast() }
            return content
        }
        /// Whether it has a terminator (only the last line of unfinished bytes lacks one).
        public var isTerminated: Bool { bytes.last == UInt8(ascii: "\n") }
        /// A terminated line with no content: the end of an event.
        public var isBlank: Bool { isTerminated && content.isEmpty }
        /// `field: value` split as SSE does (one space after the colon dropped); a comment line
        /// has an empty name. `nil` for a blank line.
        public var field: (name: Substring, value: Substring)? {
            let text = String(decoding: content, as: UTF8.self)
            guard !text.isEmpty else { return nil }
            guard let colon = text.firstIndex(of: ":") else { return (Substring(text), "") }
            var value = text[text.index(after: colon)...]
            if value.first == " " { value = value.dropFirst() }
            return (text[..<colon], value)
        }
    }

    /// The lines of `bytes`, each with its terminator; the last may lack one.
    public static func lines(_ bytes: ArraySlice<UInt8>) -> [Line] {
        var lines: [Line] = []
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? bytes.endIndex
            lines.append(Line(bytes: bytes[start..<end]))
            start = end
        }
        return lines
    }

    /// The lines of `bytes` (see ``lines(_:)-(ArraySlice<UInt8>)``).
    public static func lines(_ bytes: [UInt8]) -> [Line] { lines(bytes[...]) }

    /// Where events end, fed one line at a time: at a blank line after a field line. Blank
    /// lines and comments with no field before them belong to the event that follows.
    public struct EventCutter: Sendable {
        private var sawField = false
        /// A cutter at the start of a stream.
        public init() {}

        /// Whether `line` ends an event.
        public mutating func ends(at line: Line) -> Bool {
            if line.isBlank {
                defer { sawField = false }
                return sawField
            }
            if let field = line.field, !field.name.isEmpty { sawField = true }
            return false
        }

        /// Whether a field has been read since the last event ended.
        public var isInsideEvent: Bool { sawField }
    }

    /// Where the first complete event in `bytes` ends (just after its blank line), or `nil` while
    /// no event has ended.
    public static func eventEnd(in bytes: [UInt8]) -> Int? {
        var cutter = EventCutter()
        var start = 0
        while let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) {
            if cutter.ends(at: Line(bytes: bytes[start...newline])) { return newline + 1 }
            start = newline + 1
        }
        return nil
    }

    /// The complete events in `bytes`, each with its blank line; bytes after the last complete
    /// event are not included (their count is the rest of `bytes`).
    package static func events(in bytes: [UInt8]) -> [[UInt8]] {
        var cutter = EventCutter()
        var events: [[UInt8]] = []
        var eventStart = 0
        for line in lines(bytes) where cutter.ends(at: line) {
            let end = line.bytes.endIndex
            events.append(Array(bytes[eventStart..<end]))
            eventStart = end
        }
        return events
    }

    /// `bytes` with the content of each line `transform` answers for replaced, every other byte
    /// (terminators included) kept as it was.
    package static func mapLines(_ bytes: [UInt8], _ transform: (Line) -> [UInt8]?) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for line in lines(bytes) {
            if let replaced = transform(line) {
                out += replaced
                out += line.bytes[line.content.endIndex...]
            } else {
                out += line.bytes
            }
        }
        return out
    }
}
