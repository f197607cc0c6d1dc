/// An error the real API returns, rendered in its envelope with its status.
///
/// ```swift
/// APIError.authentication("x-api-key header is required").status // 401
/// ```
public struct APIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// HTTP status.
    public var status: Int
    /// `error.type`, e.g. `invalid_request_error`.
    public var type: String
    /// `error.message`.
    public var message: String

    public init(status: Int, type: String, message: String) {
        self.status = status
        self.type = type
        self.message = message
    }

    /// An error of a known type with the status the real API uses for it.
    public init(type: String, message: String) {
        self.init(status: APIError.status(forType: type), type: type, message: message)
    }

    public var description: String { "\(status) \(type): \(message)" }

    /// 400 `invalid_request_error`.
    public static func invalidRequest(_ message: String) -> APIError { APIError(status: 400, type: "invalid_request_error", message: message) }
    /// 401 `authentication_error`.
    public static func authentication(_ message: String) -> APIError { APIError(status: 401, type: "authentication_error", message: message) }
    /// 404 `not_found_error`.
    public static func notFound(_ message: String) -> APIError { APIError(status: 404, type: "not_found_error", message: message) }
    /// 413 `request_too_large`; the wording follows the errors doc's description of the 413.
    public static let requestTooLarge = APIError(status: 413, type: "request_too_large", message: "Request exceeds the maximum allowed number of bytes.")

    /// The status the real API sends with each documented error type (wire reference §4.2).
    public static func status(forType type: String) -> Int {
        switch type {
        case "invalid_request_error": return 400
        case "authentication_error": return 401
        case "billing_error": return 402
        case "permission_error": return 403
        case "not_found_error": return 404
        case "request_too_large": return 413
        case "rate_limit_error": return 429
        case "api_error": return 500
        case "timeout_error": return 504
        case "overloaded_error": return 529
        default: return 400  // the docs: invalid_request_error may stand for unlisted 4xx
        }
    }

    /// `{"type":"error","error":{"type":…,"message":…},"request_id":…}`.
    public func envelope(requestID: String?) -> JSONValue {
        var object: JSONObject = ["type": .string("error"), "error": .object(["type": .string(type), "message": .string(message)])]
        if let requestID { object["request_id"] = .string(requestID) }
        return .object(object)
    }
}
