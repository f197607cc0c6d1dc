import NIOCore
import NIOEmbedded
import Testing

@testable import MockClaude

/// ``ConnectionTimer`` on an embedded channel with virtual time: exact deadlines.
@Suite struct ConnectionTimerTests {
    static let limits = ServerLimits(requestReadTimeout: .seconds(60), idleTimeout: .seconds(75))

    func channel() throws -> (EmbeddedChannel, ConnectionTimer) {
        let timer = ConnectionTimer(limits: Self.limits)
        let channel = EmbeddedChannel(handler: timer)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return (channel, timer)
    }

    @Test func anIdleConnectionClosesAfter75SecondsAndNotBefore() throws {
        let (channel, _) = try channel()
        channel.embeddedEventLoop.advanceTime(by: .seconds(74))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!channel.isActive)
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil)  // closed without an answer
    }

    @Test func aRequestThatStopsArrivingGets408After60SecondsFromItsLastByte() throws {
        let (channel, _) = try channel()
        try channel.writeInbound(ByteBuffer(string: "POST /v1/messages HTTP/1.1\r\n"))
        channel.embeddedEventLoop.advanceTime(by: .seconds(50))
        try channel.writeInbound(ByteBuffer(string: "host: a\r\n"))  // each read restarts the clock
        channel.embeddedEventLoop.advanceTime(by: .seconds(59))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!channel.isActive)
        let answer = try #require(try channel.readOutbound(as: ByteBuffer.self))
        #expect(String(buffer: answer).hasPrefix("HTTP/1.1 408 Request Timeout\r\n"))
        #expect(String(buffer: answer).contains("connection: close"))
    }

    @Test func nothingTimesOutWhileTheAnswerIsWrittenThenIdleStartsOver() throws {
        let (channel, timer) = try channel()
        try channel.writeInbound(ByteBuffer(string: "GET / HTTP/1.1\r\n\r\n"))
        timer.requestArrived()
        channel.embeddedEventLoop.advanceTime(by: .hours(2))
        #expect(channel.isActive)
        timer.answerFinished()
        channel.embeddedEventLoop.advanceTime(by: .seconds(74))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!channel.isActive)
    }

    @Test func aDeadlineMovedLaterIsKeptByTheCheckAlreadyScheduled() throws {
        let (channel, timer) = try channel()
        // Keep-alive requests at 50 s and 100 s: each answer starts a new idle period.
        for start in [50, 100] {
            channel.embeddedEventLoop.advanceTime(to: NIODeadline.uptimeNanoseconds(0) + .seconds(Int64(start)))
            try channel.writeInbound(ByteBuffer(string: "GET / HTTP/1.1\r\n\r\n"))
            timer.requestArrived()
            channel.embeddedEventLoop.advanceTime(by: .seconds(1))
            timer.answerFinished()
        }
        // The last answer ended at 101 s: the connection stays until 176 s exactly.
        channel.embeddedEventLoop.advanceTime(to: NIODeadline.uptimeNanoseconds(0) + .seconds(175))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!channel.isActive)
    }

    @Test func aDeadlineBroughtForwardFiresAtItsNewTime() throws {
        let (channel, _) = try channel()  // idle: 75 s
        channel.embeddedEventLoop.advanceTime(by: .seconds(10))
        try channel.writeInbound(ByteBuffer(string: "POST /v1/messages HTTP/1.1\r\n"))  // receiving: 60 s from here, 70 s in all
        channel.embeddedEventLoop.advanceTime(by: .seconds(59))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!channel.isActive)
        let answer = try #require(try channel.readOutbound(as: ByteBuffer.self))
        #expect(String(buffer: answer).hasPrefix("HTTP/1.1 408 Request Timeout\r\n"))
    }
}
