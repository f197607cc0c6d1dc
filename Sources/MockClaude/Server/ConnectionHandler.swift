import Logging
import NIOCore
import NIOHTTP1

/// Serves one HTTP/1.1 connection: reads requests (keep-alive), asks the responder for a plan,
/// and has the ``PlanWriter`` carry it out.
struct ConnectionHandler: Sendable {
    let responder: any Responder
    let journal: Journal
    let maximumBodySize: Int
    let maximumBatchBodySize: Int
    let logger: Logger
    let registry: ConnectionRegistry

    func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, ByteBuffer>) async {
        let accepted = registry.register(connection.channel)
        defer { registry.remove(connection.channel) }
        do {
            try await connection.executeThenClose { inbound, _ in
                guard accepted else { return }  // the server is shutting down
                var iterator = inbound.makeAsyncIterator()
                let writer = PlanWriter(channel: connection.channel)
                while let received = try await readRequest(&iterator) {
                    let arrival = Timestamp.now, arrivalInstant = ContinuousClock.now
                    let plan: ResponsePlan
                    if received.tooLarge {
                        plan = await responder.respondToOversizedBody(received.request)
                    } else {
                        plan = await responder.respond(to: received.request)
                    }
                    let keepAlive = received.keepAlive && !received.tooLarge
                    // Journal first, with the planned ending, so a client that has its answer finds it there.
                    let entry = received.request.path.hasPrefix(AdminAPI.prefix) ? nil : journal.append(JournalEntry(
                        request: received.request, json: try? JSONValue.parse(received.request.body), arrival: arrival,
                        arrivalInstant: arrivalInstant, answeredBy: plan.origin, status: plan.sendsHead ? plan.status : 0,
                        ending: PlanWriter.Outcome(planned: plan.ending).rawValue))
                    let outcome: PlanWriter.Outcome
                    do {
                        outcome = try await writer.write(plan, keepAlive: keepAlive)
                    } catch {
                        if let entry { journal.update(entry, ending: PlanWriter.Outcome.clientGone.rawValue) }
                        throw error
                    }
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
    }

    /// Reads one whole request; bodies past the limit are drained and dropped.
    private func readRequest(_ iterator: inout NIOAsyncChannelInboundStream<HTTPServerRequestPart>.AsyncIterator) async throws -> Received? {
        var head: HTTPRequestHead?
        var body: [UInt8] = []
        var bodySize = 0
        var limit = maximumBodySize
        while let part = try await iterator.next() {
            switch part {
            case .head(let h):
                head = h
                limit = h.uri.contains("/v1/messages/batches") ? maximumBatchBodySize : maximumBodySize
                if let length = h.headers.first(name: "content-length").flatMap(Int.init), length <= limit {
                    body.reserveCapacity(length)
                }
            case .body(let buffer):
                bodySize += buffer.readableBytes
                if bodySize <= limit { body.append(contentsOf: buffer.readableBytesView) }
            case .end:
                guard let head else { return nil }
                let headers = HTTPHeaderList(head.headers.map { (name: $0.name, value: $0.value) })
                let tooLarge = bodySize > limit
                let request = ReceivedRequest(method: head.method.rawValue, target: head.uri, headers: headers, body: tooLarge ? [] : body)
                return Received(request: request, keepAlive: head.isKeepAlive, tooLarge: tooLarge)
            }
        }
        return nil
    }
}
