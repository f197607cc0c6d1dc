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
///
/// Re-arming happens on every read and every request, so it only moves a deadline: one check is
/// scheduled at a time, and when it fires early (the deadline moved on) it schedules itself for
/// the new deadline. A keep-alive request therefore costs no timer allocation.
final class ConnectionTimer: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    enum Phase { case idle, receiving, answering }

    private let limits: ServerLimits
    private var phase = Phase.idle
    /// When the current phase times out (`distantFuture` while answering).
    private var expiry = NIODeadline.distantFuture
    /// The one scheduled check, and when it fires.
    private var check: (task: Scheduled<Void>, at: NIODeadline)?
    private var context: ChannelHandlerContext?

    init(limits: ServerLimits) {
        self.limits = limits
    }

    /// The bytes of the 408 sent when a request is too slow (built only when one is).
    private var timeoutResponse: [UInt8] {
        let error = MockError(.requestTimeout, "mockclaude: the request did not arrive within \(DelayText.format(limits.requestReadTimeout))")
        let plan = error.plan(requestID: "req_011C" + String(repeating: "0", count: 20), now: .now)
        return HTTPResponseHead.bytes(for: plan, keepAlive: false) + plan.bodyBytes
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
        disarm()
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
        disarm()
        context.fireChannelInactive()
    }

    /// A whole request has arrived: no timeout while it is answered (a check still scheduled
    /// finds the phase is answering and ends).
    func requestArrived() {
        phase = .answering
        expiry = .distantFuture
    }

    /// The answer is done: wait for the next request.
    func answerFinished() {
        phase = .idle
        arm(limits.idleTimeout)
    }

    private func arm(_ duration: Duration) {
        guard let context else { return }
        expiry = context.eventLoop.now + .nanoseconds(duration.saturatingNanoseconds)
        // A check due at or before the new deadline reschedules itself when it fires; only a
        // deadline brought forward needs a new one.
        if let check, check.at <= expiry { return }
        schedule(context)
    }

    private func schedule(_ context: ChannelHandlerContext) {
        check?.task.cancel()
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let at = expiry
        check = (context.eventLoop.scheduleTask(deadline: at) { bound.value.fire() }, at)
    }

    private func disarm() {
        check?.task.cancel()
        check = nil
        expiry = .distantFuture
    }

    private func fire() {
        check = nil
        guard let context, phase != .answering else { return }
        if context.eventLoop.now < expiry { return schedule(context) }
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

        func requestArrived() { onLoop { $0.requestArrived() } }
        func answerFinished() { onLoop { $0.answerFinished() } }

        /// At once when called on the connection's loop (where its task usually runs), else there.
        private func onLoop(_ body: @escaping @Sendable (ConnectionTimer) -> Void) {
            if timer.eventLoop.inEventLoop {
                body(timer.value)
            } else {
                timer.eventLoop.execute { body(timer.value) }
            }
        }
    }
}
