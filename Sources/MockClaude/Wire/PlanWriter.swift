import NIOConcurrencyHelpers
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Carries out a ``ResponsePlan`` on a connection: the only code that writes response bytes.
///
/// Each part is its own flushed write after its delay; delays are scheduled on the channel's event
/// loop (never a blocking sleep) and end early if the connection closes or the task is
/// cancelled. The head and chunk framing are written by hand so that faults can break them on
/// purpose. Writes go straight to the channel, and every 64 KB the writer waits until the socket
/// has taken them, so a large body (batch results) never piles up in memory.
struct PlanWriter {
    let channel: Channel
    /// Bytes written since the socket last caught up.
    private let unpaced = NIOLockedValueBox(0)
    /// Ends a delay when the connection closes: one watcher for every delay of the connection.
    let delays: DelayTimer

    /// A writer for one connection; make one per connection and use it for every response.
    init(channel: Channel) {
        self.channel = channel
        self.delays = DelayTimer(channel: channel)
    }

    /// How a written response ended, as the client will have seen it.
    typealias Outcome = JournalEntry.Ending

    /// Writes the plan; returns once its ending has been carried out, except ``ResponsePlan/Ending/stall``,
    /// which the caller carries out (it owns the inbound side it must wait on). `headOnly` (the
    /// answer to `HEAD`) sends the head as planned, `content-length` included, and no body.
    func write(_ plan: ResponsePlan, keepAlive: Bool, headOnly: Bool = false) async throws -> Outcome {
        try await wait(plan.delayBeforeHead)
        if plan.sendsHead {
            try await send(buffer(HTTPResponseHead.bytes(for: plan, keepAlive: keepAlive && (plan.ending == .finish || headOnly))))
        }
        if headOnly, plan.sendsHead {
            try await drain()
            return .finished
        }
        for part in plan.parts { try await write(part, framing: plan.framing) }
        if let live = plan.live {
            do {
                for try await part in live.parts { try await write(part, framing: plan.framing) }
            } catch {
                try await drain()
                return .closed  // the source was cut: so is the client's body
            }
        }
        if plan.ending == .finish, plan.framing == .chunked { try await send(buffer(Array("0\r\n\r\n".utf8))) }
        try await drain()
        switch plan.ending {
        case .finish:
            return .finished
        case .close:
            return .closed
        case .reset:
            if let provider = channel as? SocketOptionProvider {
                try? await provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
            }
            return .reset
        case .stall:
            return .stalled
        }
    }

    /// One part after its delay, framed as the plan says.
    private func write(_ part: ResponsePlan.Part, framing: ResponsePlan.Framing) async throws {
        try await wait(part.delay)
        // A client that has gone is noticed here, not only when a later write fails.
        guard channel.isActive else { throw ChannelError.ioOnClosedChannel }
        switch framing {
        case _ where part.raw:
            try await send(buffer(part.bytes))
        case .chunked:
            guard !part.bytes.isEmpty else { return }  // an empty chunk would end the body
            var chunk = channel.allocator.buffer(capacity: part.bytes.count + 12)
            chunk.writeString(String(part.bytes.count, radix: 16))
            chunk.writeStaticString("\r\n")
            chunk.writeBytes(part.bytes)
            chunk.writeStaticString("\r\n")
            try await send(chunk)
        case .contentLength:
            try await send(buffer(part.bytes))
        }
    }

    /// `100 Continue`, for a client that waits for it before sending its body.
    func sendContinue() async throws {
        try await channel.writeAndFlush(channel.allocator.buffer(staticString: "HTTP/1.1 100 Continue\r\n\r\n")).get()
    }

    private func buffer(_ bytes: [UInt8]) -> ByteBuffer { channel.allocator.buffer(bytes: bytes) }

    /// One flushed write; every 64 KB, waits until the socket has taken everything so far.
    private func send(_ buffer: ByteBuffer) async throws {
        let due = unpaced.withLockedValue { total in
            total += buffer.readableBytes
            guard total >= 65_536 else { return false }
            total = 0
            return true
        }
        if due {
            try await channel.writeAndFlush(buffer).get()
        } else {
            channel.writeAndFlush(buffer, promise: nil)
        }
    }

    /// Waits until every write so far has reached the socket (or failed).
    private func drain() async throws {
        unpaced.withLockedValue { $0 = 0 }
        try await channel.writeAndFlush(channel.allocator.buffer(capacity: 0)).get()
    }

    private func wait(_ duration: Duration) async throws {
        try await delays.sleep(duration)
    }
}

/// The delays of one connection, scheduled on its event loop. A delay ends early (throwing) when
/// the task is cancelled or the connection closes; the close is watched once per connection, not
/// once per delay, so a long stream adds nothing per event.
final class DelayTimer: Sendable {
    private struct State {
        var closed = false
        var current: Scheduled<Void>?
    }
    private let eventLoop: EventLoop
    private let state = NIOLockedValueBox(State())

    init(channel: Channel) {
        eventLoop = channel.eventLoop
        channel.closeFuture.whenComplete { [state] _ in
            let current = state.withLockedValue { state in
                state.closed = true
                return state.current
            }
            current?.cancel()
        }
    }

    /// Whether a delay is running now (for tests that step virtual time).
    var isWaiting: Bool { state.withLockedValue { $0.current != nil } }

    /// Waits `duration` on the event loop.
    func sleep(_ duration: Duration) async throws {
        guard duration > .zero else { return }
        // Plans from files are bounded when loaded; a longer one built in code waits the longest.
        let nanoseconds = min(duration, Checked.longestDuration).saturatingNanoseconds
        let scheduled = eventLoop.scheduleTask(in: .nanoseconds(nanoseconds)) {}
        let closed = state.withLockedValue { state in
            if !state.closed { state.current = scheduled }
            return state.closed
        }
        if closed { scheduled.cancel() }
        defer { state.withLockedValue { $0.current = nil } }
        try await withTaskCancellationHandler {
            try await scheduled.futureResult.get()
        } onCancel: {
            scheduled.cancel()
        }
    }
}
