import ArgumentParser
import Dispatch
import Foundation
import Logging
import MockClaude

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the Messages API from cassettes or a scenario.",
        discussion: """
            The first line on stdout is the base URL; give it to your client (ANTHROPIC_BASE_URL for the \
            official SDKs). POST /v1/messages answers with the cassettes in order, the last repeating: \
            with "stream": true the recorded SSE bytes at their recorded pace, otherwise the same \
            stream assembled into one Message. With no --cassette, a bundled haiku is served. \
            --scenario FILE scripts answers and faults instead (see Scenarios/README.md). \
            Stop with Ctrl-C (SIGINT) or SIGTERM.

            Examples:
              mockclaude serve
              mockclaude serve --port 8787 --cassette Cassettes/tool_use.sse --cassette Cassettes/haiku.sse
              mockclaude serve --timing instant
              mockclaude serve --scenario Scenarios/retry-then-ok.yaml
              mockclaude serve --virtual-clock --rate-limit requests_per_minute=60,output_tokens_per_minute=8000
            """
    )

    @Option(name: .customLong("cassette"), help: ArgumentHelp("A cassette (.sse) to answer with; repeat for several, answered in order.", valueName: "file"))
    var cassettes: [String] = []

    @Option(help: ArgumentHelp("A scenario (.yaml) scripting answers and faults, instead of --cassette.", valueName: "file"))
    var scenario: String?

    @Option(help: "Address to bind. Anything but loopback exposes the mock to your network.")
    var host: String = "127.0.0.1"

    @Option(help: "Port to bind; 0 picks a free port and prints it.")
    var port: Int = 0

    @OptionGroup var timing: TimingOption

    @Flag(help: "Reject unknown top-level request fields (\"<field>: Extra inputs are not permitted\"), as the real API does.")
    var strictFields = false

    @Flag(help: "Accept any model name instead of answering unknown ones with the API's 404.")
    var anyModel = false

    @Flag(
        help:
            "Answer unknown batch and model ids with a plausible object carrying the id (a batch: ended, with one result) instead of the API's 404, for SDK test suites that use placeholder ids."
    )
    var anyID = false

    @Flag(help: "Use a virtual clock that stands still until POST /_mockclaude/clock/advance moves it (for batches).")
    var virtualClock = false

    @Option(help: ArgumentHelp("The URL clients reach the mock at, for batches' results_url (default: each request's Host).", valueName: "url"))
    var publicURL: String?

    @Option(help: "Seed for generated ids (request-id when a cassette has none); the same seed gives the same ids.")
    var seed: UInt64 = 0

    @Option(help: ArgumentHelp("Log level on stderr.", valueName: "level"))
    var logLevel: Logger.Level = .info

    @Option(
        name: .customLong("cassette-root"),
        help: ArgumentHelp(
            "A folder that cassettes named by a scenario posted to /_mockclaude/scenario may come from; repeat for several (default: the working directory and the folders of --scenario and --cassette files).",
            valueName: "folder"))
    var cassetteRoots: [String] = []

    @Option(help: "Connections open at once; one more is answered 503 and closed.")
    var maxConnections: Int = 4096

    @Option(
        help: ArgumentHelp(
            "Write the bound port to this file (atomically, once listening), for scripts that start the mock in the background.",
            valueName: "path"))
    var portFile: String?

    @Option(help: ArgumentHelp("Requests the journal keeps (GET /_mockclaude/journal); older ones are dropped and counted.", valueName: "count"))
    var journalEntries: Int = 10_000

    @Option(
        help: ArgumentHelp(
            "Seconds a request may take to arrive (from its first byte, and between reads of its body); then 408 and close.", valueName: "seconds"))
    var requestTimeout: Double = 60

    @Option(help: ArgumentHelp("Seconds a kept-alive connection may wait for its next request before it is closed.", valueName: "seconds"))
    var idleTimeout: Double = 75

    @Option(
        help: ArgumentHelp(
            "Enforce API rate limits on /v1/messages, per model, as token buckets on the mock's clock: 429 with retry-after, anthropic-ratelimit-* headers on every answer (over a scenario's limits:).",
            valueName: "requests_per_minute=N,input_tokens_per_minute=N,output_tokens_per_minute=N"))
    var rateLimit: String?

    func validate() throws {
        if scenario != nil && !cassettes.isEmpty {
            throw ValidationError("--scenario and --cassette do not mix; name the cassettes inside the scenario's steps")
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535 (0 picks a free port)") }
        guard maxConnections >= 1 else { throw ValidationError("--max-connections must be at least 1") }
        guard journalEntries >= 1 else { throw ValidationError("--journal-entries must be at least 1") }
        if let rateLimit {
            do { _ = try RateLimits(parsing: rateLimit) } catch { throw ValidationError("--rate-limit: \(error)") }
        }
        for (name, seconds) in [("--request-timeout", requestTimeout), ("--idle-timeout", idleTimeout)] {
            guard seconds > 0, Checked.duration(seconds: seconds) != nil else {
                throw ValidationError("\(name) must be a number of seconds above 0 and at most \(400 * 86_400) (400 days)")
            }
        }
    }

    func run() async throws {
        // Catch signals before anyone can learn the URL: one sent right after it is not lost.
        let signals = SignalWaiter()
        Logs.start(level: logLevel)
        let logger = Logger(label: "mockclaude")
        let engine = try scenario.map(CassetteLoading.scenario) ?? ScenarioEngine(cassettes: try CassetteLoading.load(cassettes))
        var configuration = MockClaudeServer.Configuration(
            host: host, port: port, scenario: engine, timing: timing.timing, seed: seed,
            clock: virtualClock ? VirtualClock() : SystemClock(), publicBaseURL: publicURL,
            validation: ValidationOptions(checkModels: !anyModel, strictFields: strictFields, acceptAnyID: anyID), logger: logger)
        let fileFolders = (scenario.map { [$0] } ?? cassettes).map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }
        configuration.cassetteRoots = CassetteRoots(cassetteRoots.isEmpty ? [FileManager.default.currentDirectoryPath] + fileFolders : cassetteRoots)
        configuration.rateLimits = try rateLimit.map { text throws in try RateLimits(parsing: text) }
        configuration.limits.maximumConnections = maxConnections
        configuration.limits.journalEntries = journalEntries
        configuration.limits.requestReadTimeout = Checked.duration(seconds: requestTimeout) ?? .seconds(60)
        configuration.limits.idleTimeout = Checked.duration(seconds: idleTimeout) ?? .seconds(75)
        configuration.servesOnEventLoops = true  // Swift concurrency runs on the loops here anyway (see Entry)

        let server: MockClaudeServer
        do {
            server = try await MockClaudeServer.start(configuration)
        } catch {
            throw CLIError("cannot listen on \(host):\(port): \(error) (try another --port, or 0 for a free one)")
        }
        if let portFile {
            do {
                try Data("\(server.port)\n".utf8).write(to: URL(fileURLWithPath: portFile), options: .atomic)
            } catch {
                await server.shutdown()
                throw CLIError("cannot write --port-file \(portFile): \(error.localizedDescription)")
            }
        }
        FileHandle.standardOutput.write(Data((server.baseURL.absoluteString + "\n").utf8))
        let what = scenario.map { "scenario \($0)" } ?? (cassettes.isEmpty ? "the bundled haiku cassette" : cassettes.joined(separator: ", "))
        logger.info(
            "serving \(what) at \(server.baseURL.absoluteString) (timing \(configuration.timing?.description ?? "as recorded")); export ANTHROPIC_BASE_URL=\(server.baseURL.absoluteString)"
        )

        let signal = await signals.termination()
        logger.info("received \(signal), shutting down")
        await server.shutdown()
    }
}
