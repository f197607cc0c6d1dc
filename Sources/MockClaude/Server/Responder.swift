/// Turns a request into the plan the wire writer carries out.
///
/// The server's default responder is ``MockClaudeAPI``; tests can pass their own to exercise the
/// writer with any plan.
public protocol Responder: Sendable {
    /// The plan that answers `request`.
    func respond(to request: ReceivedRequest) async -> ResponsePlan

    /// The plan for a request whose body was over the size limit (and was not kept).
    func respondToOversizedBody(_ request: ReceivedRequest) async -> ResponsePlan
}

extension Responder {
    /// The API's 413, with a fixed request id.
    public func respondToOversizedBody(_ request: ReceivedRequest) async -> ResponsePlan {
        APIError.requestTooLarge.plan(requestID: "req_011C" + String(repeating: "0", count: 20), now: .now)
    }
}

/// A responder made from a closure.
///
/// ```swift
/// let responder = ClosureResponder { _ in .fixed(status: 204, headers: [], body: []) }
/// ```
public struct ClosureResponder: Responder {
    let body: @Sendable (ReceivedRequest) async -> ResponsePlan

    public init(_ body: @escaping @Sendable (ReceivedRequest) async -> ResponsePlan) {
        self.body = body
    }

    public func respond(to request: ReceivedRequest) async -> ResponsePlan {
        await body(request)
    }
}
