/// The checks every `/v1/messages` request passes before an answer is chosen, in the real API's
/// order and wording (wire reference §4.3, §9.11): auth, version, JSON, then the body's shape.
///
/// Full per-field validation (ranges, blocks, tools, vision) is a separate, larger layer; this
/// checks what every answer depends on: the required fields and their types.
public enum MessagesRequestCheck {
    /// The parsed request body, when every check passes.
    public struct Checked: Sendable {
        /// The body as a JSON object.
        public var body: JSONObject
        /// Whether the client asked for SSE.
        public var stream: Bool
        /// The requested model id.
        public var model: String
    }

    /// Auth and version headers (every `/v1` endpoint). The real API checks auth first **[UNVERIFIED order]**.
    public static func checkHeaders(_ request: ReceivedRequest) throws(APIError) {
        let hasKey = !(request.headers["x-api-key"] ?? "").isEmpty
        let bearer = request.headers["authorization"] ?? ""
        let hasBearer = bearer.lowercased().hasPrefix("bearer ") && bearer.count > 7
        guard hasKey || hasBearer else { throw .authentication("x-api-key header is required") }
        guard let version = request.headers["anthropic-version"], !version.isEmpty else {
            throw .invalidRequest("anthropic-version: header is required")
        }
    }

    /// Parses the body as a JSON object, with the real API's wording for bodies that are not JSON.
    public static func parseBody(_ request: ReceivedRequest) throws(APIError) -> JSONObject {
        let value: JSONValue
        do {
            value = try JSONValue.parse(request.body)
        } catch {
            throw .invalidRequest("The request body is not valid JSON: \(error)")
        }
        guard let object = value.objectValue else {
            throw .invalidRequest("Input should be a valid dictionary or object to extract fields from")
        }
        return object
    }

    /// Every check for `POST /v1/messages`.
    public static func check(_ request: ReceivedRequest) throws(APIError) -> Checked {
        try checkHeaders(request)
        let body = try parseBody(request)
        guard let maxTokens = body["max_tokens"] else { throw .invalidRequest("max_tokens: Field required") }
        guard case .int = maxTokens else { throw .invalidRequest("max_tokens: Input should be a valid integer") }
        guard let messages = body["messages"] else { throw .invalidRequest("messages: Field required") }
        guard let list = messages.arrayValue else { throw .invalidRequest("messages: Input should be a valid list") }
        guard !list.isEmpty else { throw .invalidRequest("messages: at least one message is required") }
        for (index, message) in list.enumerated() {
            guard message.objectValue != nil else {
                throw .invalidRequest("messages.\(index): Input should be a valid dictionary or object to extract fields from")
            }
        }
        guard let model = body["model"] else { throw .invalidRequest("model: Field required") }
        guard let modelID = model.stringValue else { throw .invalidRequest("model: Input should be a valid string") }
        var stream = false
        if let value = body["stream"], !value.isNull {
            guard let flag = value.boolValue else { throw .invalidRequest("stream: Input should be a valid boolean") }
            stream = flag
        }
        return Checked(body: body, stream: stream, model: modelID)
    }
}
