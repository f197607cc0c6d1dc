/// The error types the API documents (wire reference §4.2), each with its status and the real
/// API's usual message: the one table both the status lookup and scripted errors read.
///
/// [UNVERIFIED] messages beyond `Overloaded`, the 413's and the authentication wording; these
/// follow the errors doc.
package struct APIErrorType: Sendable, Equatable {
    /// `error.type`, e.g. `rate_limit_error`.
    public var name: String
    /// The HTTP status the API sends with it.
    public var status: Int
    /// The API's usual message.
    public var defaultMessage: String

    /// Every documented type, in the doc's order.
    public static let all: [APIErrorType] = [
        .init(name: "invalid_request_error", status: 400, defaultMessage: "Invalid request"),
        .init(name: "authentication_error", status: 401, defaultMessage: "invalid x-api-key"),
        .init(
            name: "billing_error", status: 402,
            defaultMessage: "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits."),
        .init(name: "permission_error", status: 403, defaultMessage: "Your API key does not have permission to use the specified resource."),
        .init(name: "not_found_error", status: 404, defaultMessage: "Not found"),
        .init(name: "request_too_large", status: 413, defaultMessage: "Request exceeds the maximum allowed number of bytes."),
        .init(
            name: "rate_limit_error", status: 429,
            defaultMessage:
                "This request would exceed the rate limit for your organization. Please reduce the prompt length or the maximum tokens requested, or try again later."
        ),
        .init(name: "api_error", status: 500, defaultMessage: "Internal server error"),
        .init(name: "timeout_error", status: 504, defaultMessage: "Request timed out"),
        .init(name: "overloaded_error", status: 529, defaultMessage: "Overloaded"),
    ]

    /// The documented type named `name`.
    public static func named(_ name: String) -> APIErrorType? { all.first { $0.name == name } }
}
