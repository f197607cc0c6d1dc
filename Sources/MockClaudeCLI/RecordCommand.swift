import ArgumentParser
import AsyncHTTPClient
import Foundation
import Logging
import MockClaude
import MockClaudeRecorder

struct RecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record real API traffic into cassettes, without secrets.",
        discussion: """
            Proxy mode (no --prompt): serve a proxy to the real API; point your client's base URL at
            the URL printed first. Each request goes upstream with the client's own key (or
            ANTHROPIC_API_KEY when it sends none); the answer streams back as it arrives and is
            written to --out as a cassette, plus <session>.yaml, a scenario that replays the session:
              mockclaude record --out Cassettes/recorded
              mockclaude serve --scenario Cassettes/recorded/session.yaml

            One-shot mode: call the API once with ANTHROPIC_API_KEY and write one cassette:
              mockclaude record --prompt "Write a haiku" --out haiku.sse

            Modes (VCR's): none (replay only, never the network), once (record unless the session
            exists, then replay), new_episodes (replay what is recorded, record the rest), all
            (record everything). A request counts as recorded when its method, path and body
            (key order aside; --match-on for fewer parts) are those of a recorded one; any other
            gets the mock's no-match error naming the closest recorded request and the command
            that records it. Every forwarded request is logged. x-api-key, authorization,
            cookies and anthropic-organization-id never reach disk; add more with --redact-header
            and --redact-json-path.
            """
    )

    @Option(help: ArgumentHelp("Proxy mode: the folder for cassettes and the session scenario. One-shot: the cassette file.", valueName: "path"))
    var out: String

    @Option(help: "The real API (plain http is allowed, for tests).")
    var upstream = "https://api.anthropic.com"

    @Option(help: "Address to bind (proxy mode).")
    var host = "127.0.0.1"

    @Option(help: "Port to bind (proxy mode); 0 picks a free one.")
    var port = 0

    @Option(
        help:
            "Proxy mode: when the network may be used (none: replay only; once: record unless a session exists; new_episodes: record what is new; all: record everything again)."
    )
    var mode: RecordMode = .once

    @Option(help: "The session's name: <name>.yaml and <name>-NNN-….sse in --out.")
    var session = "session"

    @OptionGroup var redaction: RedactionOptions

    @Option(
        help: ArgumentHelp(
            "Proxy mode: what a replayed request must share with a recorded one besides method and path, comma-separated: body (default: the whole JSON body, key order aside), messages, last_user_message, model, stream, tools, system.",
            valueName: "parts"),
        transform: RecordCommand.parts)
    var matchOn: [MatchOn] = [.body]

    @Option(
        name: .customLong("ignore-field"),
        help: ArgumentHelp(
            "Proxy mode: a dotted body path left out of body matching and of the session file (repeatable; default metadata.user_id).",
            valueName: "path"))
    var ignoreFields: [String] = []

    @Option(help: "One-shot mode: the user message to send.")
    var prompt: String?

    @Option(help: "One-shot mode: the model.")
    var model = "claude-haiku-4-5"

    @Option(help: "One-shot mode: max_tokens.")
    var maxTokens = 1024

    @Option(help: "One-shot mode: a system prompt.")
    var system: String?

    @Option(help: ArgumentHelp("Log level on stderr.", valueName: "level"))
    var logLevel: Logger.Level = .info

    func run() async throws {
        Logs.start(level: logLevel)
        guard upstream.hasPrefix("http://") || upstream.hasPrefix("https://") else {
            throw ValidationError("--upstream must start with https:// (or http:// for a local test server)")
        }
        let redactor = redaction.redactor
        let key = ProcessInfo.processInfo.environment["ANTHROPIC_API_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        if let prompt {
            try await oneShot(prompt: prompt, key: key, redactor: redactor)
        } else {
            try await proxy(key: key, redactor: redactor)
        }
    }

    func oneShot(prompt: String, key: String?, redactor: Redactor) async throws {
        guard let key else { throw ValidationError("set ANTHROPIC_API_KEY to record with --prompt (it is sent upstream, never written)") }
        try Writable.check(directory: URL(fileURLWithPath: out).deletingLastPathComponent().path)
        let client = RecordingProxy.makeUpstreamClient()
        let recorder = OneShotRecorder(upstream: upstream, apiKey: key, client: client, redactor: redactor)
        let outcome = await Result(catching: {
            try await recorder.record(prompt: prompt, model: model, maxTokens: maxTokens, system: system, to: out) { progress in
                FileHandle.standardOutput.write(Data(progress.text.utf8))
                let seconds = Double(progress.elapsed.components.seconds) + Double(progress.elapsed.components.attoseconds) / 1e18
                FileHandle.standardError.write(
                    Data(String(format: "\u{1B}[s\r\u{1B}[K%d events, %d bytes, %.1f s\u{1B}[u", progress.events, progress.bytes, seconds).utf8))
            }
        })
        try await client.shutdown()
        let result = try outcome.get()
        FileHandle.standardError.write(
            Data("\nwrote \(out): \(result.events) events\(result.interrupted ? " (the stream was cut; the cassette is marked interrupted)" : "")\n".utf8))
        if result.interrupted { throw ExitCode(1) }
    }

    func proxy(key: String?, redactor: Redactor) async throws {
        // Catch signals before anyone can learn the URL: one sent right after it is not lost.
        let signals = SignalWaiter()
        let recordMode = mode
        try Writable.check(directory: out)
        let logger = Logger(label: "mockclaude.record")
        let ignoring = ignoreFields.isEmpty ? MatchOn.defaultIgnores : ignoreFields
        let recording = RecordingSession(
            directory: out, name: session, upstream: upstream, continuing: recordMode == .newEpisodes, matchOn: matchOn, ignoring: ignoring)
        let exists = FileManager.default.fileExists(atPath: recording.scenarioPath)
        let server: MockClaudeServer
        var client: HTTPClient?
        var recorder: RecordingProxy?
        switch (recordMode, exists) {
        case (.none, false):
            throw CLIError("--mode none replays \(recording.scenarioPath), which does not exist; record it first with --mode once")
        case (.none, true), (.once, true):
            logger.info("replaying \(recording.scenarioPath) without touching the network (--mode \(mode.rawValue))")
            server = try await MockClaudeServer.start(
                .init(host: host, port: port, scenario: try CassetteLoading.scenario(recording.scenarioPath), logger: logger))
        default:
            var replay: MockClaudeAPI?
            if recordMode == .newEpisodes, exists {
                replay = MockClaudeAPI(engine: try CassetteLoading.scenario(recording.scenarioPath), logger: logger)
            }
            let upstreamClient = RecordingProxy.makeUpstreamClient()
            client = upstreamClient
            let proxy = RecordingProxy(
                upstream: upstream, session: recording, redactor: redactor, apiKey: key, client: upstreamClient, replay: replay, logger: logger)
            recorder = proxy
            do {
                server = try await MockClaudeServer.start(.init(host: host, port: port, logger: logger), responder: proxy)
            } catch {
                try await upstreamClient.shutdown()
                throw CLIError("cannot listen on \(host):\(port): \(error) (try another --port, or 0 for a free one)")
            }
            logger.info(
                "recording to \(out) (session \(session), mode \(mode.rawValue)) from \(upstream); replay with: mockclaude serve --scenario \(recording.scenarioPath)"
            )
        }
        FileHandle.standardOutput.write(Data((server.baseURL.absoluteString + "\n").utf8))
        let signal = await signals.termination()
        logger.info("received \(signal), shutting down")
        await server.shutdown()
        await recorder?.finishRecordings()
        try await client?.shutdown()
    }
}

extension RecordMode: ExpressibleByArgument {}

extension RecordCommand {
    /// `--match-on body` or `--match-on messages,model`.
    static func parts(_ text: String) throws -> [MatchOn] {
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return try names.map { name in
            guard let part = MatchOn(rawValue: name) else {
                throw ValidationError(
                    "--match-on '\(name)' is not one of \(MatchOn.allCases.map(\.rawValue).joined(separator: ", ")) (comma-separated, e.g. --match-on messages,model)"
                )
            }
            return part
        }
    }
}
