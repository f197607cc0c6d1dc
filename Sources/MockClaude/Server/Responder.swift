/// Turns a request into the plan the wire writer carries out.
///
/// The server's default responder is ``MockClaudeAPI``; tests can pass their own to exercise the
/// writer with any plan.
public protocol Responder: Sendable {
    /// The plan that answers `request` (one whose body was over the limit has
    /// ``ReceivedRequest/bodyTooLarge`` set and no body).
    func respond(to request: ReceivedRequest) async -> ResponsePlan

    /// The plan that answers `request`, when it can be made without suspending; `nil` to have
    /// ``respond(to:)`` make it instead. Where it returns a plan, that plan is the one
    /// ``respond(to:)`` would have returned (it is asked instead, never as well). A server that
    /// serves on its event loops asks it there, so that an answer due whole at once is written
    /// without waking the connection's task; the default returns `nil`.
    func respondAtOnce(to request: ReceivedRequest) -> ResponsePlan?

    /// The largest body a request to `target` may carry, or `nil` for the server's limit.
    func maximumBodySize(method: String, target: String) -> Int?
}

extension Responder {
    /// Every plan is made by ``respond(to:)``.
    public func respondAtOnce(to request: ReceivedRequest) -> ResponsePlan? { nil }

    /// The server's limit for every request.
    public func maximumBodySize(method: String, target: String) -> Int? { nil }
}

/// A responder made from a closure.
///
/// ```swift
/// let responder = ClosureResponder { _ in .fixed(status: 204, headers: [], body: []) }
/// ```
public struct ClosureResponder: Responder {
    let body: @Sendable (ReceivedRequest) async -> ResponsePlan

    /// A responder that answers every request with `body`.
    public init(_ body: @escaping @Sendable (ReceivedRequest) async -> ResponsePlan) {
        self.body = body
    }

    public func respond(to request: ReceivedRequest) async -> ResponsePlan {
        await body(request)
    }
}
