import Dispatch
import FuzzDriver
import MockClaude

/// Any bytes as JSON → a tool's `input_schema` answered by `tool_use: auto`, an
/// `output_config.format` schema answered by a synthesized reply, and a `system` prompt whose
/// blocks may carry `cache_control`, on an API with rate limits and a prompt cache. A plan
/// always comes back (never a crash, a hang or an unbounded instance); a tool call's input is an object.
func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let value = try? JSONValue.parse(FuzzDriver.bytes(data, size)) else { return 0 }
    let base: [(String, JSONValue)] = [
        ("model", "claude-sonnet-4-5"), ("max_tokens", .int(4096)), ("messages", .array([.object(["role": "user", "content": "go"])])),
    ]
    let bodies: [[(String, JSONValue)]] = [
        base + [("tools", .array([.object(["name": "t", "input_schema": value])])), ("tool_choice", .object(["type": "any"]))],
        base + [("output_config", .object(["format": .object(["type": "json_schema", "schema": value])]))],
        base + [("system", value), ("stream", .bool(true))],
        base + [("system", .array([.object(["type": "text", "text": "x", "cache_control": value])]))],
    ]
    for members in bodies {
        let body = JSONValue.object(JSONObject(members.map { (key: $0.0, value: $0.1) }))
        let plan = Harness.respond(
            ReceivedRequest(
                method: "POST", target: "/v1/messages",
                headers: [("x-api-key", "k"), ("anthropic-version", "2023-06-01"), ("content-type", "application/json")], body: body.compactBytes))
        precondition((100...599).contains(plan.status), "status \(plan.status) out of range")
        if let block = plan.json?["content"]?.arrayValue?.first, block["type"] == "tool_use" {
            precondition(block["input"]?.objectValue != nil, "a tool call's input must be an object")
        }
    }
    return 0
}

/// One API for the whole run, on a virtual clock, with every simulation on (limits high enough
/// that the clock standing still never turns the answers into 429s).
enum Harness {
    static let api = MockClaudeAPI(
        engine: try! ScenarioEngine(Scenario("fuzz") { Step.autoToolUse() }), timing: .instant,
        clock: VirtualClock(start: Timestamp(microseconds: 1_790_000_000_000_000)),
        cassetteRoots: CassetteRoots(["/nonexistent-root"]),
        rateLimits: RateLimits(all: .init(requestsPerMinute: 1_000_000_000, inputTokensPerMinute: 1_000_000_000, outputTokensPerMinute: 1_000_000_000)))

    final class Result: @unchecked Sendable { var plan: ResponsePlan? }

    static func respond(_ request: ReceivedRequest) -> ResponsePlan {
        let result = Result()
        let done = DispatchSemaphore(value: 0)
        Task {
            result.plan = await api.respond(to: request)
            done.signal()
        }
        done.wait()
        return result.plan!
    }
}

runFuzzer { data, size in fuzz(data, size) }
