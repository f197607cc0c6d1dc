import NIOConcurrencyHelpers
import NIOCore
import Testing

@testable import MockClaude

/// Answers written by the request reader on the event loop (as `serve` runs): an answer due whole
/// at once goes out without the connection's task; anything else, and anything that comes while
/// the task is busy, is the task's, so answers keep their order.
@Suite(.timeLimit(.minutes(1))) struct AnswersAtOnceTests {
    typealias Harness = ConnectionHandlerTests.Harness

    /// Answers by path, saying which way it was asked: `loop:/x` (``respondAtOnce(to:)``) or
    /// `task:/x` (``respond(to:)``). `/fast` is due whole at once; `/live` streams what the test
    /// sends it; `/stall` stalls after its body; `/later` is made by the task only.
    final class Recorder: Responder {
        let asked = NIOLockedValueBox<[String]>([])
        let live = AsyncThrowingStream<ResponsePlan.Part, any Error>.makeStream()

        func respond(to request: ReceivedRequest) async -> ResponsePlan {
            asked.withLockedValue { $0.append("task:\(request.path)") }
            return plan(for: request)
        }

        func respondAtOnce(to request: ReceivedRequest) -> ResponsePlan? {
            guard request.path != "/later" else { return nil }
            asked.withLockedValue { $0.append("loop:\(request.path)") }
            return plan(for: request)
        }

        private func plan(for request: ReceivedRequest) -> ResponsePlan {
            var plan = ResponsePlan.fixed(status: 200, headers: [("content-type", "text/plain")], body: Array("\(request.path) done".utf8))
            switch request.path {
            case "/live":
                plan = ResponsePlan(status: 200, headers: [("content-type", "text/plain")], parts: [.init(bytes: Array("live: ".utf8))])
                plan.live = ResponsePlan.LiveBody(live.stream)
            case "/stall":
                plan.ending = .stall
            default:
                break
            }
            return plan
        }
    }

    static func get(_ path: String, close: Bool = false) -> String {
        "GET \(path) HTTP/1.1\r\nhost: a\r\n" + (close ? "connection: close\r\n" : "") + "\r\n"
    }

    @Test func anAnswerDueWholeAtOnceIsWrittenWithoutTheTask() async throws {
        let responder = Recorder()
        let harness = try await Harness(responder, answersAtOnce: true)
        try await harness.send(Self.get("/fast") + Self.get("/fast"))
        let text = try await harness.read(until: "/fast done")
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(!text.contains("connection: close"))
        _ = try await harness.read(until: "/fast done")
        #expect(responder.asked.withLockedValue { $0 } == ["loop:/fast", "loop:/fast"])
        #expect(harness.journal.entries.map(\.ending) == [.finished, .finished])
        try await harness.channel.close()
        await harness.served.value
    }

    @Test func aPlanMadeOnTheLoopThatIsNotWholeIsWrittenByTheTaskAndWhatFollowsWaits() async throws {
        let responder = Recorder()
        let harness = try await Harness(responder, answersAtOnce: true)
        try await harness.send(Self.get("/live") + Self.get("/fast"))
        let head = try await harness.read(until: "live: \r\n")
        #expect(head.hasPrefix("HTTP/1.1 200 OK\r\n"))
        // The task is writing `/live` now: `/fast`, which came with it, has not been answered.
        try #require(responder.asked.withLockedValue { $0 } == ["loop:/live"])
        try #require(try await harness.channel.readOutbound(as: ByteBuffer.self) == nil)
        responder.live.continuation.yield(.init(bytes: Array("end".utf8)))
        responder.live.continuation.finish()
        let rest = try await harness.read(until: "/fast done")
        #expect(rest.hasPrefix("3\r\nend\r\n0\r\n\r\nHTTP/1.1 200 OK\r\n"), "the live answer ends before the next begins")
        // Asked once each: the plan made on the loop is not made again by the task.
        #expect(responder.asked.withLockedValue { $0 } == ["loop:/live", "task:/fast"])
        #expect(harness.journal.entries.map(\.path) == ["/live", "/fast"])
        try await harness.channel.close()
        await harness.served.value
    }

    @Test func afterAStallNothingMoreIsAnswered() async throws {
        let responder = Recorder()
        let harness = try await Harness(responder, answersAtOnce: true)
        try await harness.send(Self.get("/stall") + Self.get("/fast"))
        _ = try await harness.read(until: "/stall done")
        try await harness.channel.close()
        await harness.served.value
        #expect(try await harness.channel.readOutbound(as: ByteBuffer.self) == nil)
        #expect(responder.asked.withLockedValue { $0 } == ["loop:/stall"])
        #expect(harness.journal.entries.map(\.path) == ["/stall"])
    }

    @Test(arguments: [
        (request: get("/fast", close: true), asked: "task:/fast", last: "/fast done"),
        (request: get("/later"), asked: "task:/later", last: "/later done"),
        (request: "HEAD /fast HTTP/1.1\r\nhost: a\r\n\r\n", asked: "task:/fast", last: "\r\n\r\n"),
    ])
    func requestsTheLoopDoesNotAnswerGoToTheTask(request: String, asked: String, last: String) async throws {
        let responder = Recorder()
        let harness = try await Harness(responder, answersAtOnce: true)
        try await harness.send(request)
        _ = try await harness.read(until: last)
        #expect(responder.asked.withLockedValue { $0 } == [asked])
        try? await harness.channel.close()  // the task has closed it after `connection: close`
        await harness.served.value
    }

    @Test func aWriteTheSocketRefusesOnTheLoopIsJournaledAsClientGone() async throws {
        let responder = Recorder()
        let harness = try await Harness(responder, answersAtOnce: true)
        try await harness.channel.pipeline.addHandler(PlanWriterOnTheLoopTests.SocketStandIn(refuses: true), position: .first)
        try await harness.send(Self.get("/fast"))
        await harness.served.value  // the refused write closed the connection
        #expect(responder.asked.withLockedValue { $0 } == ["loop:/fast"])
        #expect(harness.journal.entries.map(\.ending) == [.clientGone])
    }
}
