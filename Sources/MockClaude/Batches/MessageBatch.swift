/// One message batch and everything the mock knows about it.
public struct MessageBatch: Sendable {
    /// `msgbatch_…`
    public var id: String
    public var createdAt: Timestamp
    public var script: BatchScript
    public var items: [Item]
    public var cancelInitiatedAt: Timestamp?
    public var endedAt: Timestamp?
    /// Base URL for `results_url` (scheme, host and any path prefix), from the creating request.
    public var resultsBase: String

    /// `in_progress`, `canceling` or `ended`.
    public var processingStatus: String {
        if endedAt != nil { return "ended" }
        return cancelInitiatedAt == nil ? "in_progress" : "canceling"
    }

    public var expiresAt: Timestamp { createdAt.adding(seconds: 24 * 3600) }
    public var archivesAt: Timestamp { createdAt.adding(seconds: 29 * 24 * 3600) }

    /// One request of the batch.
    public struct Item: Sendable {
        public var customID: String
        /// The request's `params`, compact JSON, until processed.
        public var params: [UInt8]
        /// When processing finishes for this request.
        public var completesAt: Timestamp
        /// The result's kind once the batch ended: succeeded, errored, canceled or expired.
        public var resultType: String?
        /// The result's JSONL line (with its newline) once the batch ended.
        public var line: [UInt8]?
    }

    /// The `message_batch` object as the API returns it at `now`.
    public func json(now: Timestamp) -> JSONValue {
        var counts: JSONObject = ["processing": 0, "succeeded": 0, "errored": 0, "canceled": 0, "expired": 0]
        if endedAt == nil {
            counts["processing"] = .int(items.count)  // counts move only when the whole batch ends
        } else {
            for kind in ["succeeded", "errored", "canceled", "expired"] {
                counts[kind] = .int(items.lazy.filter { $0.resultType == kind }.count)
            }
        }
        func time(_ t: Timestamp?) -> JSONValue { t.map { .string($0.rfc3339Micro) } ?? .null }
        return .object([
            "id": .string(id),
            "type": "message_batch",
            "processing_status": .string(processingStatus),
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
