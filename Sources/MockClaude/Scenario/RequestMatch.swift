/// Conditions a request must meet for a rule to answer it; every condition set must hold.
///
/// ```swift
/// RequestMatch(model: "claude-haiku-4-5", hasToolResult: true)
/// ```
public struct RequestMatch: Sendable, Equatable {
    /// HTTP method, e.g. `POST`.
    public var method: String?
    /// API path, e.g. `/v1/messages` (query and any prefix before `/v1/` ignored).
    public var path: String?
    /// The body's `model`.
    public var model: String?
    /// The body's `stream` (absent counts as `false`).
    public var stream: Bool?
    /// Headers that must be present with these values (`*` accepts any value).
    public var headers: HTTPHeaderList
    /// Conditions on values at dotted JSON paths (`messages.0.role`, `-1` for the last element).
    public var json: [JSONCondition]
    /// Text the last user message must contain.
    public var lastUserMessageContains: String?
    /// Whether the last user message carries a `tool_result` block.
    public var hasToolResult: Bool?
    /// The whole body the request must send, key order and whitespace aside, once the
    /// ``bodyIgnores`` paths are left out of both (what a recorded session matches on).
    public var body: JSONValue?
    /// Dotted paths left out of the body before it is compared with ``body`` (fields that vary
    /// between runs, such as `metadata.user_id`).
    public var bodyIgnores: [String]

    /// A match on any of these; a condition left `nil` matches everything.
    public init(
        method: String? = nil, path: String? = nil, model: String? = nil, stream: Bool? = nil, headers: HTTPHeaderList = [],
        json: [JSONCondition] = [], lastUserMessageContains: String? = nil, hasToolResult: Bool? = nil, body: JSONValue? = nil,
        bodyIgnores: [String] = []
    ) {
        self.body = body
        self.bodyIgnores = bodyIgnores
        self.method = method
        self.path = path
        self.model = model
        self.stream = stream
        self.headers = headers
        self.json = json
        self.lastUserMessageContains = lastUserMessageContains
        self.hasToolResult = hasToolResult
    }

    /// A condition on the value at a JSON path.
    public struct JSONCondition: Sendable, Equatable {
        /// The dotted path into the body (`metadata.user_id`, `messages.0.role`).
        public var path: String
        /// The value must equal this.
        public var equals: JSONValue?
        /// The value must be a string containing this.
        public var contains: String?

        /// The value at `path` equals `equals`, or its text contains `contains`.
        public init(path: String, equals: JSONValue? = nil, contains: String? = nil) {
            self.path = path
            self.equals = equals
            self.contains = contains
        }
    }

    /// One condition that did not hold: which, what it wanted, what the request had.
    public struct Mismatch: Sendable, Equatable, CustomStringConvertible {
        /// The condition that failed (`model`, `json messages.0.role`, …).
        public var field: String
        /// What the rule asked for.
        public var expected: String
        /// What the request had.
        public var actual: String
        public var description: String { "\(field): expected \(expected), got \(actual)" }
    }

    /// Every condition the request fails (empty when it matches).
    public func mismatches(_ request: ReceivedRequest, body: JSONObject?) -> [Mismatch] {
        var result: [Mismatch] = []
        func check(_ field: String, _ expected: String?, _ actual: String?) {
            guard let expected, expected != actual else { return }
            result.append(Mismatch(field: field, expected: "'\(expected)'", actual: actual.map { "'\($0)'" } ?? "nothing"))
        }
        check("method", method, request.method)
        check("path", path, request.apiPath)
        check("model", model, body?["model"]?.stringValue)
        if let stream {
            let actual = body?["stream"]?.boolValue ?? false
            if actual != stream { result.append(Mismatch(field: "stream", expected: "\(stream)", actual: "\(actual)")) }
        }
        for field in headers {
            let actual = request.headers[field.name]
            if field.value == "*" {
                if actual == nil { result.append(Mismatch(field: "header \(field.name)", expected: "present", actual: "absent")) }
            } else {
                check("header \(field.name)", field.value, actual)
            }
        }
        for condition in json {
            let value = body.flatMap { RequestMatch.value(at: condition.path, in: .object($0)) }
            // An absent field counts as null (a recorded request without `system` matches one without).
            if let expected = condition.equals, !(value ?? .null).isCanonicallyEqual(to: expected) {
                result.append(Mismatch(field: "json \(condition.path)", expected: expected.compactString, actual: value?.compactString ?? "nothing"))
            }
            if let needle = condition.contains, !(value?.stringValue?.contains(needle) ?? false) {
                result.append(Mismatch(field: "json \(condition.path)", expected: "a string containing '\(needle)'", actual: value?.compactString ?? "nothing"))
            }
        }
        if let expected = self.body {
            result += RequestMatch.bodyMismatches(expected: expected.removing(bodyIgnores), actual: body.map { JSONValue.object($0).removing(bodyIgnores) })
        }
        let lastUser = body.flatMap(RequestMatch.lastUserMessage)
        if let needle = lastUserMessageContains {
            let text = lastUser.map(RequestMatch.text(of:)) ?? ""
            if !text.contains(needle) {
                result.append(Mismatch(field: "last_user_message_contains", expected: "'\(needle)'", actual: "'\(text.prefix(80))'"))
            }
        }
        if let hasToolResult {
            let actual = lastUser.map(RequestMatch.hasToolResult(in:)) ?? false
            if actual != hasToolResult {
                result.append(Mismatch(field: "has_tool_result", expected: "\(hasToolResult)", actual: "\(actual)"))
            }
        }
        return result
    }

    /// How a body differs from the expected one: each top-level field that differs, with short
    /// excerpts of both (the near-miss report names the fields a changed prompt touched).
    static func bodyMismatches(expected: JSONValue, actual: JSONValue?) -> [Mismatch] {
        guard let actual else { return [Mismatch(field: "body", expected: "a JSON body", actual: "none")] }
        guard !actual.isCanonicallyEqual(to: expected) else { return [] }
        guard let wanted = expected.objectValue, let got = actual.objectValue else {
            return [Mismatch(field: "body", expected: excerpt(expected), actual: excerpt(actual))]
        }
        var seen = Set<String>()
        return (wanted.keys + got.keys).filter { seen.insert($0).inserted }.compactMap { key in
            let a = wanted[key], b = got[key]
            if let a, let b, a.isCanonicallyEqual(to: b) { return nil }
            return Mismatch(field: "body.\(key)", expected: a.map(excerpt) ?? "nothing", actual: b.map(excerpt) ?? "nothing")
        }
    }

    static func excerpt(_ value: JSONValue) -> String {
        let text = value.canonical.compactString
        return text.count <= 120 ? text : text.prefix(117) + "…"
    }

    /// The value at a dotted path (`messages.-1.content.0.type`).
    public static func value(at path: String, in root: JSONValue) -> JSONValue? {
        var current: JSONValue? = root
        for key in path.split(separator: ".").map(String.init) {
            switch current {
            case .object(let object): current = object[key]
            case .array(let items):
                guard let index = Int(key) else { return nil }
                let resolved = index < 0 ? items.count + index : index
                current = items.indices.contains(resolved) ? items[resolved] : nil
            default: return nil
            }
        }
        return current
    }

    static func lastUserMessage(_ body: JSONObject) -> JSONValue? {
        body["messages"]?.arrayValue?.last { $0["role"]?.stringValue == "user" }
    }

    static func text(of message: JSONValue) -> String {
        if let text = message["content"]?.stringValue { return text }
        return (message["content"]?.arrayValue ?? []).compactMap { $0["text"]?.stringValue }.joined(separator: "\n")
    }

    static func hasToolResult(in message: JSONValue) -> Bool {
        (message["content"]?.arrayValue ?? []).contains { $0["type"]?.stringValue == "tool_result" }
    }
}
