import Logging

/// The mock's API surface: routes requests and answers them as the real API would.
///
/// Routing ignores the query (`?beta=true` is accepted everywhere) and any path prefix before
/// `/v1/`, so a base URL with a path (`http://127.0.0.1:8080/custom/`) works too. Paths under
/// `/_mockclaude/` are the admin API (``AdminAPI``), which no real API path can clash with.
public struct MockClaudeAPI: Responder {
    /// The scenario, journal and queued faults.
    public let state: MockState
    let timing: Timing?
    let ids: IDGenerator
    let clock: any MockClock
    let publicBaseURL: String?
    let validation: ValidationOptions
    let logger: Logger
    /// Where cassettes named by a posted scenario may be read from.
    let cassetteRoots: CassetteRoots
    /// Who may use the admin API.
    let adminGuard: AdminGuard

    /// An API that answers `/v1/messages` from a scenario; `timing`, when set, overrides the scenario's.
    /// `publicBaseURL` is what batches' `results_url` starts with (else the request's Host).
    public init(engine: ScenarioEngine, timing: Timing? = nil, seed: UInt64 = 0, clock: any MockClock = SystemClock(),
                publicBaseURL: String? = nil, validation: ValidationOptions = ValidationOptions(), logger: Logger = Logger(label: "mockclaude"),
                cassetteRoots: CassetteRoots = .workingDirectory, host: String = "127.0.0.1") {
        self.state = MockState(engine: engine)
        self.cassetteRoots = cassetteRoots
        self.adminGuard = AdminGuard(boundHost: host, publicBaseURL: publicBaseURL)
        self.validation = validation
        self.publicBaseURL = publicBaseURL
        self.timing = timing
        self.ids = IDGenerator(seed: seed)
        self.clock = clock
        self.logger = logger
    }


    public func respond(to request: ReceivedRequest) async -> ResponsePlan {
        let path = request.apiPath
        if path.hasPrefix(AdminAPI.prefix) {
            return AdminAPI(api: self).respond(to: request, path: path)
        }
        if state.engine.claims(request) {
            return scripted(request)
        }
        if path == "/v1/messages/batches" || path.hasPrefix("/v1/messages/batches/") {
            return await BatchesAPI(api: self).respond(to: request, path: path)
        }
        if path == "/v1/models" || path.hasPrefix("/v1/models/") {
            return ModelsAPI(api: self).respond(to: request, path: path)
        }
        switch (request.method, path) {
        case ("POST", "/v1/messages"):
            return messages(request)
        case ("POST", "/v1/messages/count_tokens"):
            return countTokens(request)
        case (_, "/v1/messages"):
            // [UNVERIFIED] the real API's answer to a wrong method; 405 with the standard envelope.
            return error(APIError(status: 405, type: "invalid_request_error", message: "Method Not Allowed"))
        default:
            // [UNVERIFIED] exact message for an unknown path.
            return error(.notFound("Not Found"))
        }
    }

    /// The API's 413 `request_too_large`, with a request id like every other answer's.
    public func respondToOversizedBody(_ request: ReceivedRequest) async -> ResponsePlan {
        error(.requestTooLarge)
    }

    /// A plan for an API error with a freshly generated request id.
    func error(_ error: APIError) -> ResponsePlan {
        var plan = error.plan(requestID: ids.next("req_"), now: clock.now)
        plan.origin = "API error \(error.type): \(error.message)"
        return plan
    }

    func messages(_ request: ReceivedRequest) -> ResponsePlan {
        let checked: MessagesRequestCheck.Checked
        do {
            checked = try MessagesRequestCheck.check(request, options: validation)
        } catch {
            return self.error(error)
        }
        return answer(request, body: checked.body, stream: checked.stream, model: checked.model)
    }

    /// A request a scenario rule names by path (a recorded batch call, say): auth and version
    /// are checked, then the rule answers as scripted.
    func scripted(_ request: ReceivedRequest) -> ResponsePlan {
        do { try MessagesRequestCheck.checkHeaders(request) } catch { return self.error(error) }
        let body = (try? JSONValue.parse(request.body))?.objectValue
        return answer(request, body: body, stream: body?["stream"]?.boolValue ?? false, model: body?["model"]?.stringValue ?? "-")
    }

    /// The scenario's answer to a request, with any queued faults applied.
    func answer(_ request: ReceivedRequest, body: JSONObject?, stream: Bool, model: String) -> ResponsePlan {
        let engine = state.engine
        switch engine.choose(request, body: body) {
        case .step(let step, let rule, let index):
            var plan = engine.plan(for: step, rule: rule, index: index, stream: stream, body: body, ids: ids, now: clock.now,
                                   timingOverride: timing, baseURL: baseURL(of: request))
            let queued = state.takeQueuedFaults()
            if !queued.isEmpty {
                let context = FaultContext(requestID: ids.next("req_"), now: clock.now)
                plan = queued.reduce(plan) { $1.apply(to: $0, context: context) }
                plan.origin += " + queued faults"
            }
            return plan
        case .exhausted(let rule, let served):
            let label = engine.scenario.rules[rule].label(index: rule)
            return mockError("mockclaude_exhausted",
                             "mockclaude: \(label) of scenario '\(engine.scenario.name)' has no steps left after \(served) requests (it says after: fail); add steps or use after: repeat_last or loop")
        case .noMatch(let misses):
            let closest = misses.prefix(2).map { miss in
                engine.scenario.rules[miss.rule].label(index: miss.rule) + ": " + miss.mismatches.map(\.description).joined(separator: "; ")
            }
            return mockError("mockclaude_no_match",
                             "mockclaude: no rule of scenario '\(engine.scenario.name)' matches \(request.method) \(request.path) (model \(model)). Closest: " + closest.joined(separator: " | "))
        }
    }

    /// The base URL this request reached the mock at: the configured public URL, else its Host
    /// and any path prefix before `/v1/`.
    func baseURL(of request: ReceivedRequest) -> String { request.baseURL(publicBaseURL: publicBaseURL) }

    /// `{"input_tokens": N}` from ``TokenEstimator``.
    func countTokens(_ request: ReceivedRequest) -> ResponsePlan {
        do {
            let body = try MessagesRequestCheck.checkCountTokens(request, options: validation)
            var plan = ResponsePlan.fixed(
                status: 200, headers: StandardHeaders.make(requestID: ids.next("req_"), contentType: StandardHeaders.json, now: clock.now),
                body: JSONValue.object(["input_tokens": .int(TokenEstimator.inputTokens(body))]).compactBytes)
            plan.origin = "count_tokens"
            return plan
        } catch {
            return self.error(error)
        }
    }

    /// A JSON answer with the standard headers.
    func json(_ value: JSONValue, origin: String) -> ResponsePlan {
        var plan = ResponsePlan.fixed(status: 200, headers: StandardHeaders.make(requestID: ids.next("req_"), contentType: StandardHeaders.json, now: clock.now),
                                      body: value.compactBytes)
        plan.origin = origin
        return plan
    }

    /// An error that is the mock's own, never the API's: status 418, a `mockclaude_*` type, an
    /// `x-mockclaude-error` header, and `x-should-retry: false` so SDKs do not retry it.
    func mockError(_ type: String, _ message: String) -> ResponsePlan {
        logger.warning("\(message)")
        var plan = error(APIError(status: 418, type: type, message: message))
        plan.headers.set("x-should-retry", "false")
        plan.headers.set("x-mockclaude-error", type)
        plan.origin = message
        return plan
    }
}
