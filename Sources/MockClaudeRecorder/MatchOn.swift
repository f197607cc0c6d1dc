import MockClaude

/// The parts of a request a recorded answer is matched on at replay (VCR's `match_on`).
///
/// Method and path always count. With `body` (the default) the whole JSON body must be the
/// same, key order and whitespace aside, except the ignored fields; the others compare one field
/// each, so a recording made with `--match-on messages,model` answers requests that differ only
/// in, say, `temperature`.
public enum MatchOn: String, Sendable, CaseIterable {
    /// The whole JSON body, key order and whitespace aside, minus the ignored fields.
    case body
    /// The `messages` array.
    case messages
    /// The last message of `messages` (in a request for a reply, the user's turn).
    case lastUserMessage = "last_user_message"
    /// The `model`.
    case model
    /// Whether `stream` is true.
    case stream
    /// The `tools` array (absent counts as null).
    case tools
    /// The `system` prompt (absent counts as null).
    case system

    /// Fields left out of a `body` match by default: they differ between runs of the same test.
    public static let defaultIgnores = ["metadata.user_id"]

    /// The rule condition that accepts exactly the requests that agree with `request` on
    /// `parts`; `ignoring` paths (and redacted ones) are left out of the body.
    public static func match(for request: ReceivedRequest, on parts: [MatchOn], ignoring: [String]) -> RequestMatch {
        var match = RequestMatch(method: request.method, path: request.apiPath)
        guard let body = try? JSONValue.parse(request.body), let object = body.objectValue else { return match }
        for part in parts {
            switch part {
            case .body:
                match.body = body.removing(ignoring).canonical
                match.bodyIgnores = ignoring
            case .model: match.model = object["model"]?.stringValue
            case .stream: match.stream = object["stream"]?.boolValue ?? false
            case .messages, .tools, .system:
                match.json.append(.init(path: part.rawValue, equals: (object[part.rawValue] ?? .null).canonical))
            case .lastUserMessage:
                let last = object["messages"]?.arrayValue?.last ?? .null
                match.json.append(.init(path: "messages.-1", equals: last.canonical))
            }
        }
        return match
    }
}
