import Foundation

/// The mock's own control API, under `/_mockclaude/` (a prefix no real API path can have), so
/// tests in any language get the powers the Swift helpers have.
///
/// | request | effect |
/// |---|---|
/// | `GET /_mockclaude/journal` | every API request received, and the scenario steps not used yet |
/// | `POST /_mockclaude/reset` | start the scenario over; forget the journal and queued faults |
/// | `POST /_mockclaude/scenario` (body: scenario YAML) | replace the scenario |
/// | `POST /_mockclaude/faults` (body: a fault, or a list, as in scenario YAML/JSON) | apply to the next `/v1/messages` answer only |
struct AdminAPI {
    static let prefix = "/_mockclaude/"
    let api: MockClaudeAPI

    func respond(to request: ReceivedRequest, path: String) -> ResponsePlan {
        let state = api.state
        switch (request.method, String(path.dropFirst(AdminAPI.prefix.count))) {
        case ("GET", "journal"):
            return reply(200, .object([
                "requests": .array(state.journal.entries.map(\.jsonValue)),
                "unused_steps": .array(state.engine.unusedSteps.map { .string($0) }),
            ]))
        case ("POST", "reset"):
            state.reset()
            return reply(200, .object(["reset": .bool(true)]))
        case ("POST", "scenario"):
            do {
                let text = String(decoding: request.body, as: UTF8.self)
                let scenario = try ScenarioLoader.parse(text, source: "POST /_mockclaude/scenario",
                                                        baseDirectory: FileManager.default.currentDirectoryPath, defaultName: "posted")
                state.load(try ScenarioEngine(scenario))
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
        default:
            return reply(404, .object(["error": .string("unknown admin request \(request.method) \(path); known: GET journal, POST reset, POST scenario, POST faults")]))
        }
    }

    private func reply(_ status: Int, _ body: JSONValue) -> ResponsePlan {
        var plan = ResponsePlan.fixed(status: status, headers: [("content-type", StandardHeaders.json)], body: body.compactBytes)
        plan.origin = "admin"
        return plan
    }

    private func problem(_ message: String) -> ResponsePlan {
        reply(400, .object(["error": .string(message)]))
    }
}
