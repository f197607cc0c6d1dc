import Dispatch
import FuzzDriver
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded

@testable import MockClaude

/// Raw bytes as they arrive on one connection, through the server's own connection path: the
/// connection timer, NIO's HTTP/1 parser (llhttp), the request reader (which answers what is due
/// whole at once, as `serve` has it), the connection's task (responder, journal entry, log line),
/// the plan writer and the response head, then the client's half-close. Runs on a testing channel whose clock moves on whenever the answers stop
/// coming, so delays, stalls and timeouts end. Checks: no crash and no hang; what the client
/// receives starts with a status line; the journal's new entries render as JSON.
func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let received = Harness.serve(FuzzDriver.bytes(data, size))
    if !received.isEmpty {
        precondition(received.starts(with: Array("HTTP/1.1 ".utf8)), "the answer does not start with a status line")
        precondition(received.count >= 12, "the status line is cut short")
        let digits = received[9..<12]
        precondition(digits.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }, "the status is not three digits")
        precondition((UInt8(ascii: "1")...UInt8(ascii: "5")).contains(digits.first!), "the status is outside 100–599")
    }
    return 0
}

/// One API, journal and connection handler for the whole run (state carries over between inputs,
/// as on a long-lived server), on a virtual clock, with cassette roots nothing can be under.
enum Harness {
    static let quiet = Logger(label: "fuzz") { _ in SwiftLogNoOpLogHandler() }
    static let api = MockClaudeAPI(
        engine: ScenarioEngine.bundledDefault(), timing: .instant,
        clock: VirtualClock(start: Timestamp(microseconds: 1_790_000_000_000_000)), logger: quiet,
        cassetteRoots: CassetteRoots(["/nonexistent-root"]))
    static let limits = ServerLimits(journalEntries: 64, journalBytes: 1 << 20)
    static let handler: ConnectionHandler = {
        api.state.journal.limit(entries: limits.journalEntries, bytes: limits.journalBytes)
        // As `serve` runs it: whole answers are written by the request reader on the loop.
        return ConnectionHandler(
            responder: api, journal: api.state.journal, maximumBodySize: 1 << 20, logger: quiet, limits: limits, answersAtOnce: true)
    }()
    static let registry = ConnectionRegistry()

    final class Result: @unchecked Sendable { var bytes: [UInt8] = [] }

    /// What a client sending `bytes`, then half-closing, receives.
    static func serve(_ bytes: [UInt8]) -> [UInt8] {
        let result = Result()
        let done = DispatchSemaphore(value: 0)
        Task {
            result.bytes = await serveOnChannel(bytes)
            done.signal()
        }
        done.wait()
        return result.bytes
    }

    static func serveOnChannel(_ bytes: [UInt8]) async -> [UInt8] {
        let channel = NIOAsyncTestingChannel()
        let loop = channel.testingEventLoop
        let journaledBefore = api.state.journal.count + api.state.journal.dropped
        let accepted: AcceptedConnection
        let wrapped: (connection: NIOAsyncChannel<InboundRequest, ByteBuffer>, handOver: HandOver?)
        do {
            accepted = try await loop.executeInContext { try AcceptedConnection.setUp(channel, limits: limits, registry: registry) }
            try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).get()
            wrapped = try await handler.wrap(accepted)
        } catch {
            preconditionFailure("the testing channel could not be set up: \(error)")
        }
        let finished = NIOLockedValueBox(false)
        let serving = Task {
            await handler.serve(wrapped.connection, admission: accepted.admission, timer: accepted.timer, handOver: wrapped.handOver)
            finished.withLockedValue { $0 = true }
        }
        _ = try? await channel.writeInbound(ByteBuffer(bytes: bytes))
        channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)

        // Moves the clock on while nothing arrives, further each time (up to a day), back to a
        // second once bytes come again: delays of any length end in a bounded number of steps.
        var received: [UInt8] = []
        var step = TimeAmount.seconds(1)
        while !finished.withLockedValue({ $0 }) {
            for _ in 0..<8 { await Task.yield() }
            let before = received.count
            while let buffer = try? await channel.readOutbound(as: ByteBuffer.self) { received += buffer.readableBytesView }
            if received.count > before {
                step = .seconds(1)
            } else {
                await loop.advanceTime(by: step)
                step = min(step * 2, .hours(24))
            }
        }
        await serving.value
        while let buffer = try? await channel.readOutbound(as: ByteBuffer.self) { received += buffer.readableBytesView }
        _ = try? await channel.finish()
        // A connection that stayed registered would, thousands of inputs later, have every new one refused.
        precondition(registry.count == 0, "a closed connection is still registered")

        let journal = api.state.journal
        let added = min(journal.count + journal.dropped - journaledBefore, journal.count)
        for entry in journal.entries.suffix(added) {
            precondition((try? JSONValue.parse(entry.jsonValue.compactBytes)) != nil, "a journal entry does not render as JSON")
        }
        return received
    }
}

runFuzzer { data, size in fuzz(data, size) }
