/// An answer that is the mock's own, never the API's: no rule matches, a rule is used up, the
/// recorder cannot reach its upstream, or the server refuses a connection or an admin request.
///
/// Every kind has one status and one `mockclaude_*` type, and is sent in the API's envelope with
/// `x-mockclaude-error` naming the type, so a client (and a test) can always tell it apart.
///
/// ```swift
/// MockError(.noMatch, "mockclaude: no rule of scenario 'x' matches POST /v1/messages").status // 418
/// ```
public struct MockError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, with its status and wire type.
    public enum Kind: String, Sendable, CaseIterable {
        /// No scenario rule matches the request (418).
        case noMatch = "mockclaude_no_match"
        /// The rule that matched has no steps left (`after: fail`) (418).
        case exhausted = "mockclaude_exhausted"
        /// The recorder could not reach the real API (502).
        case upstream = "mockclaude_upstream_error"
        /// More connections than the server accepts (503; clients may retry).
        case tooManyConnections = "mockclaude_too_many_connections"
        /// A request stopped arriving before it was whole (408).
        case requestTimeout = "mockclaude_request_timeout"
        /// An admin request from a web page or to a foreign host (403).
        case forbidden = "mockclaude_forbidden"
        /// An admin request the mock cannot carry out (400), or does not know (404), or whose
        /// body is not JSON or YAML (415).
        case adminRequest = "mockclaude_admin_error"
        /// A synthesized answer the mock cannot make for this request: a tool schema it cannot
        /// generate an instance of, a scripted tool call of a tool the request lacks (400).
        case cannotSynthesize = "mockclaude_cannot_synthesize"

        /// The HTTP status this kind is sent with (``adminRequest`` can also be 404 or 415).
        public var status: Int {
            switch self {
            case .noMatch, .exhausted: return 418
            case .upstream: return 502
            case .tooManyConnections: return 503
            case .requestTimeout: return 408
            case .forbidden: return 403
            case .adminRequest, .cannotSynthesize: return 400
            }
        }
    }

    /// Which of the mock's own errors it is.
    public var kind: Kind
    /// What happened and how to fix it.
    public var message: String
    /// The status sent: the kind's, or another where the kind allows it.
    public var status: Int

    /// An error of `kind` with its message; `status` overrides the kind's own.
    public init(_ kind: Kind, _ message: String, status: Int? = nil) {
        self.kind = kind
        self.message = message
        self.status = status ?? kind.status
    }

    public var description: String { "\(status) \(kind.rawValue): \(message)" }

    /// The error in the API's terms (status, type, message).
    public var apiError: APIError { APIError(status: status, type: kind.rawValue, message: message) }

    /// The plan that sends it: the API's envelope and headers, `x-mockclaude-error`, and
    /// `x-should-retry: false` (SDKs must not retry the mock's own errors), except for
    /// ``Kind/tooManyConnections``, which may be retried.
    public func plan(requestID: String, now: Timestamp) -> ResponsePlan {
        var plan = apiError.plan(requestID: requestID, now: now)
        plan.headers.set("x-should-retry", kind == .tooManyConnections ? "true" : "false")
        plan.headers.set("x-mockclaude-error", kind.rawValue)
        plan.origin = .mockError(self)
        return plan
    }
}
