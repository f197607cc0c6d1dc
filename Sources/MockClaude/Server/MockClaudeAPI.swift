import Logging

/// The mock's API surface: routes requests and answers them as the real API would.
///
/// Routing ignores the query (`?beta=true` is accepted everywhere) and any path prefix before
/// `/v1/`, so a base URL with a path (`http://127.0.0.1:8080/custom/`) works too.
public struct MockClaudeAPI: Responder {
    let cassettes: CassetteQueue
    let timing: Timing
    let ids: IDGenerator
    let clock: any MockClock
    let logger: Logger

    /// An API that answers `/v1/messages` from `cassettes` in order.
    public init(cassettes: [Cassette], timing: Timing = .recorded, seed: UInt64 = 0, clock: any MockClock = SystemClock(), logger: Logger = Logger(label: "mockclaude")) {
        self.cassettes = CassetteQueue(cassettes)
        self.timing = timing
        self.ids = IDGenerator(seed: seed)
        self.clock = clock
        self.logger = logger
    }

    /// The API path of a request target: from `/v1/` on, without the query.
    static func apiPath(_ request: ReceivedRequest) -> String {
        let path = request.path
        guard let range = path.range(of: "/v1/") else { return path }
        return String(path[range.lowerBound...])
    }

    public func respond(to request: ReceivedRequest) async -> ResponsePlan {
        let path = MockClaudeAPI.apiPath(request)
        switch (request.method, path) {
        case ("POST", "/v1/messages"):
            return messages(request)
        case (_, "/v1/messages"):
            // [UNVERIFIED] the real API's answer to a wrong method; 405 with the standard envelope.
            return error(APIError(status: 405, type: "invalid_request_error", message: "Method Not Allowed"))
        default:
            // [UNVERIFIED] exact message for an unknown path.
            return error(.notFound("Not Found"))
        }
    }

    /// A plan for an API error with a freshly generated request id.
    func error(_ error: APIError) -> ResponsePlan {
        error.plan(requestID: ids.next("req_"), now: clock.now)
    }

    func messages(_ request: ReceivedRequest) -> ResponsePlan {
        let checked: MessagesRequestCheck.Checked
        do {
            checked = try MessagesRequestCheck.check(request)
        } catch {
            return self.error(error)
        }
        let cassette = cassettes.next()
        let requestID = cassette.headers["request-id"] ?? ids.next("req_")
        logger.debug("answering from cassette", metadata: ["cassette": "\(cassette.source)", "stream": "\(checked.stream)"])
        let plan = checked.stream
            ? cassette.streamPlan(requestID: requestID, now: clock.now)
            : cassette.messagePlan(requestID: requestID, now: clock.now)
        return plan.retimed(timing)
    }
}
