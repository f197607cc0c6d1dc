import FuzzDriver
import MockClaude

/// Any text → the scenario loader and the fault parser (YAML or JSON): problems or a scenario,
/// never a crash, never a file read outside the (empty) cassette roots.
func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: FuzzDriver.bytes(data, size), as: UTF8.self)
    if let scenario = try? ScenarioLoader.parse(text, source: "fuzz.yaml", baseDirectory: "/nonexistent") {
        _ = try? ScenarioEngine(scenario, cassetteRoots: CassetteRoots(["/nonexistent-root"]))
    }
    if let faults = try? ScenarioLoader.faults(text, source: "fuzz") {
        var plan = ResponsePlan(
            status: 200, headers: [("content-type", "text/event-stream")],
            parts: (0..<4).map { ResponsePlan.Part(delay: .milliseconds($0), bytes: Array("event: ping\ndata: {}\n\n".utf8)) })
        for fault in faults { plan = fault.apply(to: plan, context: FaultContext(requestID: "req_fuzz", now: Timestamp(microseconds: 0))) }
    }
    return 0
}

runFuzzer { data, size in fuzz(data, size) }
