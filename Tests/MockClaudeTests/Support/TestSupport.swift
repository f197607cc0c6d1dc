import AsyncHTTPClient
import Foundation
import MockClaude
import NIOCore
import NIOHTTP1

/// Paths and helpers shared by the tests.
enum Repo {
    /// The repository root, found from this file's path.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func cassettePath(_ name: String) -> String {
        root.appendingPathComponent("Cassettes/\(name)").path
    }

    static func cassette(_ name: String) throws -> Cassette {
        try Cassette.load(path: cassettePath(name))
    }

    /// Every shipped cassette file name.
    static var cassetteNames: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Cassettes").path)) ?? [])
            .filter { $0.hasSuffix(".sse") }.sorted()
    }

    /// The file's bytes with mockclaude's `:@` lines removed, i.e. what `grep -v '^:@'` prints.
    static func wireBytes(ofFile path: String) throws -> [UInt8] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return Array(lines.filter { !$0.hasPrefix(":@") }.map { $0 + "\n" }.joined().utf8)
    }
}

/// Runs `body` with a started server and always shuts it down.
func withServer<T>(
    _ configuration: MockClaudeServer.Configuration = .init(),
    responder: (any Responder)? = nil,
    _ body: (MockClaudeServer) async throws -> T
) async throws -> T {
    let server: MockClaudeServer
    if let responder {
        server = try await MockClaudeServer.start(configuration, responder: responder)
    } else {
        server = try await MockClaudeServer.start(configuration)
    }
    do {
        let result = try await body(server)
        await server.shutdown()
        return result
    } catch {
        await server.shutdown()
        throw error
    }
}

/// A Messages request body.
func messagesBody(stream: Bool, model: String = "claude-haiku-4-5") -> String {
    #"{"model":"\#(model)","max_tokens":256,"stream":\#(stream),"messages":[{"role":"user","content":"Write a haiku"}]}"#
}

/// The response to one request through AsyncHTTPClient, with each body delivery kept apart.
struct ClientResponse: Sendable {
    var status: Int
    var headers: [(String, String)]
    var deliveries: [[UInt8]]
    var body: [UInt8] { deliveries.flatMap { $0 } }
    var json: JSONValue? { try? JSONValue.parse(body) }

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

enum AHC {
    static let defaultHeaders = [("x-api-key", "test-key"), ("anthropic-version", "2023-06-01"), ("content-type", "application/json")]

    /// Sends a request and collects the response; throws what the client throws (e.g. a cut body).
    static func send(
        _ baseURL: URL, path: String = "/v1/messages", method: HTTPMethod = .POST, body: String? = nil,
        headers: [(String, String)] = defaultHeaders, client: HTTPClient = .shared, timeout: TimeAmount = .seconds(30)
    ) async throws -> ClientResponse {
        var request = HTTPClientRequest(url: baseURL.absoluteString + path)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await client.execute(request, timeout: timeout)
        var deliveries: [[UInt8]] = []
        for try await buffer in response.body { deliveries.append(Array(buffer.readableBytesView)) }
        return ClientResponse(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) }, deliveries: deliveries)
    }
}
