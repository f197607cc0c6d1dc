import Logging
import NIOCore
import NIOHTTP1

/// Serves one HTTP/1.1 connection: reads requests (keep-alive), asks the responder for a plan,
/// and has the ``PlanWriter`` carry it out.
struct ConnectionHandler: Sendable {
    let responder: any Responder
    let maximumBodySize: Int
    let logger: Logger

    func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, ByteBuffer>) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                var iterator = inbound.makeAsyncIterator()
                let writer = PlanWriter(channel: connection.channel, outbound: outbound)
                while let received = try await readRequest(&iterator) {
                    let plan: ResponsePlan
                    if received.tooLarge {
                        plan = APIError.requestTooLarge.plan(requestID: IDGenerator(seed: UInt64(received.bodySize)).next("req_"), now: .now)
                    } else {
                        plan = await responder.respond(to: received.request)
                    }
                    let keepAlive = received.keepAlive && !received.tooLarge
                    let outcome = try await writer.write(plan, keepAlive: keepAlive)
                    logger.info("\(received.request.method) \(received.request.target) -> \(plan.status) \(outcome.rawValue)")
                    switch outcome {
                    case .finished where keepAlive:
                        continue
                    case .stalled:
                        // Send nothing more; keep the socket until the client (or shutdown) ends it.
                        while try await iterator.next() != nil {}
                        return
                    default:
                        return
                    }
                }
            }
        } catch {
            logger.debug("connection ended: \(error)")
        }
    }

    struct Received {
        var request: ReceivedRequest
        var keepAlive: Bool
        var tooLarge: Bool
        var bodySize: Int
    }

    /// Reads one whole request; bodies past the limit are drained and dropped.
    private func readRequest(_ iterator: inout NIOAsyncChannelInboundStream<HTTPServerRequestPart>.AsyncIterator) async throws -> Received? {
        var head: HTTPRequestHead?
        var body: [UInt8] = []
        var bodySize = 0
        while let part = try await iterator.next() {
            switch part {
            case .head(let h):
                head = h
                if let length = h.headers.first(name: "content-length").flatMap(Int.init), length <= maximumBodySize {
                    body.reserveCapacity(length)
                }
            case .body(let buffer):
                bodySize += buffer.readableBytes
                if bodySize <= maximumBodySize { body.append(contentsOf: buffer.readableBytesView) }
            case .end:
                guard let head else { return nil }
                let headers = HTTPHeaderList(head.headers.map { (name: $0.name, value: $0.value) })
                let tooLarge = bodySize > maximumBodySize
                let request = ReceivedRequest(method: head.method.rawValue, target: head.uri, headers: headers, body: tooLarge ? [] : body)
                return Received(request: request, keepAlive: head.isKeepAlive, tooLarge: tooLarge, bodySize: bodySize)
            }
        }
        return nil
    }
}
