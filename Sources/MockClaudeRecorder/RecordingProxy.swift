import AsyncHTTPClient
import Foundation
import Logging
import MockClaude
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A responder that forwards each request to the real API and records the answer.
///
/// Streams and other bodies (SSE, batch results) are teed: each chunk goes to the client the
/// moment it arrives and into the cassette, SSE events with their timing; if either side drops
/// mid-body, the cassette is written marked interrupted and replays the same cut. JSON answers
/// (messages, errors, batch objects) are read whole, their links to the upstream rewritten to
/// point at the recorder, then sent and recorded. Secrets never reach
/// disk (``Redactor``); an unreachable upstream gets a 502 of the mock's own, and nothing is
/// written.
public final class RecordingProxy: Responder {
    /// Where to forward, e.g. `https://api.anthropic.com`.
    public let upstream: String
    let session: RecordingSession
    let redactor: Redactor
    let apiKey: String?
    let client: HTTPClient
    let replay: MockClaudeAPI?
    let logger: Logger
    /// Recordings still being read from the upstream, by file.
    private let pending = NIOLockedValueBox<[String: Task<Void, Never>]>([:])

    /// A proxy recording into `session`; `replay`, when given, answers the requests it has a
    /// rule for (new episodes mode); `apiKey` is sent when a client sends no credentials.
    public init(
        upstream: String, session: RecordingSession, redactor: Redactor, apiKey: String?, client: HTTPClient,
        replay: MockClaudeAPI? = nil, logger: Logger
    ) {
        self.upstream = upstream.hasSuffix("/") ? String(upstream.dropLast()) : upstream
        self.session = session
        self.redactor = redactor
        self.apiKey = apiKey
        self.client = client
        self.replay = replay
        self.logger = logger
    }

    /// An HTTP client for the upstream that fails at once when it cannot connect (rather than
    /// retrying until the request's deadline), so an unreachable upstream is a prompt 502.
    public static func makeUpstreamClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.timeout.connect = .seconds(10)
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    static let notForwarded: Set<String> = ["host", "content-length", "connection", "transfer-encoding", "keep-alive", "accept-encoding"]

    /// Forwards the request and answers with what the upstream sends, recording it; a request already recorded is replayed, per the mode.
    public func respond(to request: ReceivedRequest) async -> ResponsePlan {
        if let replay, replay.state.engine.matches(request) {
            logger.info("replaying \(request.method) \(request.path) from the recorded session")
            return await replay.respond(to: request)
        }
        let target = request.target.range(of: "/v1/").map { String(request.target[$0.lowerBound...]) } ?? request.target
        var outgoing = HTTPClientRequest(url: upstream + target)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for field in request.headers where !RecordingProxy.notForwarded.contains(field.name.lowercased()) {
            outgoing.headers.add(name: field.name, value: field.value)
        }
        if request.headers["x-api-key"] == nil, request.headers["authorization"] == nil, let apiKey {
            outgoing.headers.add(name: "x-api-key", value: apiKey)
        }
        if !request.body.isEmpty { outgoing.body = .bytes(ByteBuffer(bytes: request.body)) }
        logger.info("forwarding \(request.method) \(target) to \(upstream) (recording)")

        let response: HTTPClientResponse
        do {
            response = try await client.execute(outgoing, timeout: .seconds(600))
        } catch {
            logger.error("upstream \(upstream) unreachable: \(error); nothing recorded")
            return MockError(.upstream, "mockclaude: could not reach the upstream \(upstream): \(error). Nothing was recorded.")
                .plan(requestID: "req_mockclaude_upstream", now: .now)
        }

        let upstreamHeaders = HTTPHeaderList(response.headers.map { (name: $0.name, value: $0.value) })
        let toClient = upstreamHeaders.removingFraming()
        let isEventStream = upstreamHeaders["content-type"]?.hasPrefix("text/event-stream") ?? false
        var recordedHeaders = redactor.filter(upstreamHeaders)
        recordedHeaders.remove("date")
        let key = session.key(for: request, redacted: redactor.jsonPaths)
        let file = session.nextFile(method: request.method, path: request.apiPath)
        let description = "\(request.method) \(request.apiPath) " + String(decoding: redactor.redact(json: request.body), as: UTF8.self).prefix(4096)
        // Delays count from the response head, as replay does.
        var writer = CassetteWriter(
            status: Int(response.status.code), headers: recordedHeaders, isEventStream: isEventStream,
            request: description, start: .now)
        if !redactor.jsonPaths.isEmpty { writer.eventTransform = { [redactor] in redactor.redact(event: $0) } }
        let status = Int(response.status.code)

        let isJSON = (upstreamHeaders["content-type"] ?? "").contains("json")
        if isJSON {
            // Read whole: small JSON answers, whose links to the upstream must point here instead.
            var bytes: [UInt8] = []
            do {
                for try await chunk in response.body { bytes += chunk.readableBytesView }
            } catch {
                writer.interrupted = true
            }
            let local = request.baseURL()
            let text = String(decoding: bytes, as: UTF8.self)
            if text.contains(upstream) {
                bytes = Array(text.replacingOccurrences(of: upstream, with: local).utf8)
                writer.baseURL = local
            }
            writer.append(redactor.redact(json: bytes))
            await saveLogging(writer, file: file, key: key)
            var plan = ResponsePlan(
                status: status, headers: toClient, parts: [.init(bytes: bytes)], framing: .contentLength(bytes.count),
                ending: writer.interrupted ? .close : .finish)
            plan.origin = .recorder("recorded \(file)")
            return plan
        }

        let (parts, continuation) = AsyncThrowingStream<ResponsePlan.Part, any Error>.makeStream()
        let reader = Task { [writer] in
            var writer = writer
            do {
                for try await chunk in response.body {
                    try Task.checkCancellation()
                    let bytes = Array(chunk.readableBytesView)
                    continuation.yield(ResponsePlan.Part(bytes: bytes))
                    writer.append(bytes)
                }
                continuation.finish()
            } catch {
                // The upstream cut the stream, or the client went away (the task was cancelled):
                // either way the cassette holds what was sent and is marked interrupted.
                writer.interrupted = true
                continuation.finish(throwing: error)
            }
            await self.saveLogging(writer, file: file, key: key)
            _ = self.pending.withLockedValue { $0.removeValue(forKey: file) }
        }
        pending.withLockedValue { $0[file] = reader }
        continuation.onTermination = { termination in
            if case .cancelled = termination { reader.cancel() }  // the client stopped reading
        }
        var plan = ResponsePlan(status: status, headers: toClient, framing: .chunked)
        plan.live = ResponsePlan.LiveBody(parts)
        plan.origin = .recorder("recording \(file)")
        return plan
    }

    /// Waits until every recording in progress is written (call it when shutting down, so an
    /// answer whose last bytes just arrived is not lost).
    public func finishRecordings() async {
        for task in pending.withLockedValue({ Array($0.values) }) { await task.value }
    }

    /// Writes the cassette and the session's scenario on NIO's thread pool, so file writes never
    /// hold up an event loop while other answers stream. The write happens even when the task
    /// was cancelled (a client that left still leaves its interrupted recording).
    func saveLogging(_ writer: CassetteWriter, file: String, key: RecordingSession.Key) async {
        do {
            let loop = MultiThreadedEventLoopGroup.singleton.any()
            try await NIOThreadPool.singleton.runIfActive(eventLoop: loop) { [self] in try save(writer, file: file, key: key) }.get()
        } catch is NIOThreadPoolError.ThreadPoolInactive {
            do { try save(writer, file: file, key: key) } catch { logger.error("could not write \(file): \(error)") }
        } catch {
            logger.error("could not write \(file): \(error)")
        }
    }

    private func save(_ writer: CassetteWriter, file: String, key: RecordingSession.Key) throws {
        try session.save(writer, file: file, key: key)
        logger.info(
            "recorded \(key.method ?? "-") \(key.path ?? "-") -> \(file) (\(writer.isEventStream ? "\(writer.eventCount) events" : "status \(writer.status)")\(writer.interrupted ? ", interrupted" : ""))"
        )
    }
}
