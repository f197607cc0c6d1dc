import MockClaude
import Testing

@Suite struct BatchScriptLoadingTests {
    @Test func mixedResultsScenarioScriptsEveryKind() throws {
        let scenario = try ScenarioDSLTests.shipped("batch-mixed-results.yaml")
        #expect(scenario.seed == 3)
        #expect(
            scenario.batches == [
                BatchScript(
                    processingTime: .seconds(600),
                    outcomes: [
                        .init(customIDs: ["bad-request"], result: .errored(ErrorAnswer(type: "invalid_request_error", message: "max_tokens: Field required"))),
                        .init(customIDs: ["too-slow"], result: .expired),
                        .init(fraction: 0.25, result: .errored(ErrorAnswer(type: "overloaded_error"))),
                    ])
            ])
        let picked = (0..<40).filter { scenario.batches[0].outcomes[2].selects("req-\($0)", seed: 3) }
        #expect(!picked.isEmpty)
    }
}
