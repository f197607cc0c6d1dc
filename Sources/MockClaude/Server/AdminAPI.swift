import Foundation

/// The mock's own control API, under `/_mockclaude/` (a prefix no real API path can have), so
/// tests in any language get the powers the Swift helpers have.
///
/// | request | effect |
/// |---|---|
/// | `GET /_mockclaude/journal` | every API request received, the scenario steps not used yet, the prompt cache |
/// | `GET /_mockclaude/cache` | the prompt cache's live entries (model, tokens, TTL, expiry, reads) |
/// | `POST /_mockclaude/reset` | start the scenario over; forget the journal, queued faults and prompt cache; refill rate limits |
/// | `POST /_mockclaude/scenario` (body: scenario YAML) | replace the scenario |
/// | `POST /_mockclaude/faults` (body: a fault, or a list, as in scenario YAML/JSON) | apply to the next `/v1/messages` answer only |
/// | `GET /_mockclaude/clock` | the mock's time, and whether it is virtual |
/// | `POST /_mockclaude/clock/advance` (body: `{"seconds": 86400}`) | move a virtual clock forward |
///
/// Requests must address a loopback host, come from no foreign web page, and send bodies as JSON
/// or YAML (``AdminGuard``); errors come in the API's envelope with the mock's own types.
/// Cassettes named by a posted scenario must lie under the server's cassette roots.
struct AdminAPI {
    static let prefix = "/_mockclaude/"
    let api: MockClaudeAPI

    func respond(to request: ReceivedRequest, rest: String) -> ResponsePlan {
        if let refusal = api.adminGuard.refusal(request) { return error(refusal) }
        let state = api.state
        switch (request.method, rest) {
        case ("GET", "journal"):
            return reply(
                200,
                .object([
                    "requests": .array(state.journal.entries.map(\.jsonValue)),
                    "unused_steps": .array(state.engine.unusedSteps.map { .string($0) }),
                    "dropped": .int(state.journal.dropped),
                    "prompt_cache": cacheJSON(),
                ]))
        case ("GET", "cache"):
            return reply(200, .object(["entries": cacheJSON(), "now": .string(api.clock.now.rfc3339Micro)]))
        case ("POST", "reset"):
            state.reset()
            return reply(200, .object(["reset": .bool(true)]))
        case ("POST", "scenario"):
            do {
                let text = String(decoding: request.body, as: UTF8.self)
                let scenario = try ScenarioLoader.parse(
                    text, source: "POST /_mockclaude/scenario",
                    baseDirectory: FileManager.default.currentDirectoryPath, defaultName: "posted")
                state.load(try ScenarioEngine(scenario, cassetteRoots: api.cassetteRoots))
                return reply(200, .object(["loaded": .string(scenario.name), "rules": .int(scenario.rules.count)]))
            } catch {
                return problem("\(error)")
            }
        case ("POST", "faults"):
            do {
                let faults = try ScenarioLoader.faults(String(decoding: request.body, as: UTF8.self), source: "POST /_mockclaude/faults")
                state.queue(faults)
                return reply(200, .object(["queued": .int(faults.count)]))
            } catch {
                return problem("\(error)")
            }
        case ("GET", "clock"):
            return reply(200, clockJSON())
        case ("POST", "clock/advance"):
            guard let clock = api.clock as? VirtualClock else {
                return problem("the clock is real time; start the mock with a virtual clock (serve --virtual-clock) to move it")
            }
            let value = (try? JSONValue.parse(request.body))?["seconds"]
            let seconds: Double? =
                switch value {
                case .int(let int): Double(int)
                case .double(let double): double
                default: nil
                }
            guard let seconds, Checked.duration(seconds: seconds) != nil else {
                return problem("send {\"seconds\": N} with N from 0 to \(400 * 86_400) (400 days)")
            }
            clock.advance(seconds: seconds)
            return reply(200, clockJSON())
        default:
            return error(
                MockError(
                    .adminRequest,
                    "mockclaude: unknown admin request \(request.method) \(SourceProblem.excerpt(AdminAPI.prefix + rest)); known: GET journal, GET cache, POST reset, POST scenario, POST faults, GET clock, POST clock/advance",
                    status: 404))
        }
    }

    /// The prompt cache's live entries: model, tokens, TTL, when written and when they expire.
    private func cacheJSON() -> JSONValue {
        .array(
            api.state.promptCache.alive(at: api.clock.now).map { entry in
                .object([
                    "model": .string(entry.model), "prefix": .string(String(entry.key, radix: 16)), "tokens": .int(entry.tokens),
                    "ttl": .string(entry.ttl), "breakpoint": .string(entry.location), "written_at": .string(entry.written.rfc3339Micro),
                    "expires_at": .string(entry.expires.rfc3339Micro), "reads": .int(entry.reads),
                ])
            })
    }

    private func clockJSON() -> JSONValue {
        .object(["now": .string(api.clock.now.rfc3339Micro), "virtual": .bool(api.clock is VirtualClock)])
    }

    private func reply(_ status: Int, _ body: JSONValue) -> ResponsePlan {
        var plan = ResponsePlan.fixed(status: status, headers: [("content-type", StandardHeaders.json)], json: body)
        plan.origin = .admin
        plan.journaled = false
        return plan
    }

    /// A 400 in the API's envelope with the mock's own type.
    private func problem(_ message: String) -> ResponsePlan {
        error(MockError(.adminRequest, message))
    }

    private func error(_ error: MockError) -> ResponsePlan {
        var plan = error.plan(requestID: api.ids.next("req_"), now: api.clock.now)
        plan.journaled = false
        return plan
    }
}
