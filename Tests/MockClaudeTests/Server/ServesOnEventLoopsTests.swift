import AsyncHTTPClient
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

@testable import MockClaude

/// Where a connection's task runs: on its channel's event loop when asked (as `mockclaude serve`
/// does), on Swift's default executor otherwise.
struct ServesOnEventLoopsTests {
    /// Answers with whether the responder ran on an event loop thread.
    static let reporter = ClosureResponder { _ in
        let onLoop = MultiThreadedEventLoopGroup.currentEventLoop != nil
        return ResponsePlan.fixed(status: 200, headers: [("content-type", "text/plain")], body: Array("\(onLoop)".utf8))
    }

    /// On the loops only where task executors exist (macOS 15, iOS 18 and later; Linux).
    @available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
    @Test(arguments: [true, false])
    func theResponderRunsWhereTheConfigurationSays(onEventLoops: Bool) async throws {
        var configuration = MockClaudeServer.Configuration()
        configuration.servesOnEventLoops = onEventLoops
        try await withServer(configuration, responder: Self.reporter) { server in
            for _ in 0..<3 {
                let response = try await AHC.send(server.baseURL, path: "/anything", method: .GET)
                #expect(String(decoding: response.body, as: UTF8.self) == "\(onEventLoops)")
            }
        }
    }

    /// A request with a large body is answered off the loop, so its parsing does not hold up the
    /// loop's other connections; a small one on it.
    @available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
    @Test(arguments: [(size: 1024, onLoop: true), (size: ConnectionHandler.heavyBody + 1, onLoop: false)])
    func aLargeBodyIsAnsweredOffTheLoop(size: Int, onLoop: Bool) async throws {
        var configuration = MockClaudeServer.Configuration()
        configuration.servesOnEventLoops = true
        try await withServer(configuration, responder: Self.reporter) { server in
            let response = try await AHC.send(server.baseURL, path: "/anything", body: String(repeating: "a", count: size))
            #expect(String(decoding: response.body, as: UTF8.self) == "\(onLoop)")
        }
    }

    @Test func aPacedStreamKeepsItsPacingAndKeepAliveOnTheLoops() async throws {
        var configuration = MockClaudeServer.Configuration(scenario: ScenarioEngine(cassettes: [try Repo.cassette("haiku.sse")]))
        configuration.timing = .speed(20)
        configuration.servesOnEventLoops = true
        try await withServer(configuration) { server in
            let expected = try Repo.cassette("haiku.sse").bodyBytes
            for _ in 0..<3 {
                let response = try await AHC.send(server.baseURL, body: messagesBody(stream: true))
                #expect(response.status == 200)
                #expect(response.body == expected)
                // Paced parts arrive as separate deliveries (they are separate writes).
                #expect(response.deliveries.count > 1)
            }
            #expect(server.journal.count == 3)
            #expect(server.journal.entries.allSatisfy { $0.ending == .finished })
        }
    }

    /// On the loops, a client that resets the connection while its answer is being made is
    /// journaled as gone. (Here the loop sees the reset before the write; a write the socket
    /// refuses inside the writer is checked at its seam, `PlanWriterOnTheLoopTests`.)
    @Test func anAnswerToAClientThatHasGoneIsJournaledAsClientGone() async throws {
        let (asked, ask) = AsyncStream.makeStream(of: Void.self)
        let (left, leave) = AsyncStream.makeStream(of: Void.self)
        let responder = ClosureResponder { _ in
            ask.yield()
            for await _ in left { break }
            return ResponsePlan.fixed(status: 200, headers: [("content-type", "text/plain")], body: Array(repeating: UInt8(ascii: "a"), count: 1000))
        }
        var configuration = MockClaudeServer.Configuration()
        configuration.servesOnEventLoops = true
        let server = try await MockClaudeServer.start(configuration, responder: responder)
        let client = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: server.port).get()
        // Keep-alive (no `connection: close`): the answer would leave the connection open.
        let request = "GET /anything HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n"
        try await client.writeAndFlush(ByteBuffer(string: request)).get()
        for await _ in asked { break }
        // The client leaves with a reset while the responder is still at work.
        let provider = try #require(client as? SocketOptionProvider)
        try await provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
        try await client.close().get()
        leave.yield()
        await server.shutdown()
        #expect(server.journal.count == 1)
        #expect(server.journal.last?.ending == .clientGone)
    }

    /// Answers written on the loops without waiting for each write stay whole and in order when
    /// a client pipelines many requests at once (more than the socket's buffers hold), and each is
    /// journaled as finished.
    @Test func pipelinedAnswersOnTheLoopsStayWholeAndInOrder() async throws {
        let echo = ClosureResponder { request in
            let body = "<" + request.target + ">" + String(repeating: "x", count: 4000)
            return ResponsePlan.fixed(status: 200, headers: [("content-type", "text/plain")], body: Array(body.utf8))
        }
        var configuration = MockClaudeServer.Configuration()
        configuration.servesOnEventLoops = true
        let count = 300
        try await withServer(configuration, responder: echo) { server in
            var bytes: [UInt8] = []
            for index in 0..<count {
                let close = index == count - 1 ? "connection: close\r\n" : ""
                bytes += Array("GET /n/\(index) HTTP/1.1\r\nhost: 127.0.0.1\r\n\(close)\r\n".utf8)
            }
            let reply = try await RawHTTP.send(bytes, to: server.port)
            #expect(reply.closedByServer)
            let targets = reply.text.components(separatedBy: "<").dropFirst().map { $0.prefix { $0 != ">" } }
            #expect(targets == (0..<count).map { "/n/\($0)"[...] })
            #expect(reply.text.components(separatedBy: "HTTP/1.1 200 OK\r\n").count == count + 1)
            #expect(server.journal.count == count)
            #expect(server.journal.entries.allSatisfy { $0.ending == .finished })
        }
    }
}
