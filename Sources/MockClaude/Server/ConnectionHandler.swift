import Logging
import NIOCore
import NIOHTTP1

/// Serves one HTTP/1.1 connection: reads requests (keep-alive), asks the responder for a plan,
/// and has the `PlanWriter` carry it out.
///
/// Whatever a client sends, it gets an answer or a close, and the server goes on: a request the
/// HTTP parser rejects gets a 400 and a close, one past the connection cap a 503, a slow or idle
/// one is timed out by ``ConnectionTimer``.
struct ConnectionHandler: Sendable {
    let responder: any Responder
    let journal: Journal
    /// The body limit where the responder names none.
    let maximumBodySize: Int
    let logger: Logger
    let limits: ServerLimits

    /// Serves an accepted connection: wraps it, then serves it until it ends.
    func serve(_ accepted: AcceptedConnection) async {
        let connection: NIOAsyncChannel<InboundRequest, ByteBuffer>
        do {
            connection = try await wrap(accepted)
        } catch {
            logger.debug("connection ended before it was served: \(error)")
            accepted.channel.close(promise: nil)
            return
        }
        await serve(connection, admission: accepted.admission, timer: accepted.timer)
    }

    /// Wraps an accepted connection, its requests read whole with the responder's body limits.
    func wrap(_ accepted: AcceptedConnection) async throws -> NIOAsyncChannel<InboundRequest, ByteBuffer> {
        let (responder, maximumBodySize) = (responder, maximumBodySize)
        return try await accepted.wrap { method, target in
            responder.maximumBodySize(method: method, target: target) ?? maximumBodySize
        }
    }

    /// Reads requests (keep-alive), asks the responder, writes each plan; closes at the end.
    func serve(
        _ connection: NIOAsyncChannel<InboundRequest, ByteBuffer>, admission: ConnectionRegistry.Admission,
        timer: ConnectionTimer.Handle
    ) async {
        do {
            try await connection.executeThenClose { inbound, _ in
                let writer = PlanWriter(channel: connection.channel)
                switch admission {
                case .closing:
                    return  // the server is shutting down
                case .full:
                    _ = try await writer.write(refusal(.tooManyConnections), keepAlive: false)
                    return
                case .accepted:
                    break
                }
                var iterator = inbound.makeAsyncIterator()
                while true {
                    let request: ReceivedRequest, askedKeepAlive: Bool
                    do {
                        switch try await iterator.next() {
                        case nil:
                            return
                        case .wantsContinue:
                            try await writer.sendContinue()
                            continue
                        case .request(let next, let keepAlive):
                            (request, askedKeepAlive) = (next, keepAlive)
                        }
                    } catch let error as HTTPParserError {
                        // The bytes are not HTTP: say so in the API's envelope, then close.
                        logger.info("malformed request: \(error)")
                        _ = try await writer.write(refusal(.malformed(error)), keepAlive: false)
                        return
                    }
                    timer.requestArrived()
                    let arrival = Timestamp.now, arrivalInstant = ContinuousClock.now
                    let plan = await respond(to: request)
                    let keepAlive = askedKeepAlive && !request.bodyTooLarge
                    // Journal first, with the planned ending, so a client that has its answer finds it there.
                    var dropped = Journal.Dropped()
                    let entry =
                        !plan.journaled
                        ? nil
                        : journal.append(
                            JournalEntry(request: request, plan: plan, arrival: arrival, arrivalInstant: arrivalInstant),
                            dropped: &dropped)
                    let outcome: PlanWriter.Outcome
                    do {
                        outcome = try await writer.write(plan, keepAlive: keepAlive, headOnly: request.method == "HEAD")
                    } catch {
                        if let entry { journal.update(entry, ending: .clientGone) }
                        throw error
                    }
                    withExtendedLifetime(dropped) {}  // the entries pushed out are freed now the answer is out
                    logger.info("\(request.method) \(request.target) -> \(plan.status) \(outcome.rawValue)")
                    switch outcome {
                    case .finished where keepAlive:
                        timer.answerFinished()
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

    /// Bodies past this size are answered off the event loop (see ``respond(to:)``).
    static let heavyBody = 256 * 1024

    /// The responder's answer. When the connection's task runs on its channel's event loop (as
    /// `serve` runs it), a request with a body past ``heavyBody`` is answered on Swift's global
    /// executor instead: the parsing and validation it takes (a batch of 100,000 requests, a
    /// large image) would otherwise hold up every connection served by that loop.
    private func respond(to request: ReceivedRequest) async -> ResponsePlan {
        guard request.body.count > Self.heavyBody,
            #available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)  // older: never on a loop
        else { return await responder.respond(to: request) }
        let responder = responder
        return await withTaskExecutorPreference(globalConcurrentExecutor) { await responder.respond(to: request) }
    }

    enum Refusal {
        case tooManyConnections
        case malformed(HTTPParserError)
    }

    /// The answer to a connection or request that never reaches the responder.
    private func refusal(_ refusal: Refusal) -> ResponsePlan {
        let requestID = "req_011C" + String(repeating: "0", count: 20)
        switch refusal {
        case .tooManyConnections:
            return MockError(
                .tooManyConnections,
                "mockclaude: \(limits.maximumConnections) connections are open, the most this server accepts; close some or raise --max-connections"
            )
            .plan(requestID: requestID, now: .now)
        case .malformed(let parserError):
            // Bytes that are not HTTP are the client's error, in the API's own terms.
            return APIError.invalidRequest("mockclaude: the request is not valid HTTP/1.1 (\(parserError))").plan(requestID: requestID, now: .now)
        }
    }
}
