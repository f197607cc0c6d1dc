import ArgumentParser
import AsyncHTTPClient
import Foundation
import Logging
import MockClaude
import NIOCore

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks that print their figures.",
        subcommands: [StartBench.self, RespondBench.self, BatchBench.self, ProxyBench.self]
    )
}

struct BatchBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batches",
        abstract: "A large message batch created, ended and downloaded: wall time and memory per phase.",
        discussion: """
            Starts a mock in this process on a virtual clock, then over HTTP: creates a batch of
            --requests requests, moves the clock so it ends, retrieves it (every result is produced
            then), and downloads the results as a stream, counting lines without keeping them.
            Prints wall time per phase and the process's resident memory (current and peak), so the
            download can be seen not to grow memory beyond the batch store.

            Example (build in release mode for meaningful figures):
              swift run -c release mockclaude bench batches --requests 100000
            """
    )

    @Option(help: "How many requests the batch holds (1…100000).")
    var requests: Int = 100_000

    func validate() throws {
        guard (1...100_000).contains(requests) else { throw ValidationError("--requests must be 1…100000 (the API's limit)") }
    }

    func run() async throws {
        let clock = VirtualClock()
        let scenario = Scenario("bench", timing: .instant, batches: [BatchScript(processingTime: .seconds(60))]) {
            Step.text("A benchmark answer of a few words.")
        }
        let server = try await MockClaudeServer.start(
            .init(scenario: try ScenarioEngine(scenario), clock: clock, logger: .init(label: "bench") { _ in SwiftLogNoOpLogHandler() }))
        let base = server.baseURL.absoluteString
        report("start", since: nil)

        var started = ContinuousClock.now
        var body = Data(#"{"requests":["#.utf8)
        for index in 0..<requests {
            if index > 0 { body.append(UInt8(ascii: ",")) }
            body.append(
                contentsOf:
                    #"{"custom_id":"req-\#(index)","params":{"model":"claude-haiku-4-5","max_tokens":64,"messages":[{"role":"user","content":"Question number \#(index)?"}]}}"#
                    .utf8)
        }
        body.append(contentsOf: "]}".utf8)
        print("request body: \(body.count / 1024) KiB for \(requests) requests")
        let created = try await call("POST", base + "/v1/messages/batches", body: body)
        guard let id = created["id"]?.stringValue else { throw ValidationError("create failed: \(created.compactString)") }
        report("create", since: started)

        started = ContinuousClock.now
        clock.advance(seconds: 61)
        let ended = try await call("GET", base + "/v1/messages/batches/\(id)")
        report("end (all results produced)", since: started)
        print("  request_counts: \(ended["request_counts"]?.compactString ?? "?")")

        started = ContinuousClock.now
        // AsyncHTTPClient reads the body part by part with backpressure, so the client keeps
        // nothing either: what memory grows is the server's.
        var download = HTTPClientRequest(url: base + "/v1/messages/batches/\(id)/results")
        download.headers.add(name: "x-api-key", value: "bench")
        download.headers.add(name: "anthropic-version", value: "2023-06-01")
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        var lines = 0, bytes = 0
        let response = try await client.execute(download, timeout: .seconds(300))
        for try await buffer in response.body {
            bytes += buffer.readableBytes
            lines += buffer.readableBytesView.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
        }
        try await client.shutdown()
        report("download (\(lines) lines, \(bytes / 1024) KiB)", since: started)

        await server.shutdown()
    }

    /// One call with the bench's headers, its JSON answer parsed (AsyncHTTPClient: the CLI
    /// links no URLSession, so its static build needs no libcurl).
    private func call(_ method: String, _ url: String, body: Data? = nil) async throws -> JSONValue {
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: method)
        for (name, value) in [("x-api-key", "bench"), ("anthropic-version", "2023-06-01"), ("content-type", "application/json")] {
            request.headers.add(name: name, value: value)
        }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(300))
        return try JSONValue.parse(Array(try await response.body.collect(upTo: 1 << 30).readableBytesView))
    }

    private func report(_ phase: String, since start: ContinuousClock.Instant?) {
        let memory = Self.memory()
        let time =
            start.map { String(format: "%8.3f s", Bench.seconds(ContinuousClock.now - $0)) }
            ?? "       -  "
        print("\(phase.padding(toLength: 44, withPad: " ", startingAt: 0)) \(time)   rss \(memory.current / 1024) MiB   peak \(memory.peak / 1024) MiB")
    }

    /// Resident and peak resident memory in KiB, from /proc/self/status (0 where unavailable).
    static func memory() -> (current: Int, peak: Int) {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
        func value(_ key: String) -> Int {
            status.split(separator: "\n").first { $0.hasPrefix(key) }
                .flatMap { $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first }.flatMap { Int($0) } ?? 0
        }
        return (value("VmRSS:"), value("VmHWM:"))
    }
}
