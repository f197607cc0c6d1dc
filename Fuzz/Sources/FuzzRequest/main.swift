import Dispatch
import FuzzDriver
import MockClaude
import NIOCore
import NIOEmbedded
import NIOHTTP1

/// Raw bytes as they would arrive on a connection → NIO's HTTP/1 parser (llhttp) → every whole
/// request → the mock's API (routes, validation, admin, batches, scenario) → a plan. A parser
/// error is what the server answers 400; anything else must come back as a plan, never a crash.
func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let channel = EmbeddedChannel(handler: ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes)))
    defer { _ = try? channel.finish() }
    do {
        try channel.writeInbound(ByteBuffer(bytes: FuzzDriver.bytes(data, size)))
    } catch {
        return 0  // not HTTP: the server answers 400 and closes
    }
    var head: HTTPRequestHead?
    var body: [UInt8] = []
    while let part = try? channel.readInbound(as: HTTPServerRequestPart.self) {
        switch part {
        case .head(let h):
            head = h
            body = []
        case .body(let buffer):
            body += buffer.readableBytesView
        case .end:
            guard let h = head else { continue }
            let request = ReceivedRequest(
                method: h.method.rawValue, target: h.uri,
                headers: HTTPHeaderList(h.headers.map { (name: $0.name, value: $0.value) }), body: body)
            let plan = Harness.respond(request)
            precondition((100...599).contains(plan.status), "status \(plan.status) out of range")
        }
    }
    return 0
}

/// One API for the whole run (state carries over between inputs, as on a long-lived server),
/// on a virtual clock, with cassette roots nothing can be under.
enum Harness {
    static let api = MockClaudeAPI(
        engine: ScenarioEngine.bundledDefault(), timing: .instant,
        clock: VirtualClock(start: Timestamp(microseconds: 1_790_000_000_000_000)),
        cassetteRoots: CassetteRoots(["/nonexistent-root"]))

    final class Result: @unchecked Sendable { var plan: ResponsePlan? }

    static func respond(_ request: ReceivedRequest) -> ResponsePlan {
        let result = Result()
        let done = DispatchSemaphore(value: 0)
        Task {
            result.plan = await api.respond(to: request)
            done.signal()
        }
        done.wait()
        return result.plan!
    }
}

runFuzzer { data, size in fuzz(data, size) }
