import NIOConcurrencyHelpers
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Carries out a ``ResponsePlan`` on a connection: the only code that makes response bytes (an
/// answer due whole at once may be written from the event loop, in one write, as ``wholeAnswer(_:keepAlive:allocator:)`` makes it).
///
/// Each part goes out after its delay; delays are scheduled on the channel's event loop (never a
/// blocking sleep) and end early if the connection closes or the task is cancelled. Parts due at
/// the same instant (no delay between them) leave in one flushed write, each still whole and
/// framed on its own; a part with a delay always starts a new write, at its time, so recorded
/// pacing is exact and no part is ever split across writes. The head and chunk framing are
/// written by hand so that faults can break them on purpose. Every 64 KB the writer waits until
/// the socket has taken what it wrote, so a large body (batch results) never piles up in memory.
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
    ///
    /// Written from the channel's own event loop (as `serve` runs each connection's task), an
    /// answer that ends whole and keeps the connection open returns once its last bytes are
    /// written, without waiting to be woken by the write's completion, while the socket keeps up.
    func write(_ plan: ResponsePlan, keepAlive: Bool, headOnly: Bool = false) async throws -> Outcome {
        let staysOpen = keepAlive && (plan.ending == .finish || headOnly)
        if !headOnly, let whole = Self.wholeAnswer(plan, keepAlive: staysOpen, allocator: channel.allocator) {
            guard channel.isActive else { throw ChannelError.ioOnClosedChannel }
            try await finishAnswer(whole, staysOpen: staysOpen)
            return .finished
        }
        try await wait(plan.delayBeforeHead)
        // What is due now and not yet written: the head, then every part due with it.
        var due = channel.allocator.buffer(capacity: Self.firstWriteCapacity(plan))
        if plan.sendsHead {
            HTTPResponseHead.write(for: plan, keepAlive: staysOpen, into: &due)
        }
        if headOnly, plan.sendsHead {
            try await finishAnswer(due, staysOpen: staysOpen)
            return .finished
        }
        try await writeParts(of: plan, into: &due)
        if let live = plan.live {
            // A live part goes out as soon as it arrives: the client sees the source's pacing.
            try await send(&due)
            do {
                for try await part in live.parts {
                    try await wait(part.delay)
                    guard channel.isActive else { throw ChannelError.ioOnClosedChannel }
                    Self.append(part, framing: plan.framing, to: &due)
                    try await send(&due)
                }
            } catch {
                try await finish(due)
                return .closed  // the source was cut: so is the client's body
            }
        }
        if plan.ending == .finish, plan.framing == .chunked { due.writeStaticString("0\r\n\r\n") }
        try await finishAnswer(due, staysOpen: staysOpen)
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

    /// The whole answer in one buffer, when `plan` is due whole at once: no delay before its head
    /// or any part, no live body, a clean ending, and less than ``pace`` of body. Such an answer is
    /// one write, whoever makes it: the writer's task, or the request reader on the event loop
    /// (``ConnectionHandler/answerAtOnce(_:keepAlive:channel:timer:)``). `nil` for any other plan.
    static func wholeAnswer(_ plan: ResponsePlan, keepAlive: Bool, allocator: ByteBufferAllocator) -> ByteBuffer? {
        guard plan.sendsHead, plan.delayBeforeHead == .zero, plan.live == nil, plan.ending == .finish else { return nil }
        let framed = plan.framedParts.flatMap { $0.framing == plan.framing ? $0 : nil }
        if let framed {
            guard framed.bytes.count < pace else { return nil }
        } else {
            var size = 0
            for part in plan.parts {
                guard part.delay == .zero else { return nil }
                size = Checked.add(size, part.bytes.count)
                guard size < pace else { return nil }
            }
        }
        var whole = allocator.buffer(capacity: firstWriteCapacity(plan))
        HTTPResponseHead.write(for: plan, keepAlive: keepAlive, into: &whole)
        if let framed {
            whole.writeBytes(framed.bytes)  // framed once by the replay's template: one copy
        } else {
            for part in plan.parts { append(part, framing: plan.framing, to: &whole) }
        }
        if plan.framing == .chunked { whole.writeStaticString("0\r\n\r\n") }
        return whole
    }

    /// Appends each part to `due` after its delay, writing what is due before each delay and
    /// every ``pace`` bytes.
    private func writeParts(of plan: ResponsePlan, into due: inout ByteBuffer) async throws {
        for part in plan.parts {
            if part.delay > .zero {
                try await send(&due)
                try await wait(part.delay)
            }
            // A client that has gone is noticed here, not only when a later write fails.
            guard channel.isActive else { throw ChannelError.ioOnClosedChannel }
            Self.append(part, framing: plan.framing, to: &due)
            if due.readableBytes >= Self.pace { try await send(&due) }
        }
    }

    /// Room for the head and the parts due with it (each with its chunk framing), so the first
    /// write is made in one allocation; at most a little over ``pace``.
    private static func firstWriteCapacity(_ plan: ResponsePlan) -> Int {
        var capacity = plan.sendsHead ? 1024 : 0
        if let framed = plan.framedParts { return min(capacity + framed.bytes.count, pace + 1024) }
        for part in plan.parts {
            if part.delay > .zero || capacity > pace { break }
            capacity += part.bytes.count + chunkFraming
        }
        return min(capacity, pace + 1024)
    }

    /// Bytes after which the writer waits for the socket to take what it was given.
    private static let pace = 65_536

    /// Appends one part, framed as the plan says: a chunk's size line, bytes and CRLF in one
    /// reservation.
    static func append(_ part: ResponsePlan.Part, framing: ResponsePlan.Framing, to buffer: inout ByteBuffer) {
        switch framing {
        case _ where part.raw:
            buffer.writeBytes(part.bytes)
        case .chunked:
            guard !part.bytes.isEmpty else { return }  // an empty chunk would end the body
            buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: Checked.add(part.bytes.count, Self.chunkFraming)) { memory in
                var cursor = ByteCursor(memory)
                cursor.writeHex(part.bytes.count)
                cursor.write("\r\n")
                cursor.write(part.bytes)
                cursor.write("\r\n")
                return cursor.offset
            }
        case .contentLength:
            buffer.writeBytes(part.bytes)
        }
    }

    /// Most bytes a chunk's framing adds: its size in hex, and two CRLFs.
    private static let chunkFraming = ByteCursor.longestNumber + 4

    /// `100 Continue`, for a client that waits for it before sending its body.
    func sendContinue() async throws {
        try await channel.writeAndFlush(channel.allocator.buffer(staticString: "HTTP/1.1 100 Continue\r\n\r\n")).get()
    }

    /// Writes and flushes what is due (nothing when empty); every 64 KB, waits until the socket
    /// has taken everything so far.
    private func send(_ due: inout ByteBuffer) async throws {
        guard due.readableBytes > 0 else { return }
        let buffer = due
        due = channel.allocator.buffer(capacity: 0)
        let paced = unpaced.withLockedValue { total in
            total += buffer.readableBytes
            guard total >= Self.pace else { return false }
            total = 0
            return true
        }
        if paced {
            try await channel.writeAndFlush(buffer).get()
        } else {
            channel.writeAndFlush(buffer, promise: nil)
        }
    }

    /// Writes an answer's last bytes as ``finish(_:)`` does, but without suspending the task until
    /// the write completes when that is not needed: on the channel's event loop, for a connection
    /// that stays open, while the socket keeps up (``Channel/isWritable``).
    ///
    /// There the write is made at once: bytes the socket refuses close the channel before it
    /// returns, and that is reported as a failed write, as ``finish(_:)`` would. What waits in
    /// the channel stays bounded: a client that stops reading makes it unwritable, and the next
    /// answer then waits as before. (Bytes the socket takes only in part, and that fail later,
    /// are not reported: the journal keeps the planned ending for that answer.)
    private func finishAnswer(_ due: ByteBuffer, staysOpen: Bool) async throws {
        guard staysOpen, channel.eventLoop.inEventLoop, channel.isWritable else { return try await finish(due) }
        unpaced.withLockedValue { $0 = 0 }
        channel.writeAndFlush(due, promise: nil)
        guard channel.isActive else { throw ChannelError.ioOnClosedChannel }
    }

    /// Writes what is due and waits until every write so far has reached the socket (or failed).
    private func finish(_ due: ByteBuffer) async throws {
        unpaced.withLockedValue { $0 = 0 }
        try await channel.writeAndFlush(due).get()
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
