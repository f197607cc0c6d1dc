import AsyncHTTPClient
import Foundation
import MockClaude
import NIOCore

/// Calls the Messages API once, streaming, and writes what came back as a cassette.
///
/// ```swift
/// let result = try await OneShotRecorder(upstream: "https://api.anthropic.com", apiKey: key, client: .shared)
///     .record(prompt: "Write a haiku", model: "claude-haiku-4-5", maxTokens: 256, system: nil, to: "haiku.sse") { progress in … }
/// ```
public struct OneShotRecorder: Sendable {
    /// The API's base URL.
    public var upstream: String
    /// The key sent as `x-api-key` (never written).
    public var apiKey: String
    /// The HTTP client the call goes through.
    public var client: HTTPClient
    /// What is removed before the cassette is written.
    public var redactor: Redactor

    /// A recorder calling `upstream` (the real API) with `apiKey` through `client`.
    public init(upstream: String, apiKey: String, client: HTTPClient, redactor: Redactor = Redactor()) {
        self.upstream = upstream.hasSuffix("/") ? String(upstream.dropLast()) : upstream
        self.apiKey = apiKey
        self.client = client
        self.redactor = redactor
    }

    /// What has arrived so far.
    public struct Progress: Sendable {
        /// Events received so far.
        public var events: Int
        /// Body bytes received so far.
        public var bytes: Int
        /// Time since the request was sent.
        public var elapsed: Duration
        /// Text that arrived with this update (text and thinking deltas).
        public var text: String
    }

    /// The API answered with an error instead of a stream; nothing was written.
    public struct APIFailure: Error, CustomStringConvertible {
        /// The HTTP status the API answered with.
        public var status: Int
        /// The body it sent (an error envelope, usually).
        public var body: String
        public var description: String { "the API answered \(status): \(body) (nothing written)" }
    }

    /// Records one streamed answer to `path`; returns the number of events, and whether the
    /// stream was cut (the cassette is then marked interrupted).
    public func record(
        prompt: String, model: String, maxTokens: Int, system: String?, to path: String,
        progress: @Sendable (Progress) -> Void
    ) async throws -> (events: Int, interrupted: Bool) {
        var body: JSONObject = [
            "model": .string(model), "max_tokens": .int(maxTokens), "stream": true,
            "messages": .array([.object(["role": "user", "content": .string(prompt)])]),
        ]
        if let system { body["system"] = .string(system) }
        var request = HTTPClientRequest(url: upstream + "/v1/messages")
        request.method = .POST
        request.headers.add(name: "x-api-key", value: apiKey)
        request.headers.add(name: "anthropic-version", value: "2023-06-01")
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: JSONValue.object(body).compactBytes))

        let started = ContinuousClock.now
        let response = try await client.execute(request, timeout: .seconds(600))
        let headers = HTTPHeaderList(response.headers.map { (name: $0.name, value: $0.value) })
        guard response.status.code == 200 else {
            var bytes: [UInt8] = []
            for try await chunk in response.body { bytes += chunk.readableBytesView }
            throw APIFailure(status: Int(response.status.code), body: String(decoding: bytes, as: UTF8.self))
        }
        var recorded = redactor.filter(headers)
        recorded.remove("date")
        var writer = CassetteWriter(
            status: 200, headers: recorded, isEventStream: true,
            request: "POST /v1/messages " + String(decoding: redactor.redact(json: JSONValue.object(body).compactBytes), as: UTF8.self),
            start: started)
        var bytes = 0
        do {
            for try await chunk in response.body {
                let piece = Array(chunk.readableBytesView)
                let before = writer.eventCount
                writer.append(piece)
                bytes += piece.count
                progress(
                    Progress(
                        events: writer.eventCount, bytes: bytes, elapsed: .now - started,
                        text: OneShotRecorder.text(in: piece, newEvents: writer.eventCount - before)))
            }
        } catch {
            writer.interrupted = true
        }
        try writer.write(to: path)
        return (writer.eventCount, writer.interrupted)
    }

    /// The text and thinking deltas in a chunk of SSE bytes (best effort, for display only).
    static func text(in bytes: [UInt8], newEvents: Int) -> String {
        SSE.lines(bytes).compactMap { line -> String? in
            guard let field = line.field, field.name == "data", let json = try? JSONValue.parse(String(field.value)) else { return nil }
            return json["delta"]?["text"]?.stringValue ?? json["delta"]?["thinking"]?.stringValue
        }.joined()
    }
}
