/// The checks every `/v1/messages` request passes before an answer is chosen, in the real API's
/// order and wording (wire reference §4.3, §9.11): auth, version, JSON, then the body's shape.
///
package enum MessagesRequestCheck {
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
        func hasBearer() -> Bool {
            let bearer = request.headers["authorization"] ?? ""
            return bearer.lowercased().hasPrefix("bearer ") && bearer.count > 7
        }
        let hasKey = !(request.headers["x-api-key"] ?? "").isEmpty
        guard hasKey || hasBearer() else { throw .authentication("x-api-key header is required") }
        guard let version = request.headers["anthropic-version"], !version.isEmpty else {
            throw .invalidRequest("anthropic-version: header is required")
        }
    }

    /// Parses the body as a JSON object, with the real API's wording for bodies that are not JSON.
    public static func parseBody(_ bytes: [UInt8]) throws(APIError) -> JSONObject {
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes)
        } catch {
            throw .invalidRequest("The request body is not valid JSON: \(error)")
        }
        guard let object = value.objectValue else {
            throw .invalidRequest("Input should be a valid dictionary or object to extract fields from")
        }
        return object
    }

    /// The body checks alone (a batch request's `params`: its batch passed the header checks).
    public static func checkBody(_ body: JSONObject, options: ValidationOptions = ValidationOptions()) throws(APIError) -> Checked {
        try MessagesValidator(options: options, countTokens: false).validate(body)
        return Checked(body: body, stream: body["stream"]?.boolValue ?? false, model: body["model"]?.stringValue ?? "")
    }

    /// Every check for `POST /v1/messages/count_tokens` (no `max_tokens`).
    public static func checkCountTokens(_ request: ReceivedRequest, options: ValidationOptions = ValidationOptions()) throws(APIError) -> JSONObject {
        try checkHeaders(request)
        let body = try parseBody(request.body)
        try MessagesValidator(options: options, countTokens: true).validate(body)
        return body
    }
}
