import Logging
import NIOCore
import NIOHTTP1

/// Serves one HTTP/1.1 connection: reads requests (keep-alive), asks the responder for a plan,
/// and has the `PlanWriter` carry it out.
///
/// With ``answersAtOnce`` (the server serves on its event loops), a request that comes while the
/// connection's task has nothing to do is first offered to the responder on the loop
/// (``Responder/respondAtOnce(to:)``): an answer due whole at once is journaled, written and
/// logged there, as the task would, without waking the task; any other plan goes to the task.
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
    /// Whether requests are offered to the responder on the event loop first (only where the
    /// connection's task runs on the loop, so answers keep their order).
    var answersAtOnce = false

    /// Serves an accepted connection: wraps it, then serves it until it ends.
    func serve(_ accepted: AcceptedConnection) async {
        let wrapped: (connection: NIOAsyncChannel<InboundRequest, ByteBuffer>, handOver: HandOver?)
        do {
            wrapped = try await wrap(accepted)
        } catch {
            logger.debug("connection ended before it was served: \(error)")
            accepted.channel.close(promise: nil)
            return
        }
        await serve(wrapped.connection, admission: accepted.admission, timer: accepted.timer, handOver: wrapped.handOver)
    }

    /// Wraps an accepted connection, its requests read whole with the responder's body limits
    /// (and, with ``answersAtOnce``, offered to ``answerAtOnce(_:keepAlive:channel:timer:)`` first).
    func wrap(_ accepted: AcceptedConnection) async throws -> (
        connection: NIOAsyncChannel<InboundRequest, ByteBuffer>, handOver: HandOver?
    ) {
        let (responder, maximumBodySize) = (responder, maximumBodySize)
        let bodyLimit: @Sendable (String, String) -> Int = { method, target in
            responder.maximumBodySize(method: method, target: target) ?? maximumBodySize
        }
        guard answersAtOnce, accepted.admission == .accepted else { return try await accepted.wrap(bodyLimit: bodyLimit) }
        let (handler, timer) = (self, accepted.timer)
        return try await accepted.wrap(bodyLimit: bodyLimit) { request, keepAlive, channel in
            handler.answerAtOnce(request, keepAlive: keepAlive, channel: channel, timer: timer)
        }
    }

    /// Answers `request` here, on its channel's event loop, when the responder makes its plan
    /// without suspending and it is due whole at once, and returns `nil`; otherwise returns what
    /// the task is to do: write the plan made here, or answer the request itself.
    ///
    /// Left to the task: requests that close the connection (their answer ends it), `HEAD`,
    /// bodies over the limit or past ``heavyBody`` (answered off the loop), and any request while
    /// the socket is not keeping up (the task waits for it).
    func answerAtOnce(_ request: ReceivedRequest, keepAlive: Bool, channel: Channel, timer: ConnectionTimer.Handle) -> InboundRequest? {
        guard keepAlive, !request.bodyTooLarge, request.method != "HEAD", request.body.count <= Self.heavyBody, channel.isWritable,
            let plan = responder.respondAtOnce(to: request)
        else { return .request(request, keepAlive: keepAlive) }
        timer.requestArrived()
        let answer = ConnectionAnswer(request, plan: plan, askedKeepAlive: keepAlive, arrival: .now, arrivalInstant: .now)
        guard let whole = PlanWriter.wholeAnswer(plan, keepAlive: true, allocator: channel.allocator) else { return .planned(answer) }
        var dropped = Journal.Dropped()
        let entry = journal(answer, dropped: &dropped)
        channel.writeAndFlush(whole, promise: nil)
        // A socket that refuses the bytes closes the channel inside the write (as in the writer).
        guard channel.isActive else {
            if let entry { journal.update(entry, ending: .clientGone) }
            return nil
        }
        withExtendedLifetime(dropped) {}  // the entries pushed out are freed now the answer is out
        log(answer, outcome: .finished)
        timer.answerFinished()
        return nil
    }

    /// Journals `answer` with its planned ending, unless its plan is not journaled; returns the
    /// entry's id. Entries the journal drops are moved to `dropped`, to be freed after the write.
    private func journal(_ answer: ConnectionAnswer, dropped: inout Journal.Dropped) -> Int? {
        guard answer.plan.journaled else { return nil }
        let entry = JournalEntry(request: answer.request, plan: answer.plan, arrival: answer.arrival, arrivalInstant: answer.arrivalInstant)
        return journal.append(entry, dropped: &dropped)
    }

    private func log(_ answer: ConnectionAnswer, outcome: PlanWriter.Outcome) {
        logger.info("\(answer.request.method) \(answer.request.target) -> \(answer.plan.status) \(outcome.rawValue)")
    }

    /// Reads requests (keep-alive), asks the responder, writes each plan; closes at the end.
    /// `handOver` is the reader's count of what it passed here (with ``answersAtOnce``).
    func serve(
        _ connection: NIOAsyncChannel<InboundRequest, ByteBuffer>, admission: ConnectionRegistry.Admission,
        timer: ConnectionTimer.Handle, handOver: HandOver? = nil
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
                    let answer: ConnectionAnswer
                    do {
                        switch try await iterator.next() {
                        case nil:
                            return
                        case .wantsContinue:
                            try await writer.sendContinue()
                            handOver?.handled()
                            continue
                        case .planned(let planned):
                            answer = planned  // the reader has told the timer
                        case .request(let request, let keepAlive):
                            timer.requestArrived()
                            let arrival = Timestamp.now, arrivalInstant = ContinuousClock.now
                            let plan = await respond(to: request)
                            answer = ConnectionAnswer(request, plan: plan, askedKeepAlive: keepAlive, arrival: arrival, arrivalInstant: arrivalInstant)
                        }
                    } catch let error as HTTPParserError {
                        // The bytes are not HTTP: say so in the API's envelope, then close.
                        logger.info("malformed request: \(error)")
                        _ = try await writer.write(refusal(.malformed(error)), keepAlive: false)
                        return
                    }
                    // Journal first, with the planned ending, so a client that has its answer finds it there.
                    var dropped = Journal.Dropped()
                    let entry = journal(answer, dropped: &dropped)
                    let outcome: PlanWriter.Outcome
                    do {
                        outcome = try await writer.write(answer.plan, keepAlive: answer.keepAlive, headOnly: answer.request.method == "HEAD")
                    } catch {
                        if let entry { journal.update(entry, ending: .clientGone) }
                        throw error
                    }
                    withExtendedLifetime(dropped) {}  // the entries pushed out are freed now the answer is out
                    log(answer, outcome: outcome)
                    switch outcome {
                    case .finished where answer.keepAlive:
                        timer.answerFinished()
                        handOver?.handled()
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
