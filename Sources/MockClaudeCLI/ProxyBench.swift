import ArgumentParser
import AsyncHTTPClient
import Foundation
import Logging
import MockClaude
import MockClaudeRecorder
import NIOCore

struct ProxyBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proxy",
        abstract: "Time to first byte through the recording proxy, against going to the upstream directly.",
        discussion: """
            Starts an upstream mock (the bundled haiku, instant timing) and a recording proxy in front
            of it, both on loopback in this process, then sends --requests streaming requests each
            way, alternating, and prints the median and 90th percentile time until the response
            head and the first event arrive. Cassettes go to a temporary folder.

            Example:
              swift run -c release mockclaude bench proxy --requests 500
            """
    )

    @Option(help: "Requests each way.")
    var requests = 300

    func run() async throws {
        let quiet = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }
        let upstream = try await MockClaudeServer.start(.init(timing: .instant, logger: quiet))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mockclaude-bench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let upstreamClient = RecordingProxy.makeUpstreamClient()
        let session = RecordingSession(directory: directory, name: "bench", upstream: upstream.baseURL.absoluteString, continuing: false)
        let proxy = try await MockClaudeServer.start(
            .init(logger: quiet),
            responder: RecordingProxy(
                upstream: upstream.baseURL.absoluteString, session: session, redactor: Redactor(), apiKey: nil, client: upstreamClient, logger: quiet))
        let client = HTTPClient(eventLoopGroupProvider: .singleton)

        var direct: [Duration] = [], proxied: [Duration] = []
        for index in 0..<(requests * 2) {
            let target = index.isMultiple(of: 2) ? upstream.baseURL : proxy.baseURL
            let elapsed = try await Self.firstEvent(client, target)
            if index.isMultiple(of: 2) { direct.append(elapsed) } else { proxied.append(elapsed) }
        }
        try await client.shutdown()
        await proxy.shutdown()
        try await upstreamClient.shutdown()
        await upstream.shutdown()
        try? FileManager.default.removeItem(atPath: directory)

        print("time to first event over \(requests) streaming requests each way (loopback):")
        print("  direct   median \(Bench.ms(Bench.percentile(direct, 0.5)))   p90 \(Bench.ms(Bench.percentile(direct, 0.9)))")
        print("  proxied  median \(Bench.ms(Bench.percentile(proxied, 0.5)))   p90 \(Bench.ms(Bench.percentile(proxied, 0.9)))")
        print("  added by the proxy (median): \(Bench.ms(Bench.percentile(proxied, 0.5) - Bench.percentile(direct, 0.5)))")
    }

    /// Time from sending a streaming request until its first body bytes arrive; the rest is read and dropped.
    static func firstEvent(_ client: HTTPClient, _ base: URL) async throws -> Duration {
        let started = ContinuousClock.now
        let response = try await client.execute(Bench.streamingRequest(base), timeout: .seconds(30))
        var first: Duration?
        for try await _ in response.body where first == nil { first = .now - started }
        return first ?? (.now - started)
    }
}
