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
/// loop (never a blocking sleep) and end early if the task is cancelled. The head and chunk framing
/// are written by hand so that faults can break them on purpose.
struct PlanWriter {
    let channel: Channel
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>

    /// How a written response ended, as the client will have seen it.
    enum Outcome: String, Sendable {
        case finished, closed, reset, stalled, clientGone

        /// The outcome a plan's ending leads to when the client stays.
        init(planned ending: ResponsePlan.Ending) {
            switch ending {
            case .finish: self = .finished
            case .close: self = .closed
            case .reset: self = .reset
            case .stall: self = .stalled
            }
        }
    }

    /// Writes the plan; returns once its ending has been carried out, except ``ResponsePlan/Ending/stall``,
    /// which the caller carries out (it owns the inbound side it must wait on).
    func write(_ plan: ResponsePlan, keepAlive: Bool) async throws -> Outcome {
        try await wait(plan.delayBeforeHead)
        if plan.sendsHead {
            try await send(HTTPResponseHead.bytes(for: plan, keepAlive: keepAlive && plan.ending == .finish))
        }
        for part in plan.parts {
            try await wait(part.delay)
            switch plan.framing {
            case _ where part.raw:
                try await send(part.bytes)
            case .chunked:
                guard !part.bytes.isEmpty else { continue }  // an empty chunk would end the body
                // One buffer per chunk: size line, bytes, CRLF (no intermediate arrays).
                var buffer = channel.allocator.buffer(capacity: part.bytes.count + 12)
                buffer.writeString(String(part.bytes.count, radix: 16))
                buffer.writeStaticString("\r\n")
                buffer.writeBytes(part.bytes)
                buffer.writeStaticString("\r\n")
                try await outbound.write(buffer)
            case .contentLength:
                try await send(part.bytes)
            }
        }
        switch plan.ending {
        case .finish:
            if plan.framing == .chunked { try await send(Array("0\r\n\r\n".utf8)) }
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

    private func send(_ bytes: [UInt8]) async throws {
        try await outbound.write(channel.allocator.buffer(bytes: bytes))
    }

    private func wait(_ duration: Duration) async throws {
        try await EventLoopSleep.sleep(duration, on: channel.eventLoop, endingWith: channel.closeFuture)
    }
}

/// A delay scheduled on an event loop; it ends early (throwing) if the task is cancelled or the
/// connection closes.
enum EventLoopSleep {
    static func sleep(_ duration: Duration, on eventLoop: EventLoop, endingWith closed: EventLoopFuture<Void>) async throws {
        guard duration > .zero else { return }
        let components = duration.components
        let nanoseconds = components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
        let scheduled = eventLoop.scheduleTask(in: .nanoseconds(nanoseconds)) {}
        closed.whenComplete { _ in scheduled.cancel() }
        try await withTaskCancellationHandler {
            try await scheduled.futureResult.get()
        } onCancel: {
            scheduled.cancel()
        }
    }
}
