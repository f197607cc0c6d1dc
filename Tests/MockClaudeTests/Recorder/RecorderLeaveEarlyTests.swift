import Foundation
import MockClaude
import MockClaudeRecorder
import Testing

@Suite struct RecorderLeaveEarlyTests {
    @Test(.enabled(if: Curl.available))
    func aClientThatLeavesBeforeTheUpstreamAnswersStillLeavesACassette() async throws {
        let scenario = Scenario("slow", timing: .instant) { Step.cassette(Repo.cassettePath("haiku.sse")).faults(.latency(.milliseconds(800))) }
        try await RecorderTests.recording(.init(scenario: try ScenarioEngine(scenario))) { _, proxy, session in
            let result = try await Curl.run(FaultWireTests.curlArguments(proxy) + ["--max-time", "0.3"])
            #expect(result.exitCode == 28)
            let engine = try await RecorderTests.replayEngine(session, cassettes: 1)
            #expect(engine.scenario.rules.count == 1)
        }
    }
}
