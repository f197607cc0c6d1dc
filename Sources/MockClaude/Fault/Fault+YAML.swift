import Yams

/// Faults as scenario files and the admin API write them: the names, each one's settings and
/// defaults, and the reader that turns YAML into a ``Fault`` (with `file:line` problems).
extension Fault {
    /// A fault's name as written in scenario files.
    enum Name: String, CaseIterable {
        case rateLimited = "rate_limited"
        case overloaded
        case shouldRetry = "should_retry"
        case disconnect, reset, stall
        case errorEvent = "error_event"
        case truncate, malformed, drip, latency, hang

        /// The settings it takes in a mapping (`disconnect: {after_events: 3}`).
        var settings: [String] {
            switch self {
            case .rateLimited: return ["retry_after", "retry_after_ms"]
            case .overloaded: return ["status"]
            case .shouldRetry, .latency, .hang: return []
            case .disconnect, .reset, .stall: return ["after_events", "after_bytes"]
            case .errorEvent: return ["at", "type", "message"]
            case .truncate: return ["keep_events"]
            case .malformed: return ["event", "chunked_after_events"]
            case .drip: return ["bytes", "every"]
            }
        }
    }

    /// What a setting left out means.
    enum Defaults {
        /// `rate_limited` with neither retry setting: `retry-after: 1`.
        static let retryAfterSeconds = 1.0
        /// `overloaded` without a status.
        static let overloadedStatus = 529
        /// The statuses the API sends for overload-style failures.
        static let overloadedStatuses: Set<Int> = [500, 502, 503, 504, 529]
        /// `error_event` without a type.
        static let errorEventType = "overloaded_error"
        /// `drip` without settings: 8 bytes every 50 ms.
        static let dripBytes = 8
        static let dripEvery = Duration.milliseconds(50)
    }

    /// Every fault name as written in scenario files.
    public static let names = Name.allCases.map(\.rawValue)

    /// A fault list item: `hang`, or `{disconnect: {after_events: 3}}`.
    static func read(_ node: Node, _ reader: inout YAMLReader) -> Fault? {
        if let name = node.scalar?.string {
            return read(name: name, node: node, value: nil, &reader)
        }
        guard let mapping = node.mapping, mapping.count == 1, let (keyNode, value) = mapping.first, let name = keyNode.string else {
            reader.problem(node, "a fault is a name, or one name with its settings", fix: "write '- hang' or '- disconnect: {after_events: 3}'")
            return nil
        }
        return read(name: name, node: keyNode, value: value, &reader)
    }

    /// A fault named `name` (a step key, or a list item's key) with its settings `value`.
    static func read(name text: String, node: Node, value: Node?, _ reader: inout YAMLReader) -> Fault? {
        guard let name = Name(rawValue: text) else {
            let hint = Suggestion.closest(to: text, in: Fault.names).map { "did you mean '\($0)'? " } ?? ""
            reader.problem(node, "unknown fault \(SourceProblem.excerpt(text))", fix: "\(hint)known: \(Fault.names.joined(separator: ", "))")
            return nil
        }
        // Settings: a mapping (of the name's settings), a single value, or nothing.
        func settings() -> [(key: String, value: Node)] {
            guard let value, value.mapping != nil else { return [] }
            return reader.mapping(value, what: text, allowed: name.settings)
        }
        func cut() -> Fault.Cut {
            var cut = Fault.Cut.half
            for (key, setting) in settings() {
                if key == "after_events" { cut = .events(reader.int(setting, what: key) ?? 0) }
                if key == "after_bytes" { cut = .bytes(reader.int(setting, what: key) ?? 0) }
            }
            return cut
        }
        switch name {
        case .rateLimited:
            var seconds: Double?, milliseconds: Int?
            for (key, setting) in settings() {
                if key == "retry_after" { seconds = reader.double(setting, what: key) }
                if key == "retry_after_ms" { milliseconds = reader.int(setting, what: key) }
            }
            if value?.scalar != nil, let value { seconds = reader.double(value, what: text) }
            if seconds == nil && milliseconds == nil { seconds = Defaults.retryAfterSeconds }
            return .rateLimited(retryAfter: seconds, retryAfterMilliseconds: milliseconds)
        case .overloaded:
            var status = Defaults.overloadedStatus
            if let value, value.scalar != nil { status = reader.int(value, what: text, minimum: 100, maximum: 599) ?? Defaults.overloadedStatus }
            for (key, setting) in settings() where key == "status" {
                status = reader.int(setting, what: key, minimum: 100, maximum: 599) ?? Defaults.overloadedStatus
            }
            if !Defaults.overloadedStatuses.contains(status) {
                reader.problem(value ?? node, "overloaded status \(status) is not one the API sends", fix: "use 529, 500, 503 or 504")
            }
            return .overloaded(status: status)
        case .shouldRetry:
            guard let value, let flag = reader.bool(value, what: text) else { return nil }
            return .shouldRetry(flag)
        case .disconnect: return .disconnect(cut())
        case .reset: return .reset(cut())
        case .stall: return .stall(cut())
        case .errorEvent:
            var at = 0, type = Defaults.errorEventType, message: String?
            for (key, setting) in settings() {
                if key == "at" { at = reader.int(setting, what: key) ?? 0 }
                if key == "type" { type = reader.string(setting, what: key) ?? type }
                if key == "message" { message = reader.string(setting, what: key) }
            }
            return .errorEvent(at: at, type: type, message: message)
        case .truncate:
            var keep: Int?
            for (key, setting) in settings() where key == "keep_events" { keep = reader.int(setting, what: key) }
            return .truncate(keepEvents: keep)
        case .malformed:
            var fault = Fault.malformedEvent(1)
            for (key, setting) in settings() {
                if key == "event" { fault = .malformedEvent(reader.int(setting, what: key) ?? 1) }
                if key == "chunked_after_events" { fault = .malformedChunk(afterEvents: reader.int(setting, what: key) ?? 0) }
            }
            return fault
        case .drip:
            var bytes = Defaults.dripBytes, every = Defaults.dripEvery
            for (key, setting) in settings() {
                if key == "bytes" { bytes = reader.int(setting, what: key, minimum: 1) ?? Defaults.dripBytes }
                if key == "every" { every = reader.duration(setting, what: key) ?? every }
            }
            return .drip(bytes: bytes, every: every)
        case .latency:
            guard let value else {
                reader.problem(node, "latency needs a duration", fix: "write 'latency: 2s'")
                return nil
            }
            return reader.duration(value, what: text).map(Fault.latency)
        case .hang: return .hang
        }
    }
}
