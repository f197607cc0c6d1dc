/// One message batch and everything the mock knows about it.
public struct MessageBatch: Sendable {
    /// `msgbatch_…`
    public var id: String
    /// When the batch was created.
    public var createdAt: Timestamp
    /// How its requests are processed.
    public var script: BatchScript
    /// Its requests, in the order sent.
    public var items: [Item]
    /// When a cancel was asked for, if one was.
    public var cancelInitiatedAt: Timestamp?
    /// When it ended, once it has.
    public var endedAt: Timestamp?
    /// The result lines, in request order, once the batch has ended.
    public var results: BatchResults?
    /// Base URL for `results_url` (scheme, host and any path prefix), from the creating request.
    public var resultsBase: String

    /// Where a batch is in its life, as `processing_status` says it.
    public enum ProcessingStatus: String, Sendable {
        /// Requests are still being processed.
        case inProgress = "in_progress"
        /// A cancel was asked for; the batch ends shortly.
        case canceling
        /// Every request has a result.
        case ended
    }

    /// The batch's processing status.
    public var processingStatus: ProcessingStatus {
        if endedAt != nil { return .ended }
        return cancelInitiatedAt == nil ? .inProgress : .canceling
    }

    /// How one request of the batch ended (`result.type` in its results line).
    public enum ResultKind: String, Sendable, CaseIterable {
        /// Answered; failed with an error; canceled before it was processed; not processed within 24 hours.
        case succeeded, errored, canceled, expired
    }

    /// One request's result: its kind and its JSONL line.
    public struct Result: Sendable {
        /// How the request ended.
        public var kind: ResultKind
        /// `{"custom_id":…,"result":…}` and a newline.
        public var line: [UInt8]

        /// A result whose `result` object is `{"type": kind}` plus `fields`.
        public init(_ kind: ResultKind, customID: String, _ fields: JSONObject = [:]) {
            var result: JSONObject = ["type": .string(kind.rawValue)]
            for key in fields.keys { result[key] = fields[key] }
            self.kind = kind
            self.line = JSONValue.object(["custom_id": .string(customID), "result": .object(result)]).compactBytes + [10]
        }

        /// A succeeded result carrying `message`.
        public static func succeeded(_ customID: String, message: JSONObject) -> Result {
            Result(.succeeded, customID: customID, ["message": .object(message)])
        }

        /// An errored result carrying the error envelope `error` (no request id).
        public static func errored(_ customID: String, envelope: JSONObject) -> Result {
            Result(.errored, customID: customID, ["error": .object(envelope)])
        }

        /// An errored result for `error`.
        public static func errored(_ customID: String, _ error: APIError) -> Result {
            errored(customID, envelope: error.envelope(requestID: nil).objectValue ?? [:])
        }
    }

    /// 24 hours after creation: requests not done by then expire.
    public var expiresAt: Timestamp { createdAt.adding(seconds: 24 * 3600) }
    /// 29 days after creation: results are no longer available.
    public var archivesAt: Timestamp { createdAt.adding(seconds: 29 * 24 * 3600) }

    /// How each request ended, in the order of ``items``, once the batch has (empty before); the
    /// lines are in ``results``. Kept apart from the items, so ending a batch does not copy them.
    public var resultKinds: [ResultKind] = []

    /// The body the batch was created with, until it ends: each request's `params` is a range
    /// of it (a 100,000-request batch keeps its body once, not a copy per request).
    public var body: [UInt8]

    /// One request of the batch.
    public struct Item: Sendable {
        /// The request's `custom_id`.
        public var customID: String
        /// Where the request's `params` are in ``MessageBatch/body``, as sent, until processed.
        public var params: Range<Int>
        /// When processing finishes for this request (set when the batch is created).
        public var completesAt: Timestamp

        /// A request whose params are `params` of the batch's body.
        public init(customID: String, params: Range<Int>, completesAt: Timestamp = Timestamp(microseconds: 0)) {
            self.customID = customID
            self.params = params
            self.completesAt = completesAt
        }
    }

    /// The params of `item`, as sent (empty once the batch has ended).
    public func params(of item: Item) -> ArraySlice<UInt8> {
        item.params.clamped(to: body.indices) == item.params ? body[item.params] : []
    }

    /// The `message_batch` object as the API returns it at `now`.
    public func json(now: Timestamp) -> JSONValue {
        var counts: JSONObject = ["processing": 0, "succeeded": 0, "errored": 0, "canceled": 0, "expired": 0]
        if endedAt == nil {
            counts["processing"] = .int(items.count)  // counts move only when the whole batch ends
        } else {
            for kind in ResultKind.allCases {
                counts[kind.rawValue] = .int(resultKinds.lazy.filter { $0 == kind }.count)
            }
        }
        func time(_ t: Timestamp?) -> JSONValue { t.map { .string($0.rfc3339Micro) } ?? .null }
        return .object([
            "id": .string(id),
            "type": "message_batch",
            "processing_status": .string(processingStatus.rawValue),
            "request_counts": .object(counts),
            "ended_at": time(endedAt),
            "created_at": time(createdAt),
            "expires_at": time(expiresAt),
            "archived_at": time(now >= archivesAt ? archivesAt : nil),
            "cancel_initiated_at": time(cancelInitiatedAt),
            "results_url": endedAt == nil ? .null : .string("\(resultsBase)/v1/messages/batches/\(id)/results"),
        ])
    }
}
