import NIOConcurrencyHelpers
import NIOPosix

/// The Message Batches endpoints (wire reference §7): create, retrieve, list, cancel, delete and
/// results, with the real validation wording where known.
///
/// Where the reference marks a behaviour unverified, the choice is noted at the code:
/// duplicate custom_id, cancel after end, delete before end, results before end, unknown id.
struct BatchesAPI {
    let api: MockClaudeAPI
    static let maximumRequests = 100_000

    var store: BatchStore { api.state.batches }

    /// Answers a request to `/v1/messages/batches` followed by the path components `rest`.
    func respond(to request: ReceivedRequest, rest: [String]) async -> ResponsePlan {
        do {
            try MessagesRequestCheck.checkHeaders(request)
        } catch {
            return api.error(error)
        }
        // --any-id: a placeholder id (`message_batch_id`) names a batch of one request, ended
        // with its result — or still in progress when it is asked to cancel.
        if api.acceptsAnyID, let id = rest.first, !store.contains(id) {
            let params = Array(#"{"model":"claude-haiku-4-5","max_tokens":64,"messages":[{"role":"user","content":"Hello"}]}"#.utf8)
            let processing: Duration = rest.last == "cancel" ? .seconds(3600) : .zero
            _ = store.create(
                id: id, body: params, requests: [MessageBatch.Item(customID: "request-1", params: params.indices)],
                script: BatchScript(processingTime: processing),
                resultsBase: api.baseURL(of: request), now: api.clock.now)
        }
        // Batches that have ended by now get their results first, off the lock and off the
        // cooperative threads; the endpoints below then read them as they are.
        if request.method != "POST" || rest.count == 2 {
            await store.settle(now: api.clock.now, only: rest.first, processor: processor())
        }
        switch (request.method, rest.count, rest.last) {
        case ("POST", 0, _): return create(request)
        case ("GET", 0, _): return list(request)
        case ("GET", 1, _): return retrieve(rest[0])
        case ("DELETE", 1, _): return delete(rest[0])
        case ("POST", 2, "cancel"): return cancel(rest[0])
        case ("GET", 2, "results"): return results(rest[0])
        default: return api.error(.notFound("Not Found"))
        }
    }

    // MARK: Endpoints

    func create(_ request: ReceivedRequest) -> ResponsePlan {
        var parsed: [MessageBatch.Item]
        do { parsed = try BatchesAPI.requests(in: request.body) } catch { return api.error(error) }
        let scripts = api.state.engine.scenario.batches
        let script = scripts.isEmpty ? BatchScript() : scripts[min(store.createdCount, scripts.count - 1)]
        let batch = store.create(
            id: api.ids.next("msgbatch_"), body: request.body, requests: consume parsed, script: script,
            resultsBase: api.baseURL(of: request), now: api.clock.now)
        return json(batch.json(now: api.clock.now))
    }

    func retrieve(_ id: String) -> ResponsePlan {
        guard let batch = store.batch(id, now: api.clock.now, processor: processor()) else { return notFound(id) }
        return json(batch.json(now: api.clock.now))
    }

    func list(_ request: ReceivedRequest) -> ResponsePlan {
        let query = request.query
        let limit: Int
        do { limit = try Page<Never>.limit(query["limit"]) } catch { return api.error(error) }
        let now = api.clock.now
        let all = store.all(now: now, processor: processor())  // newest first
        let page = Page(items: all, id: \.id, limit: limit, afterID: query["after_id"], beforeID: query["before_id"])
        return json(page.json { $0.json(now: now) })
    }

    func cancel(_ id: String) -> ResponsePlan {
        let now = api.clock.now
        guard let before = store.batch(id, now: now, processor: processor()) else { return notFound(id) }
        // [UNVERIFIED] cancelling an ended batch: 400 invalid_request_error, as the reference suggests.
        if before.endedAt != nil {
            return api.error(.invalidRequest("Batch \(id) has already ended and can no longer be canceled."))
        }
        guard let batch = store.cancel(id, now: now, processor: processor()) else { return notFound(id) }
        return json(batch.json(now: now))
    }

    func delete(_ id: String) -> ResponsePlan {
        guard let batch = store.batch(id, now: api.clock.now, processor: processor()) else { return notFound(id) }
        // [UNVERIFIED] deleting a batch that has not ended: 400 invalid_request_error.
        guard batch.endedAt != nil else {
            return api.error(.invalidRequest("Batch \(id) is \(batch.processingStatus); only batches that have ended can be deleted (cancel it first)."))
        }
        store.delete(id)
        return json(.object(["id": .string(id), "type": "message_batch_deleted"]))
    }

    func results(_ id: String) -> ResponsePlan {
        let now = api.clock.now
        guard let batch = store.batch(id, now: now, processor: processor()) else { return notFound(id) }
        // [UNVERIFIED] results before the end: 400 invalid_request_error (the SDKs never ask).
        guard batch.endedAt != nil else {
            return api.error(.invalidRequest("Batch \(id) is \(batch.processingStatus); results are available once it has ended."))
        }
        // [UNVERIFIED] results after archiving (29 days): 404 not_found_error.
        guard now < batch.archivesAt else { return api.error(.notFound("Results for batch \(id) are no longer available (archived).")) }
        // Read from the results file 64 KB at a time, each read when the writer is ready for it
        // (off the event loops), so a download never holds the results in memory.
        let results = batch.results
        let size = results?.size ?? 0
        let offset = NIOLockedValueBox(0)
        let chunks = AsyncThrowingStream<ResponsePlan.Part, any Error> {
            let start = offset.withLockedValue { $0 }
            guard let results, start < size else { return nil }
            let bytes =
                (try? await NIOThreadPool.singleton.runIfActive { results.bytes(from: start, count: 65_536) })
                ?? results.bytes(from: start, count: 65_536)
            guard !bytes.isEmpty else { return nil }
            offset.withLockedValue { $0 = start + bytes.count }
            return ResponsePlan.Part(bytes: bytes)
        }
        // [UNVERIFIED] the results content type; the SDKs ask for application/binary and read bytes.
        let headers = StandardHeaders.make(requestID: api.ids.next("req_"), contentType: "application/binary", now: now)
        var plan = ResponsePlan(status: 200, headers: headers, framing: .chunked)
        plan.live = ResponsePlan.LiveBody(chunks)
        plan.origin = .endpoint("batch results \(id)")
        return plan
    }

    // MARK: Pieces

    func json(_ value: JSONValue) -> ResponsePlan { api.json(value, origin: "batches") }

    /// [UNVERIFIED] wording for an unknown or deleted batch id.
    func notFound(_ id: String) -> ResponsePlan {
        api.error(.notFound("No batch found with id \(id)."))
    }

    /// The create body's requests, checked with the real API's wording, each request's `params`
    /// left where it is in the body (which the batch then keeps, nothing copied).
    ///
    /// A body of 100,000 requests is read part by part rather than built into one JSON tree
    /// (which took about 14 times the body's size): the document is still checked whole, first,
    /// so a JSON error anywhere wins over a field error, as with any other body; of the field
    /// errors, the first request's wins, after the list's own (missing, not a list, empty, too long).
    static func requests(in body: [UInt8]) throws(APIError) -> [MessageBatch.Item] {
        var parser = JSONParser(bytes: body)
        var isObject = true
        var listProblem: APIError? = APIError.invalidRequest("requests: Field required")
        var itemProblem: APIError?
        var problemItemID: String?
        var total = 0
        var requests: [MessageBatch.Item] = []
        do throws(JSONParseError) {
            if parser.nextIsObject() {
                try parser.readObject { key, parser throws(JSONParseError) in
                    guard key == "requests" else {
                        _ = try parser.skipValue()
                        return
                    }
                    // A repeated key: the last one wins, as with any JSON object here.
                    (listProblem, itemProblem, problemItemID, total, requests) = (nil, nil, nil, 0, [])
                    // Sized once: growing by doubling would hold the old and the new array at once.
                    requests.reserveCapacity(min(BatchesAPI.occurrences(of: "\"custom_id\"", in: body), maximumRequests))
                    guard parser.nextIsArray() else {
                        _ = try parser.skipValue()
                        listProblem = .invalidRequest("requests: Input should be a valid list")
                        return
                    }
                    try parser.readArray { index, parser throws(JSONParseError) in
                        total = index + 1
                        let (item, validID) = try BatchesAPI.readRequest(&parser, index: index, body: body)
                        guard itemProblem == nil else { return }
                        switch item {
                        case .failure(let problem):
                            itemProblem = problem
                            problemItemID = validID
                        case .success(let request): requests.append(request)
                        }
                    }
                }
            } else {
                isObject = false
                _ = try parser.readValue()
            }
            try parser.finishDocument()
        } catch {
            throw .invalidRequest("The request body is not valid JSON: \(error)")
        }
        guard isObject else { throw .invalidRequest("Input should be a valid dictionary or object to extract fields from") }
        if let listProblem { throw listProblem }
        guard total > 0 else { throw .invalidRequest("requests: List should have at least 1 item after validation, not 0") }
        guard total <= maximumRequests else {
            throw .invalidRequest("requests: List should have at most \(maximumRequests) items after validation, not \(total)")
        }
        // Requests are kept up to the first with a problem; that one's id counts too when only its
        // params are wrong (the API checks the id, then uniqueness, then params).
        let problemID = itemProblem == nil ? nil : problemItemID
        let count = requests.count + (problemID == nil ? 0 : 1)
        if let duplicate = firstDuplicate(count: count, id: { $0 < requests.count ? requests[$0].customID : problemID ?? "" }) {
            let id = duplicate.index < requests.count ? requests[duplicate.index].customID : problemID ?? ""
            // [UNVERIFIED] the wording for a duplicate custom_id; it names both places.
            throw .invalidRequest(
                "requests.\(duplicate.index).custom_id: duplicate custom_id '\(id)' (also used by requests.\(duplicate.first)); custom_id must be unique within a batch"
            )
        }
        if let itemProblem { throw itemProblem }
        return requests
    }

    /// How many times `needle` occurs in `bytes` (a cheap upper bound on the requests in a body).
    static func occurrences(of needle: String, in bytes: [UInt8]) -> Int {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first, bytes.count >= pattern.count else { return 0 }
        return bytes.withUnsafeBufferPointer { buffer in
            var count = 0
            var index = 0
            let last = buffer.count - pattern.count
            while index <= last {
                if buffer[index] == first, buffer[index..<(index + pattern.count)].elementsEqual(pattern) {
                    count += 1
                    index += pattern.count
                } else {
                    index += 1
                }
            }
            return count
        }
    }

    /// The first of `count` ids (in order) that an earlier one equals, and that earlier one.
    ///
    /// Found by sorting 32-bit positions rather than keeping a dictionary of ids while reading:
    /// 100,000 requests need 400 KB instead of several megabytes.
    static func firstDuplicate(count: Int, id: (Int) -> String) -> (index: Int, first: Int)? {
        guard count > 1, count <= Int(Int32.max) else { return nil }
        let order = (0..<Int32(count)).sorted { a, b in
            let (x, y) = (id(Int(a)), id(Int(b)))
            return x == y ? a < b : x < y
        }
        var found: (index: Int, first: Int)?
        var start = 0
        for position in 1...order.count {
            if position < order.count, id(Int(order[position])) == id(Int(order[start])) { continue }
            // order[start..<position] share one id, in request order.
            if position - start > 1 {
                let (first, second) = (Int(order[start]), Int(order[start + 1]))
                if found.map({ second < $0.index }) ?? true { found = (second, first) }
            }
            start = position
        }
        return found
    }

    /// One element of `requests`: its custom_id and where its params are, or the first thing
    /// wrong with it, checked in the order the API checks (the element is read whole either way).
    private static func readRequest(
        _ parser: inout JSONParser, index: Int, body: [UInt8]
    ) throws(JSONParseError) -> (Result<MessageBatch.Item, APIError>, validID: String?) {
        let path = "requests.\(index)"
        guard parser.nextIsObject() else {
            _ = try parser.skipValue()
            return (.failure(.invalidRequest("\(path): Input should be a valid dictionary or object to extract fields from")), nil)
        }
        var idValue: JSONValue?
        var params: (range: Range<Int>, isObject: Bool)?
        try parser.readObject { key, parser throws(JSONParseError) in
            switch key {
            case "custom_id": idValue = try parser.readValue()
            case "params":
                let isObject = parser.nextIsObject()
                params = (try parser.skipValue(), isObject)
            default: _ = try parser.skipValue()
            }
        }
        guard let idValue else { return (.failure(.invalidRequest("\(path).custom_id: Field required")), nil) }
        guard let id = idValue.stringValue else { return (.failure(.invalidRequest("\(path).custom_id: Input should be a valid string")), nil) }
        guard !id.isEmpty else { return (.failure(.invalidRequest("\(path).custom_id: String should have at least 1 character")), nil) }
        guard id.count <= 64 else { return (.failure(.invalidRequest("\(path).custom_id: String should have at most 64 characters")), nil) }
        guard
            id.utf8.allSatisfy({
                $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") || ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122)
            })
        else {
            return (.failure(.invalidRequest("\(path).custom_id: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'")), nil)
        }
        guard let params else { return (.failure(.invalidRequest("\(path).params: Field required")), id) }
        guard params.isObject else {
            return (.failure(.invalidRequest("\(path).params: Input should be a valid dictionary or object to extract fields from")), id)
        }
        return (.success(MessageBatch.Item(customID: id, params: params.range)), id)
    }

    /// Answers one batch request as ``MockClaudeAPI/answer(_:queuedFaults:)`` answers a
    /// non-streaming `/v1/messages` call (queued faults are for live requests only), unless the
    /// batch's script decides it. The scenario chooses each request's step in request order;
    /// the answer is then compiled with ids of its own, seeded by the batch and the request,
    /// so results are the same however many are compiled at once.
    func processor() -> BatchStore.Processor {
        let api = self.api
        let seed = api.state.engine.scenario.seed ?? 0
        let now = api.clock.now
        return { batchID, customID, params, script in
            for outcome in script.outcomes where outcome.selects(customID, seed: seed) {
                switch outcome.result {
                case .succeeded: break
                case .errored(let answer): return Self.done(.errored(customID, answer.apiError))
                case .expired: return Self.done(MessageBatch.Result(.expired, customID: customID))
                }
                break
            }
            let checked: MessagesRequestCheck.Checked
            do throws(APIError) {
                checked = try MessagesRequestCheck.checkBody(try MessagesRequestCheck.parseBody(Array(params)), options: api.validation)
            } catch {
                return Self.done(.errored(customID, error))
            }
            // [UNVERIFIED] streaming inside a batch: an errored result rather than a 400 at creation.
            if checked.stream { return Self.done(.errored(customID, .invalidRequest("stream: streaming is not supported for batch requests"))) }
            let request = ReceivedRequest(method: "POST", target: "/v1/messages", body: Array(params))
            var context = RequestContext(
                request: request, body: checked.body, stream: false, model: checked.model,
                ids: IDGenerator(seed: StableHash.of([batchID, customID], seed: seed)), now: now, timingOverride: .instant)
            // Answers are produced in parallel: synthesized content is seeded per request, not in arrival order.
            context.contentSeed = StableHash.of([batchID, customID, "content"], seed: seed)
            let choice = api.state.engine.choose(request, body: checked.body)
            return { [context] in Self.result(customID, api.answer(context, choice: choice, queuedFaults: false)) }
        }
    }

    private static func done(_ result: MessageBatch.Result) -> @Sendable () -> MessageBatch.Result { { result } }

    /// A batch request's result line from the plan that answers it.
    private static func result(_ customID: String, _ plan: ResponsePlan) -> MessageBatch.Result {
        if case .mockError(let error) = plan.origin { return .errored(customID, error.apiError) }
        guard let json = plan.json else {
            return .errored(
                customID,
                APIError(
                    type: "api_error",
                    message: "mockclaude: the step answering batch request '\(customID)' alters the bytes it sends (a fault), which a batch result cannot carry"
                ))
        }
        guard plan.status == 200, var message = json.objectValue else {
            var envelope = json.objectValue ?? JSONObject()
            envelope["request_id"] = nil
            return .errored(customID, envelope: envelope)
        }
        var usage = message["usage"]?.objectValue ?? JSONObject()
        usage["service_tier"] = "batch"
        message["usage"] = .object(usage)
        return .succeeded(customID, message: message)
    }
}

extension BatchScript.Outcome {
    /// Whether this outcome decides the request: named by id, or inside the seeded fraction.
    public func selects(_ customID: String, seed: UInt64) -> Bool {
        if customIDs.contains(customID) { return true }
        guard let fraction else { return false }
        let hash = StableHash.of([customID], seed: seed)
        return Double(hash >> 11) / Double(1 << 53) < fraction
    }
}
