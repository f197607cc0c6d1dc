import NIOConcurrencyHelpers

/// Every message batch a mock holds, and the state machine that moves them on with the clock.
///
/// State is computed from the clock whenever a batch is looked at: `in_progress` until its last
/// request is done (then `ended`), `canceling` for a moment after a cancel (then `ended`, with the
/// requests not yet done `canceled`), and past 24 hours `ended` with the rest `expired`.
public final class BatchStore: Sendable {
    /// Time from a cancel until the batch has ended.
    public static let cancelLatency: Int64 = 1

    /// Turns one request into its result line: `(type, JSONL line with newline)`.
    public typealias Processor = @Sendable (_ customID: String, _ params: [UInt8], _ script: BatchScript) -> (type: String, line: [UInt8])

    private struct State {
        var batches: [MessageBatch] = []  // in creation order
        var index: [String: Int] = [:]
        var created = 0
    }
    private let state = NIOLockedValueBox(State())

    public init() {}

    /// How many batches were ever created (to pick each one's script).
    public var createdCount: Int { state.withLockedValue { $0.created } }

    /// Stores a new batch; its requests finish evenly over the script's processing time.
    public func create(id: String, requests: [(customID: String, params: [UInt8])], script: BatchScript, resultsBase: String, now: Timestamp) -> MessageBatch {
        let total = script.processingTime.components
        let totalMicros = total.seconds * 1_000_000 + total.attoseconds / 1_000_000_000_000
        let count = Int64(max(1, requests.count))
        let items = requests.enumerated().map { offset, request in
            MessageBatch.Item(customID: request.customID, params: request.params,
                              completesAt: Timestamp(microseconds: now.microseconds + totalMicros * Int64(offset + 1) / count))
        }
        let batch = MessageBatch(id: id, createdAt: now, script: script, items: items, resultsBase: resultsBase)
        state.withLockedValue { state in
            state.index[id] = state.batches.count
            state.batches.append(batch)
            state.created += 1
        }
        return batch
    }

    /// The batch as of `now`, moved on first if its time has come.
    public func batch(_ id: String, now: Timestamp, processor: Processor) -> MessageBatch? {
        state.withLockedValue { state in
            guard let position = state.index[id] else { return nil }
            BatchStore.advance(&state.batches[position], now: now, processor: processor)
            return state.batches[position]
        }
    }

    /// Every batch, newest first, each moved on to `now`.
    public func all(now: Timestamp, processor: Processor) -> [MessageBatch] {
        state.withLockedValue { state in
            for position in state.batches.indices { BatchStore.advance(&state.batches[position], now: now, processor: processor) }
            return state.batches.reversed()
        }
    }

    /// Starts cancelling; returns the batch, or `nil` when there is none with that id.
    public func cancel(_ id: String, now: Timestamp, processor: Processor) -> MessageBatch? {
        state.withLockedValue { state in
            guard let position = state.index[id] else { return nil }
            BatchStore.advance(&state.batches[position], now: now, processor: processor)
            if state.batches[position].endedAt == nil && state.batches[position].cancelInitiatedAt == nil {
                state.batches[position].cancelInitiatedAt = now
            }
            return state.batches[position]
        }
    }

    /// Removes a batch.
    public func delete(_ id: String) {
        state.withLockedValue { state in
            guard let position = state.index.removeValue(forKey: id) else { return }
            state.batches.remove(at: position)
            for (key, value) in state.index where value > position { state.index[key] = value - 1 }
        }
    }

    /// Forgets every batch.
    public func reset() { state.withLockedValue { $0 = State() } }

    /// Ends the batch if the clock says it has ended, producing every result line.
    static func advance(_ batch: inout MessageBatch, now: Timestamp, processor: Processor) {
        guard batch.endedAt == nil else { return }
        let endedAt: Timestamp
        let cutoff: Timestamp
        let unfinished: String
        if let cancel = batch.cancelInitiatedAt {
            let end = cancel.adding(seconds: cancelLatency)
            guard now >= end else { return }
            (endedAt, cutoff, unfinished) = (end, cancel, "canceled")
        } else {
            let lastDone = batch.items.last?.completesAt ?? batch.createdAt
            if lastDone <= batch.expiresAt {
                guard now >= lastDone else { return }
                (endedAt, cutoff, unfinished) = (lastDone, lastDone, "expired")
            } else {
                guard now >= batch.expiresAt else { return }
                (endedAt, cutoff, unfinished) = (batch.expiresAt, batch.expiresAt, "expired")
            }
        }
        for position in batch.items.indices {
            let item = batch.items[position]
            let result = item.completesAt <= cutoff
                ? processor(item.customID, item.params, batch.script)
                : (type: unfinished, line: BatchStore.line(customID: item.customID, result: .object(["type": .string(unfinished)])))
            batch.items[position].resultType = result.type
            batch.items[position].line = result.line
            batch.items[position].params = []
        }
        batch.endedAt = endedAt
    }

    /// `{"custom_id":…,"result":…}` and a newline.
    public static func line(customID: String, result: JSONValue) -> [UInt8] {
        JSONValue.object(["custom_id": .string(customID), "result": result]).compactBytes + [10]
    }
}
