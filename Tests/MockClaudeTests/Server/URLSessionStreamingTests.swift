import Foundation
import MockClaude
import XCTest

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// URLSession's streaming delegate against the real socket.
final class URLSessionStreamingTests: XCTestCase {
    final class Collector: NSObject, URLSessionDataDelegate, @unchecked Sendable {
        private let lock = NSLock()
        private var chunks: [Data] = []
        private var continuation: CheckedContinuation<([Data], Error?), Never>?

        func wait(for task: URLSessionDataTask) async -> ([Data], Error?) {
            await withCheckedContinuation { continuation in
                lock.withLock { self.continuation = continuation }
                task.resume()
            }
        }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
            lock.withLock { chunks.append(data) }
        }

        func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
            let (continuation, chunks) = lock.withLock { (self.continuation, self.chunks) }
            continuation?.resume(returning: (chunks, error))
        }
    }

    func request(_ server: MockClaudeServer, stream: Bool) -> URLRequest {
        var request = URLRequest(url: server.baseURL.appendingPathComponent("v1/messages"))
        request.httpMethod = "POST"
        request.setValue("test", forHTTPHeaderField: "x-api-key")
        request.setValue("2023-06-01", forHTTPHeaderField: "anthropic-version")
        request.setValue("application/json", forHTTPHeaderField: "content-type")
        request.httpBody = Data(messagesBody(stream: stream).utf8)
        return request
    }

    func testDelegateReceivesEveryEventByteIdenticalAndApart() async throws {
        let cassette = try Repo.cassette("haiku.sse")
        let server = try await MockClaudeServer.start(.init(cassettes: [cassette]))
        addTeardownBlock { await server.shutdown() }
        let collector = Collector()
        let session = URLSession(configuration: .ephemeral, delegate: collector, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }

        let (chunks, error) = await collector.wait(for: session.dataTask(with: request(server, stream: true)))

        XCTAssertNil(error)
        XCTAssertEqual(Array(chunks.reduce(Data(), +)), try Repo.wireBytes(ofFile: Repo.cassettePath("haiku.sse")))
        let spaced = cassette.events.filter { $0.delay >= .milliseconds(30) }.count
        XCTAssertGreaterThanOrEqual(chunks.count, spaced, "events sent apart should arrive apart")
    }

    func testNonStreamingRequestGetsAMessage() async throws {
        let server = try await MockClaudeServer.start(.init(cassettes: [try Repo.cassette("thinking.sse")], timing: .instant))
        addTeardownBlock { await server.shutdown() }
        let (data, response) = try await URLSession.shared.data(for: request(server, stream: false))
        XCTAssertEqual((response as? HTTPURLResponse)?.statusCode, 200)
        let message = try JSONValue.parse(Array(data))
        XCTAssertEqual(message["content"]?.arrayValue?.map { $0["type"]?.stringValue }, ["thinking", "text"])
    }
}
