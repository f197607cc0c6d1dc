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

    /// An error with its HTTP status, `error.type` and message.
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
    public static let requestTooLarge = APIError(type: "request_too_large", message: APIErrorType.named("request_too_large")!.defaultMessage)

    /// The status the real API sends with each documented error type (`APIErrorType`); 400 for
    /// others (the docs: invalid_request_error may stand for unlisted 4xx).
    public static func status(forType type: String) -> Int {
        APIErrorType.named(type)?.status ?? 400
    }

    /// `{"type":"error","error":{"type":…,"message":…},"request_id":…}`.
    public func envelope(requestID: String?) -> JSONValue {
        var object: JSONObject = ["type": .string("error"), "error": .object(["type": .string(type), "message": .string(message)])]
        if let requestID { object["request_id"] = .string(requestID) }
        return .object(object)
    }
}

extension APIError {
    /// The plan that sends this error: its status, the standard headers and the JSON envelope.
    public func plan(requestID: String, now: Timestamp) -> ResponsePlan {
        let headers = StandardHeaders.make(requestID: requestID, contentType: StandardHeaders.json, now: now)
        var plan = ResponsePlan.fixed(status: status, headers: headers, json: envelope(requestID: requestID))
        plan.origin = .apiError(self)
        return plan
    }
}
