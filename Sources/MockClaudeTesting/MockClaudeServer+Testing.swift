import Foundation
import MockClaude

extension MockClaudeServer {
    /// The mock started for the running test by the `.mockClaude(…)` trait.
    @TaskLocal public static var current: MockClaudeServer?

    /// What a test mock answers with.
    public enum Fixture: Sendable {
        /// Cassettes by name (found beside the test file), answered in order, the last repeating.
        case cassettes([String])
        /// A scenario file by name (found beside the test file).
        case scenarioNamed(String)
        /// A scenario built with the DSL.
        case scenario(Scenario)
    }

    /// Starts a mock for a test: fixtures are found from `filePath`; timing is instant unless
    /// asked; with `virtualClock`, time stands still until the test moves the server's `virtualClock`.
    public static func startForTest(
        _ fixture: Fixture, timing: Timing? = .instant, virtualClock: Bool = false,
        filePath: String
    ) async throws -> MockClaudeServer {
        let engine: ScenarioEngine
        switch fixture {
        case .cassettes(let names):
            engine = ScenarioEngine(
                cassettes: try names.map { try Fixtures.cassettes.value(at: MockFixtures.cassette($0, near: filePath), load: Cassette.load(path:)) })
        case .scenarioNamed(let name):
            engine = try ScenarioEngine(Fixtures.scenarios.value(at: MockFixtures.scenario(name, near: filePath), load: ScenarioLoader.load(path:)))
        case .scenario(let scenario):
            engine = try ScenarioEngine(scenario)
        }
        return try await MockClaudeServer.start(.init(scenario: engine, timing: timing, clock: virtualClock ? VirtualClock() : SystemClock()))
    }
}
