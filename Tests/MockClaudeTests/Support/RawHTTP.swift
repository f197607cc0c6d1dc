import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Sends bytes as they are over a TCP connection and collects everything the server sends back
/// until it closes (or `timeout` passes): for requests no HTTP client would send.
enum RawHTTP {
    /// What came back: the bytes, and whether the server closed the connection itself.
    struct Reply: Sendable {
        var bytes: [UInt8]
        var closedByServer: Bool
        var text: String { String(decoding: bytes, as: UTF8.self) }
        /// The status of the first non-1xx response, or nil when none came.
        var status: Int? {
            for line in text.components(separatedBy: "\r\n") where line.hasPrefix("HTTP/1.1 ") {
                if let status = Int(line.dropFirst(9).prefix(3)), status >= 200 { return status }
            }
            return nil
        }
    }

    /// With `leavingAfter`, the client closes the connection itself once it has that many bytes
    /// (a client that leaves mid-stream, at a point that does not depend on timing).
    static func send(_ bytes: [UInt8], to port: Int, timeout: TimeAmount = .seconds(10), leavingAfter: Int? = nil) async throws -> Reply {
        let collector = Collector(leavingAfter: leavingAfter)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(collector) }
            }
            .connect(host: "127.0.0.1", port: port).get()
        // The server may already have closed (a timeout under test): what it sent is the answer.
        if !bytes.isEmpty { try? await channel.writeAndFlush(ByteBuffer(bytes: bytes)).get() }
        let timer = channel.eventLoop.scheduleTask(in: timeout) {
            collector.markTimedOut()
            channel.close(promise: nil)
        }
        try await channel.closeFuture.get()
        timer.cancel()
        return collector.reply
    }

    /// A request with `connection: close`, so the answer ends with the connection.
    static func request(_ method: String, _ target: String, headers: [(String, String)] = AHC.defaultHeaders, body: [UInt8] = []) -> [UInt8] {
        var head = "\(method) \(target) HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "content-length: \(body.count)\r\n\r\n"
        return Array(head.utf8) + body
    }

    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        private let state = NIOLockedValueBox(Reply(bytes: [], closedByServer: false))
        private let leavingAfter: Int?

        init(leavingAfter: Int? = nil) { self.leavingAfter = leavingAfter }

        var reply: Reply { state.withLockedValue { $0 } }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            let count = state.withLockedValue { reply in
                reply.bytes += Array(buffer.readableBytesView)
                return reply.bytes.count
            }
            if let leavingAfter, count >= leavingAfter {
                markTimedOut()  // the client's own close, not the server's
                context.close(promise: nil)
            }
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if case ChannelEvent.inputClosed = event { context.close(promise: nil) }
        }

        private let timedOut = NIOLockedValueBox(false)

        func markTimedOut() { timedOut.withLockedValue { $0 = true } }

        func channelInactive(context: ChannelHandlerContext) {
            let timedOut = timedOut.withLockedValue { $0 }
            state.withLockedValue { $0.closedByServer = !timedOut }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }
    }
}
