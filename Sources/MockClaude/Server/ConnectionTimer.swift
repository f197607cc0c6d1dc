import NIOCore

/// Closes connections that send too slowly or sit idle (slow-loris clients, forgotten
/// keep-alives): a channel handler in front of the HTTP decoder that sees every byte arriving.
///
/// - Waiting for a request: closed after ``ServerLimits/idleTimeout``.
/// - Receiving one (from its first byte, and again after every read): answered 408 and closed
///   after ``ServerLimits/requestReadTimeout``.
/// - While the answer is written nothing times out: stalls and slow drips are on purpose.
///
/// The connection's task tells it when a request has arrived whole and when its answer is done.
final class ConnectionTimer: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    enum Phase { case idle, receiving, answering }

    private let limits: ServerLimits
    private var phase = Phase.idle
    private var deadline: Scheduled<Void>?
    private var context: ChannelHandlerContext?
    /// The bytes of the 408 sent when a request is too slow.
    private let timeoutResponse: [UInt8]

    init(limits: ServerLimits) {
        self.limits = limits
        let error = MockError(.requestTimeout, "mockclaude: the request did not arrive within \(DelayText.format(limits.requestReadTimeout))")
        let plan = error.plan(requestID: "req_011C" + String(repeating: "0", count: 20), now: .now)
        timeoutResponse = HTTPResponseHead.bytes(for: plan, keepAlive: false) + plan.bodyBytes
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { arm(limits.idleTimeout) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(limits.idleTimeout)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if phase != .answering {
            phase = .receiving
            arm(limits.requestReadTimeout)
        }
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        context.fireChannelInactive()
    }

    /// A whole request has arrived: no timeout while it is answered.
    func requestArrived() {
        phase = .answering
        deadline?.cancel()
    }

    /// The answer is done: wait for the next request.
    func answerFinished() {
        phase = .idle
        arm(limits.idleTimeout)
    }

    private func arm(_ duration: Duration) {
        deadline?.cancel()
        guard let context else { return }
        let phaseAtArming = phase
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        deadline = context.eventLoop.scheduleTask(in: .nanoseconds(duration.saturatingNanoseconds)) {
            bound.value.expire(phaseAtArming)
        }
    }

    private func expire(_ phaseAtArming: Phase) {
        guard let context, phase == phaseAtArming else { return }
        if phase == .receiving {
            context.writeAndFlush(NIOAny(context.channel.allocator.buffer(bytes: timeoutResponse)), promise: nil)
        }
        context.close(promise: nil)
    }
}

extension ConnectionTimer {
    /// A handle the connection's task uses from any thread.
    struct Handle: Sendable {
        let timer: NIOLoopBound<ConnectionTimer>

        func requestArrived() { timer.eventLoop.execute { timer.value.requestArrived() } }
        func answerFinished() { timer.eventLoop.execute { timer.value.answerFinished() } }
    }
}
