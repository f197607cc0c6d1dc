import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded
import Testing

@testable import MockClaude

/// The connection handler at its seam: bytes in on an `NIOAsyncTestingChannel`, bytes out; it
/// only reads a request, asks the responder, and writes the plan.
@Suite(.timeLimit(.minutes(1))) struct ConnectionHandlerTests {
    /// Serves one testing channel with `responder`; the journal records what it answered.
    struct Harness {
        let channel = NIOAsyncTestingChannel()
        let journal = Journal()
        let served: Task<Void, Never>

        init(_ responder: any Responder, maximumBodySize: Int = 1024, answersAtOnce: Bool = false) async throws {
            let channel = self.channel
            try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).get()
            let accepted = try await channel.testingEventLoop.executeInContext {
                try AcceptedConnection.setUp(channel, limits: ServerLimits(), registry: ConnectionRegistry())
            }
            let handler = ConnectionHandler(
                responder: responder, journal: journal, maximumBodySize: maximumBodySize,
                logger: Logger.mockClaude(), limits: ServerLimits(), answersAtOnce: answersAtOnce)
            // Wrapped before any byte is sent (the server pauses reads until then; this channel cannot).
            let wrapped = try await handler.wrap(accepted)
            served = Task {
                await handler.serve(wrapped.connection, admission: accepted.admission, timer: accepted.timer, handOver: wrapped.handOver)
            }
        }

        func send(_ text: String) async throws { try await channel.writeInbound(ByteBuffer(string: text)) }

        /// Everything written until the response that ends with `marker` has arrived.
        func read(until marker: String) async throws -> String {
            var text = ""
            while !text.hasSuffix(marker) { text += String(buffer: try await channel.waitForOutboundWrite(as: ByteBuffer.self)) }
            return text
        }
    }

    static let echo = ClosureResponder { request in
        var plan = ResponsePlan.fixed(
            status: 200, headers: [("content-type", "text/plain")], body: Array("\(request.method) \(request.path) \(request.body.count)".utf8))
        plan.origin = .endpoint("echo")
        return plan
    }

    @Test func twoRequestsOnOneConnectionGetTwoAnswersInOrder() async throws {
        let harness = try await Harness(Self.echo)
        try await harness.send("GET /v1/models HTTP/1.1\r\nhost: a\r\n\r\nPOST /v1/messages HTTP/1.1\r\nhost: a\r\ncontent-length: 3\r\n\r\nabc")
        let first = try await harness.read(until: "GET /v1/models 0")
        #expect(first.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(first.contains("\r\ncontent-length: 16\r\n"))
        #expect(!first.contains("connection: close"))
        let second = try await harness.read(until: "POST /v1/messages 3")
        #expect(second.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(harness.journal.entries.map(\.path) == ["/v1/models", "/v1/messages"])
        #expect(harness.journal.entries.map(\.ending) == [.finished, .finished])
        try await harness.channel.close()
        await harness.served.value
    }

    @Test func bytesThatAreNotHTTPGetA400AndAClose() async throws {
        let harness = try await Harness(Self.echo)
        // The testing channel also rethrows the parser's error to the sender.
        try? await harness.send("NOT HTTP AT ALL\r\n\r\n")
        let reply = try await harness.read(until: "}")
        #expect(reply.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        #expect(reply.contains("\r\nconnection: close\r\n"))
        #expect(reply.contains("\"type\":\"invalid_request_error\""))
        await harness.served.value  // the handler ends the connection itself
        #expect(harness.journal.entries.isEmpty, "the responder was never asked")
    }

    @Test func aBodyPastTheLimitReachesTheResponderAsAFlagWithoutItsBytes() async throws {
        let seen = Box()
        let responder = ClosureResponder { request in
            seen.set(request.bodyTooLarge, request.body.count)
            return ResponsePlan.fixed(status: 413, headers: [], body: [])
        }
        let harness = try await Harness(responder, maximumBodySize: 10)
        try await harness.send("POST /v1/messages HTTP/1.1\r\nhost: a\r\ncontent-length: 11\r\n\r\nhello world")
        let reply = try await harness.read(until: "\r\n\r\n")
        #expect(reply.hasPrefix("HTTP/1.1 413 "))
        #expect(reply.contains("connection: close"), "the rest of a body past the limit is not read: the connection ends")
        #expect(seen.value?.0 == true)
        #expect(seen.value?.1 == 0)
        await harness.served.value
    }

    @Test func aPipelinedRequestWaitingForContinueGetsItOnlyAfterTheAnswerBeforeIt() async throws {
        // The first answer is held until the test lets it go; the second request's head, sent
        // with it, asks for `100 Continue`. Written early, it would land before the first answer.
        let (gate, open) = AsyncStream<Void>.makeStream()
        let responder = ClosureResponder { request in
            if request.method == "GET" { for await _ in gate { break } }
            return await Self.echo.respond(to: request)
        }
        let harness = try await Harness(responder)
        try await harness.send(
            "GET /v1/models HTTP/1.1\r\nhost: a\r\n\r\nPOST /v1/messages HTTP/1.1\r\nhost: a\r\nexpect: 100-continue\r\ncontent-length: 3\r\n\r\n")
        #expect(try await harness.channel.readOutbound(as: ByteBuffer.self) == nil, "nothing is written while the first answer is held")
        open.yield()
        let first = try await harness.read(until: "GET /v1/models 0")
        #expect(first.hasPrefix("HTTP/1.1 200 OK\r\n"))
        try await harness.send("abc")
        let second = try await harness.read(until: "POST /v1/messages 3")
        #expect(second.hasPrefix("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n"))
        try await harness.channel.close()
        await harness.served.value
    }

    @Test func aPlanThatIsNotJournaledLeavesNoEntry() async throws {
        let responder = ClosureResponder { _ in
            var plan = ResponsePlan.fixed(status: 200, headers: [], body: Array("ok".utf8))
            plan.journaled = false
            return plan
        }
        let harness = try await Harness(responder)
        try await harness.send("GET /_mockclaude/journal HTTP/1.1\r\nhost: a\r\n\r\n")
        _ = try await harness.read(until: "ok")
        #expect(harness.journal.entries.isEmpty)
        try await harness.channel.close()
        await harness.served.value
    }

    /// What the responder saw, read after the answer was written.
    final class Box: Sendable {
        private let stored = NIOLockedValueBox<(Bool, Int)?>(nil)
        func set(_ flag: Bool, _ count: Int) { stored.withLockedValue { $0 = (flag, count) } }
        var value: (Bool, Int)? { stored.withLockedValue { $0 } }
    }
}
