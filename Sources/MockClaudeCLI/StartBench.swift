import ArgumentParser
import AsyncHTTPClient
import Foundation
import Logging
import MockClaude
import NIOCore

/// `mockclaude bench start`: what a mock per test costs.
struct StartBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "A mock per test: start in-process, one streamed answer, shut down; per phase and in all.",
        discussion: """
            Does what the test trait does for each test, --runs times in a row: starts a mock on a
            free port (the bundled haiku, instant timing), streams one answer through a shared
            AsyncHTTPClient, and shuts the mock down. Prints the median and 95th percentile of
            each phase and of the whole.

            Example (build in release mode for meaningful figures):
              swift run -c release mockclaude bench start --runs 200
            """
    )

    @Option(help: "How many mocks to start one after another (1…100000).")
    var runs = 200

    func validate() throws {
        guard (1...100_000).contains(runs) else { throw ValidationError("--runs must be 1…100000") }
    }

    func run() async throws {
        let quiet = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        var phases: [String: [Duration]] = ["start": [], "answer": [], "shutdown": [], "total": []]
        for _ in 0..<runs {
            let begin = ContinuousClock.now
            let server = try await MockClaudeServer.start(.init(timing: .instant, logger: quiet))
            let started = ContinuousClock.now
            let response = try await client.execute(Bench.streamingRequest(server.baseURL), timeout: .seconds(30))
            var bytes = 0
            for try await buffer in response.body { bytes += buffer.readableBytes }
            let answered = ContinuousClock.now
            await server.shutdown()
            let ended = ContinuousClock.now
            guard bytes > 0 else { throw ValidationError("the mock answered with an empty body") }
            phases["start"]!.append(started - begin)
            phases["answer"]!.append(answered - started)
            phases["shutdown"]!.append(ended - answered)
            phases["total"]!.append(ended - begin)
        }
        try await client.shutdown()
        print("a mock per test, \(runs) runs (start, one streamed answer, shutdown):")
        for phase in ["start", "answer", "shutdown", "total"] {
            let values = phases[phase]!
            print(
                "  \(phase.padding(toLength: 9, withPad: " ", startingAt: 0)) median \(Bench.ms(Bench.percentile(values, 0.5)))   p95 \(Bench.ms(Bench.percentile(values, 0.95)))"
            )
        }
    }
}
