import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded
import Testing

@testable import MockClaude

/// The writer run from its channel's event loop, as `serve` runs each connection's task: an
/// answer that keeps the connection open returns once its bytes are written, without waiting for
/// the socket to take them, but only while the socket keeps up; a write the socket refuses is
/// still a failed write.
@Suite(.timeLimit(.minutes(1))) struct PlanWriterOnTheLoopTests {
    /// Stands in for the socket under the writer: passes each write on (for the test to read) and
    /// either holds its promise (bytes the socket has not taken yet) or fails it and closes the
    /// channel, as a socket does when the peer has reset the connection. Used on the loop only.
    final class SocketStandIn: ChannelOutboundHandler, @unchecked Sendable {
        typealias OutboundIn = ByteBuffer
        let refuses: Bool
        var held: [EventLoopPromise<Void>] = []

        init(refuses: Bool) { self.refuses = refuses }

        func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
            context.write(data, promise: nil)
            if refuses {
                promise?.fail(ChannelError.ioOnClosedChannel)
                context.close(promise: nil)
            } else if let promise {
                held.append(promise)
            }
        }
    }

    /// A connected channel with the stand-in under it, and the writer's task run on its loop.
    @available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
    struct Harness {
        let channel = NIOAsyncTestingChannel()
        let socket: SocketStandIn
        let returned = NIOLockedValueBox(false)
        let task: Task<PlanWriter.Outcome, any Error>

        init(keepAlive: Bool, writable: Bool = true, refuses: Bool = false) async throws {
            socket = SocketStandIn(refuses: refuses)
            try await channel.pipeline.addHandler(socket)
            try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).get()
            channel.isWritable = writable
            let writer = PlanWriter(channel: channel)
            let plan = ResponsePlan.fixed(status: 200, headers: [("content-type", "text/plain")], body: Array("hello".utf8))
            let returned = returned
            task = Task(executorPreference: EventLoopExecutor(channel.eventLoop)) {
                defer { returned.withLockedValue { $0 = true } }
                return try await writer.write(plan, keepAlive: keepAlive)
            }
        }

        /// Waits for the answer's bytes, then says whether the writer had returned by the time the
        /// loop finished the work that wrote them (the loop runs one job at a time).
        func returnedOnceWritten() async throws -> Bool {
            let written = try await channel.waitForOutboundWrite(as: ByteBuffer.self)
            #expect(String(buffer: written).hasSuffix("\r\n\r\nhello"))
            let returned = returned
            return try await channel.eventLoop.submit { returned.withLockedValue { $0 } }.get()
        }

        /// The socket takes every byte written so far.
        func socketCatchesUp() async throws {
            let socket = socket
            try await channel.eventLoop.submit { socket.held.forEach { $0.succeed() } }.get()
        }
    }

    @available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
    @Test func anAnswerThatKeepsTheConnectionOpenReturnsWithoutWaitingForTheSocket() async throws {
        let harness = try await Harness(keepAlive: true)
        #expect(try await harness.returnedOnceWritten())
        #expect(try await harness.task.value == .finished)
    }

    @available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
    @Test(arguments: [(keepAlive: false, writable: true), (keepAlive: true, writable: false)])
    func otherwiseTheWriterWaitsUntilTheSocketHasTakenTheBytes(keepAlive: Bool, writable: Bool) async throws {
        let harness = try await Harness(keepAlive: keepAlive, writable: writable)
        #expect(try await !harness.returnedOnceWritten(), "a closing answer, or a socket behind, waits for the write")
        try await harness.socketCatchesUp()
        #expect(try await harness.task.value == .finished)
    }

    @available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
    @Test func aWriteTheSocketRefusesIsAFailedWrite() async throws {
        let harness = try await Harness(keepAlive: true, refuses: true)
        _ = try await harness.returnedOnceWritten()
        await #expect(throws: ChannelError.self) { try await harness.task.value }
    }
}
