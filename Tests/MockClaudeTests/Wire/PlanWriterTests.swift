import NIOCore
import NIOEmbedded
import Testing

@testable import MockClaude

/// The writer at its seam: an `NIOAsyncTestingChannel` with virtual time, so timing and framing
/// are exact (“event 3 is written 212 ms after event 2”, the chunk bytes as they are).
@Suite(.timeLimit(.minutes(1))) struct PlanWriterTests {
    static let events = ["event: a\ndata: {}\n\n", "event: b\ndata: {\"x\":1}\n\n", "event: c\ndata: {}\n\n"].map { Array($0.utf8) }

    /// A connected testing channel, the writer on it, and the plan being written.
    struct Harness {
        let channel: NIOAsyncTestingChannel
        let writer: PlanWriter
        let task: Task<PlanWriter.Outcome, any Error>

        init(_ plan: ResponsePlan, keepAlive: Bool = true) async throws {
            channel = NIOAsyncTestingChannel()
            try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).get()
            let writer = PlanWriter(channel: channel)
            self.writer = writer
            task = Task { try await writer.write(plan, keepAlive: keepAlive) }
        }

        /// The next write that carries bytes, as text (the writer's empty flush-and-wait writes
        /// carry none and are skipped).
        func next() async throws -> String {
            while true {
                let buffer = try await channel.waitForOutboundWrite(as: ByteBuffer.self)
                if buffer.readableBytes > 0 { return String(buffer: buffer) }
            }
        }

        /// No bytes have been written since the last read.
        func nothingWritten() async throws -> Bool {
            while let buffer = try await channel.readOutbound(as: ByteBuffer.self) {
                if buffer.readableBytes > 0 { return false }
            }
            return true
        }

        /// Waits until the writer is inside a delay, then moves virtual time on by `duration`.
        func advance(_ duration: TimeAmount) async {
            while !writer.delays.isWaiting { await Task.yield() }
            await channel.testingEventLoop.advanceTime(by: duration)
        }
    }

    static func chunk(_ event: [UInt8]) -> String { String(event.count, radix: 16) + "\r\n" + String(decoding: event, as: UTF8.self) + "\r\n" }

    @Test func eachEventWithADelayIsItsOwnWriteExactlyAtItsTime() async throws {
        let delays: [Duration] = [.zero, .milliseconds(212), .milliseconds(35)]
        let plan = ResponsePlan(
            status: 200, headers: [("content-type", "text/event-stream")],
            parts: zip(delays, Self.events).map { .init(delay: $0, bytes: $1) }, framing: .chunked)
        let harness = try await Harness(plan)

        // Event a has no delay: it is due with the head and leaves in the same write.
        let first = try await harness.next()
        #expect(first.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(first.contains("\r\ntransfer-encoding: chunked\r\n"))
        #expect(first.hasSuffix("\r\n\r\n13\r\nevent: a\ndata: {}\n\n\r\n"))  // 19 bytes

        await harness.advance(TimeAmount.milliseconds(211))
        #expect(try await harness.nothingWritten(), "event b is not due until 212 ms")
        await harness.channel.testingEventLoop.advanceTime(by: TimeAmount.milliseconds(1))
        #expect(try await harness.next() == "18\r\nevent: b\ndata: {\"x\":1}\n\n\r\n")

        await harness.advance(TimeAmount.milliseconds(34))
        #expect(try await harness.nothingWritten(), "event c is not due until 35 ms after b")
        await harness.channel.testingEventLoop.advanceTime(by: TimeAmount.milliseconds(1))
        #expect(try await harness.next() == "13\r\nevent: c\ndata: {}\n\n\r\n0\r\n\r\n", "the last chunk is due with c")
        #expect(try await harness.task.value == .finished)
    }

    @Test func partsDueAtTheSameInstantLeaveInOneWriteEachFramedWhole() async throws {
        let delays: [Duration] = [.milliseconds(5), .zero, .zero]
        let plan = ResponsePlan(status: 200, parts: zip(delays, Self.events).map { .init(delay: $0, bytes: $1) }, framing: .chunked)
        let harness = try await Harness(plan)
        #expect(try await harness.next().hasSuffix("\r\n\r\n"), "the head leaves alone: the first event is 5 ms later")
        await harness.advance(TimeAmount.milliseconds(5))
        #expect(try await harness.next() == Self.events.map(Self.chunk).joined() + "0\r\n\r\n")
        #expect(try await harness.task.value == .finished)
        #expect(try await harness.nothingWritten())
    }

    /// Everything a harness writes for `plan`, until the writer is done.
    static func written(_ plan: ResponsePlan) async throws -> String {
        let harness = try await Harness(plan)
        _ = try await harness.task.value
        var written = ""
        while let buffer = try await harness.channel.readOutbound(as: ByteBuffer.self) { written += String(buffer: buffer) }
        return written
    }

    /// A replay at instant timing copies its events framed once by the template: the bytes must
    /// be those of framing each event in turn, and any change to the parts (a fault) must be
    /// written as changed, not as the template framed them.
    @Test func aReplayFramedOnceWritesExactlyWhatItsPartsWouldAndAFaultStillApplies() async throws {
        let template = ReplayTemplate(Cassette.bundledDefault.retimed(.instant))
        let now = Timestamp(microseconds: 1_764_000_000_000_000)
        let plan = template.streamPlan(requestID: "req_1", now: now, baseURL: nil)
        #expect(plan.framedParts != nil)
        var unframed = plan
        unframed.parts = plan.parts
        #expect(unframed.framedParts == nil, "changing the parts drops the framed copy")
        #expect(unframed == plan, "the framed copy is not part of the answer")
        let expected = try await Self.written(unframed)
        #expect(expected.hasSuffix(plan.parts.map { Self.chunk($0.bytes) }.joined() + "0\r\n\r\n"))
        #expect(try await Self.written(plan) == expected)

        let cut = Fault.disconnect(.events(2)).apply(to: plan, context: FaultContext(requestID: "req_2", now: now))
        #expect(cut.framedParts == nil)
        let cutWritten = try await Self.written(cut)
        #expect(cutWritten.hasSuffix(plan.parts.prefix(2).map { Self.chunk($0.bytes) }.joined()), "two events, then the close")
        #expect(!cutWritten.contains(String(decoding: plan.parts[2].bytes, as: UTF8.self)))

        var recorded = ReplayTemplate(Cassette.bundledDefault.retimed(.recorded)).streamPlan(requestID: "r", now: now, baseURL: nil)
        #expect(recorded.framedParts == nil, "events with delays are written one by one")
        recorded.framing = .contentLength(1)
        #expect(recorded.framedParts == nil)
    }

    @Test(arguments: [1, 9, 10, 15, 16, 26, 255, 256, 4_095, 65_535, 70_000])
    func chunkSizesAreLowercaseHexWithoutLeadingZeros(size: Int) async throws {
        let bytes = Array(repeating: UInt8(ascii: "x"), count: size)
        let plan = ResponsePlan(status: 200, parts: [.init(bytes: bytes)], framing: .chunked)
        let harness = try await Harness(plan)
        var written = ""
        while !written.hasSuffix("0\r\n\r\n") || written.utf8.count < size { written += try await harness.next() }
        let body = String(written[written.range(of: "\r\n\r\n")!.upperBound...])
        #expect(body == Self.chunk(bytes) + "0\r\n\r\n")
        #expect(try await harness.task.value == .finished)
    }

    @Test func latencyHoldsTheHeadBackExactly() async throws {
        var plan = ResponsePlan.fixed(status: 200, headers: [("content-type", "application/json")], body: Array("{}".utf8))
        plan.delayBeforeHead = .seconds(2)
        let harness = try await Harness(plan)
        await harness.advance(TimeAmount.milliseconds(1999))
        #expect(try await harness.nothingWritten())
        await harness.channel.testingEventLoop.advanceTime(by: TimeAmount.milliseconds(1))
        let response = try await harness.next()
        #expect(response.hasPrefix("HTTP/1.1 200 OK\r\n") && response.contains("\r\ncontent-length: 2\r\n"))
        #expect(response.hasSuffix("\r\n\r\n{}"), "the body is due with the head")
        #expect(try await harness.task.value == .finished)
    }

    @Test func closingTheConnectionEndsADelayAtOnce() async throws {
        let plan = ResponsePlan(status: 200, parts: [.init(delay: .seconds(3600), bytes: Self.events[0])], framing: .chunked)
        let harness = try await Harness(plan)
        _ = try await harness.next()  // the head
        while !harness.writer.delays.isWaiting { await Task.yield() }
        try await harness.channel.close()
        await #expect(throws: (any Error).self) { try await harness.task.value }
        #expect(!harness.writer.delays.isWaiting)
    }

    @Test func aCloseEndingSendsNoLastChunk() async throws {
        let plan = ResponsePlan(status: 200, parts: Self.events.map { .init(bytes: $0) }, framing: .chunked, ending: .close)
        let harness = try await Harness(plan)
        let response = try await harness.next()
        #expect(response.contains("\r\nconnection: close\r\n"))
        #expect(response.hasSuffix("\r\n\r\n" + Self.events.map(Self.chunk).joined()))
        #expect(try await harness.task.value == .closed)
        #expect(try await harness.nothingWritten(), "no 0-length chunk: the body is cut")
    }

    @Test func aStallSendsEverythingThenNothingAndLeavesTheConnectionOpen() async throws {
        let plan = ResponsePlan(status: 200, parts: Self.events.map { .init(bytes: $0) }, framing: .chunked, ending: .stall)
        let harness = try await Harness(plan)
        let response = try await harness.next()
        #expect(response.contains("\r\ntransfer-encoding: chunked\r\n"))
        #expect(response.contains("\r\nconnection: close\r\n"), "a body that never ends cannot be followed by another response")
        #expect(response.hasSuffix("\r\n\r\n" + Self.events.map(Self.chunk).joined()))
        #expect(try await harness.task.value == .stalled)
        #expect(try await harness.nothingWritten(), "no last chunk: the body never ends")
        #expect(harness.channel.isActive)
    }
}
