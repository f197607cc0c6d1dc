import Logging

/// The mock's API surface: routes requests and answers them as the real API would.
///
/// Every request takes one path: its `Route` is decided once, the route's checks run, and an
/// answer from the scenario goes through `answer(_:queuedFaults:)`, the one place a request
/// becomes a plan (for `/v1/messages`, scripted paths and every request of a batch alike).
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
    /// The body limit of batch creation (the API's 256 MB); other routes have the server's.
    let maximumBatchBodySize: Int
    /// Bodies checked lately, so one sent again is not parsed and validated again.
    let checkedBodies: CheckedBodies

    /// An API that answers `/v1/messages` from a scenario; `timing` and `rateLimits`, when set,
    /// override the scenario's.
    /// `publicBaseURL` is what batches' `results_url` starts with (else the request's Host).
    public init(
        engine: ScenarioEngine, timing: Timing? = nil, seed: UInt64 = 0, clock: any MockClock = SystemClock(),
        publicBaseURL: String? = nil, validation: ValidationOptions = ValidationOptions(), logger: Logger = .mockClaude(),
        cassetteRoots: CassetteRoots = .workingDirectory, host: String = "127.0.0.1", maximumBatchBodySize: Int = 256 * 1024 * 1024,
        rateLimits: RateLimits? = nil
    ) {
        self.state = MockState(engine: engine, rateLimits: rateLimits)
        self.cassetteRoots = cassetteRoots
        self.adminGuard = AdminGuard(boundHost: host, publicBaseURL: publicBaseURL)
        self.validation = validation
        self.checkedBodies = CheckedBodies(options: validation)
        self.publicBaseURL = publicBaseURL
        self.timing = timing
        self.ids = IDGenerator(seed: seed)
        self.clock = clock
        self.logger = logger
        self.maximumBatchBodySize = maximumBatchBodySize
    }

    public func maximumBodySize(method: String, target: String) -> Int? {
        // Only batch creation has a limit of its own, and its path holds `/batches`: the body
        // limit of any other request (one per request, on the event loop) needs no routing.
        guard method == "POST", ReceivedRequest.start(of: "/batches", in: target) != nil else { return nil }
        return Route(method: method, path: ReceivedRequest.apiPath(of: target)).isBatchCreation(method: method) ? maximumBatchBodySize : nil
    }

    public func respond(to request: ReceivedRequest) async -> ResponsePlan {
        switch dispatch(request) {
        case .plan(let plan): return plan
        case .batches(let rest): return await BatchesAPI(api: self).respond(to: request, rest: rest)
        }
    }

    /// Every plan but a batch's is made without suspending.
    public func respondAtOnce(to request: ReceivedRequest) -> ResponsePlan? {
        guard case .plan(let plan) = dispatch(request) else { return nil }
        return plan
    }

    /// Where a request's plan comes from: made at once, or by the batch route, which suspends.
    private enum Dispatched {
        case plan(ResponsePlan)
        case batches(rest: [String])
    }

    private func dispatch(_ request: ReceivedRequest) -> Dispatched {
        if request.bodyTooLarge { return .plan(error(.requestTooLarge)) }
        let path = request.apiPath
        switch Route(method: request.method, path: path, claimed: state.engine.claims(request)) {
        case .admin(let rest): return .plan(AdminAPI(api: self).respond(to: request, rest: rest))
        case .scripted: return .plan(scripted(request))
        case .batches(let rest): return .batches(rest: rest)
        case .models(let rest): return .plan(ModelsAPI(api: self).respond(to: request, rest: rest))
        case .messages: return .plan(messages(request))
        case .countTokens: return .plan(countTokens(request))
        // [UNVERIFIED] the real API's answer to a wrong method; 405 with the standard envelope.
        case .wrongMethod: return .plan(error(APIError(status: 405, type: "invalid_request_error", message: "Method Not Allowed")))
        // [UNVERIFIED] exact message for an unknown path.
        case .notFound: return .plan(error(.notFound("Not Found")))
        }
    }

    /// A plan for an API error with a freshly generated request id.
    func error(_ error: APIError) -> ResponsePlan {
        error.plan(requestID: ids.next("req_"), now: clock.now)
    }

    /// A plan for the mock's own error with a freshly generated request id; logged as a warning.
    func error(_ error: MockError) -> ResponsePlan {
        logger.warning("\(error.message)")
        return error.plan(requestID: ids.next("req_"), now: clock.now)
    }

    func messages(_ request: ReceivedRequest) -> ResponsePlan {
        let body: CheckedBodies.Body
        do {
            try MessagesRequestCheck.checkHeaders(request)
            body = try checkedBodies.check(request.body)
        } catch {
            return self.error(error)
        }
        let (checked, layout) = (body.checked, body.layout)
        let now = clock.now
        let (cache, limiter) = (state.promptCache, state.rateLimiter)
        let input = {
            layout.breakpoints.isEmpty
                ? TokenEstimator.inputTokens(checked.body) : cache.account(layout, model: checked.model, now: now, commit: false).rateLimitedInput
        }
        switch limiter.admit(model: checked.model, inputTokens: limiter.limits == nil ? 0 : input(), now: now) {
        case .refused(let message, let retryAfter, let headers)?:
            var plan = self.error(APIError(type: "rate_limit_error", message: message))
            for field in headers { plan.headers.set(field.name, field.value) }
            plan.headers.set("retry-after", String(retryAfter))
            plan.headers.set("x-should-retry", "true")
            return plan
        case .admitted?, nil:
            break
        }
        // Made once everything it holds is known, and never changed: passed on without a copy.
        let context = context(
            request, body: checked.body, stream: checked.stream, model: checked.model, now: now,
            usage: layout.breakpoints.isEmpty ? nil : cache.account(layout, model: checked.model, now: now, commit: true))
        var plan = answer(context)
        if limiter.limits != nil {
            let output = plan.status == 200 ? plan.outputTokens ?? 0 : 0
            for field in limiter.charge(model: checked.model, outputTokens: output, now: now) { plan.headers.set(field.name, field.value) }
        }
        return plan
    }

    /// A request a scenario rule names by path (a recorded batch call, say): auth and version
    /// are checked, then the rule answers as scripted.
    func scripted(_ request: ReceivedRequest) -> ResponsePlan {
        do { try MessagesRequestCheck.checkHeaders(request) } catch { return self.error(error) }
        return answer(context(request, body: (try? JSONValue.parse(request.body))?.objectValue))
    }

    /// The context a request is answered in, with this server's ids, clock, timing and base URL.
    func context(
        _ request: ReceivedRequest, body: JSONObject?, stream: Bool? = nil, model: String? = nil, now: Timestamp? = nil, usage: PromptUsage? = nil
    ) -> RequestContext {
        var context = RequestContext(
            request: request, body: body, stream: stream, model: model, ids: ids, now: now ?? clock.now,
            servedAt: .init(publicBaseURL: publicBaseURL), timingOverride: timing)
        context.usage = usage
        return context
    }

    /// The scenario's answer to a request: the step chosen, its plan compiled with the step's
    /// faults, then (with `queuedFaults`) the faults queued through the admin API; a used-up
    /// rule or no match is the mock's own error.
    package func answer(_ context: RequestContext, queuedFaults: Bool = true) -> ResponsePlan {
        answer(context, choice: state.engine.choose(context.request, body: context.body), queuedFaults: queuedFaults)
    }

    /// The answer once the scenario has chosen (batches choose for every request in order, then
    /// compile the answers on several threads at once).
    package func answer(_ context: RequestContext, choice: ScenarioEngine.Choice, queuedFaults: Bool = true) -> ResponsePlan {
        let engine = state.engine
        let request = context.request
        switch choice {
        case .step(let step, let rule, let index):
            var plan = engine.plan(for: step, rule: rule, index: index, context: context)
            let queued = queuedFaults ? state.takeQueuedFaults() : []
            if !queued.isEmpty {
                let faultContext = FaultContext(requestID: context.ids.next("req_"), now: context.now)
                let origin = plan.origin
                plan = queued.reduce(plan) { $1.apply(to: $0, context: faultContext) }
                if case .scenario(let label, _) = origin { plan.origin = .scenario(step: label, queuedFaults: true) }
            }
            return plan
        case .exhausted(let rule, let served):
            let label = engine.scenario.rules[rule].label(index: rule)
            return error(
                MockError(
                    .exhausted,
                    "mockclaude: \(label) of scenario '\(engine.scenario.name)' has no steps left after \(served) requests (it says after: fail); add steps or use after: repeat_last or loop"
                ))
        case .noMatch(let misses):
            let closest = misses.prefix(2).map { miss in
                engine.scenario.rules[miss.rule].label(index: miss.rule) + ": " + miss.mismatches.map(\.description).joined(separator: "; ")
            }
            return error(
                MockError(
                    .noMatch,
                    "mockclaude: no rule of scenario '\(engine.scenario.name)' matches \(request.method) \(request.path) (model \(context.model)). Closest: "
                        + closest.joined(separator: " | ") + (engine.scenario.noMatchAdvice.map { ". " + $0 } ?? "")))
        }
    }

    /// Whether unknown batch and model ids answer with placeholder objects (`--any-id`, or the
    /// scenario's `any_id: true`).
    var acceptsAnyID: Bool { validation.acceptAnyID || state.engine.scenario.anyID }

    /// The base URL this request reached the mock at: the configured public URL, else its Host
    /// and any path prefix before `/v1/`.
    func baseURL(of request: ReceivedRequest) -> String { request.baseURL(publicBaseURL: publicBaseURL) }

    /// `{"input_tokens": N}` from ``TokenEstimator``.
    func countTokens(_ request: ReceivedRequest) -> ResponsePlan {
        do {
            let body = try MessagesRequestCheck.checkCountTokens(request, options: validation)
            return json(.object(["input_tokens": .int(TokenEstimator.inputTokens(body))]), origin: "count_tokens")
        } catch {
            return self.error(error)
        }
    }

    /// A JSON answer with the standard headers.
    func json(_ value: JSONValue, origin: String) -> ResponsePlan {
        var plan = ResponsePlan.fixed(
            status: 200, headers: StandardHeaders.make(requestID: ids.next("req_"), contentType: StandardHeaders.json, now: clock.now),
            json: value)
        plan.origin = .endpoint(origin)
        return plan
    }
}
