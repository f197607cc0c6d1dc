import NIOConcurrencyHelpers
import NIOPosix

/// Every message batch a mock holds, and the state machine that moves them on with the clock.
///
/// State is computed from the clock whenever a batch is looked at: `in_progress` until its last
/// request is done (then `ended`), `canceling` for a moment after a cancel (then `ended`, with the
/// requests not yet done `canceled`), and past 24 hours `ended` with the rest `expired`.
public final class BatchStore: Sendable {
    /// Time from a cancel until the batch has ended.
    public static let cancelLatency: Int64 = 1

    /// Answers one request of a batch, in two steps: the call itself runs for each request in
    /// order (it may use up scenario steps, so the order is the batch's), and returns the work
    /// that makes the result line, which may run for many requests at once on several threads.
    public typealias Processor =
        @Sendable (_ batchID: String, _ customID: String, _ params: ArraySlice<UInt8>, _ script: BatchScript) -> @Sendable () -> MessageBatch.Result

    private struct State {
        var batches: [MessageBatch] = []  // in creation order
        var index: [String: Int] = [:]
        var created = 0
        /// Batches whose results are being produced, by id: later callers wait for the same work.
        var settling: [String: Task<Void, Never>] = [:]
    }
    private let state = NIOLockedValueBox(State())

    /// An empty store.
    public init() {}

    /// How many batches were ever created (to pick each one's script).
    public var createdCount: Int { state.withLockedValue { $0.created } }

    /// Stores a new batch of `requests`, whose params are ranges of `body`; they finish evenly
    /// over the script's processing time (set here, in place: a large batch is not copied).
    public func create(
        id: String, body: [UInt8], requests: consuming [MessageBatch.Item], script: BatchScript, resultsBase: String, now: Timestamp
    ) -> MessageBatch {
        // Set in place: `requests` is owned here, so a 100,000-request array is not copied.
        let totalMicros = min(script.processingTime, Checked.longestDuration).saturatingMicroseconds
        let count = Int64(max(1, requests.count))
        for offset in requests.indices {
            // (offset + 1) / count of the total: bounded by the total, so this cannot overflow.
            let share = totalMicros.multipliedFullWidth(by: Int64(offset + 1))
            let micros = count.dividingFullWidth(share).quotient
            requests[offset].completesAt = Timestamp(microseconds: Checked.add(now.microseconds, micros))
        }
        let batch = MessageBatch(id: id, createdAt: now, script: script, items: requests, resultsBase: resultsBase, body: body)
        state.withLockedValue { state in
            state.index[id] = state.batches.count
            state.batches.append(batch)
            state.created += 1
        }
        return batch
    }

    /// Whether a batch with this id is held (without moving it on).
    public func contains(_ id: String) -> Bool { state.withLockedValue { $0.index[id] != nil } }

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

    /// Ends every batch (or just `id`) that the clock says has ended by `now`, producing its
    /// result lines outside the store's lock and on NIO's thread pool rather than Swift's
    /// cooperative threads, so other requests go on being answered while a large batch is
    /// processed. Callers that arrive meanwhile wait for the same work instead of repeating it.
    public func settle(now: Timestamp, only id: String? = nil, processor: @escaping Processor) async {
        let work: [Task<Void, Never>] = state.withLockedValue { state in
            let positions = id.map { state.index[$0].map { [$0] } ?? [] } ?? Array(state.batches.indices)
            var tasks: [Task<Void, Never>] = []
            for position in positions {
                let batch = state.batches[position]
                if let running = state.settling[batch.id] {
                    tasks.append(running)
                    continue
                }
                guard let ending = BatchStore.ending(of: batch, now: now) else { continue }
                let task = Task {
                    let finished =
                        (try? await NIOThreadPool.singleton.runIfActive {
                            BatchStore.finish(batch, ending, processor: processor)
                        }) ?? BatchStore.finish(batch, ending, processor: processor)
                    self.commit(finished)
                }
                state.settling[batch.id] = task
                tasks.append(task)
            }
            return tasks
        }
        for task in work { await task.value }
    }

    /// Stores a batch ended off the lock, unless it was ended (or deleted) meanwhile.
    private func commit(_ finished: MessageBatch) {
        state.withLockedValue { state in
            state.settling[finished.id] = nil
            guard let position = state.index[finished.id], state.batches[position].endedAt == nil else { return }
            state.batches[position].resultKinds = finished.resultKinds
            state.batches[position].endedAt = finished.endedAt
            state.batches[position].results = finished.results
            state.batches[position].body = []
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

    /// How a batch ends: when, which requests were done by then, and what the rest become.
    struct Ending: Sendable {
        var endedAt: Timestamp
        var cutoff: Timestamp
        var unfinished: MessageBatch.ResultKind
    }

    /// How the batch ends, if the clock says it has ended by `now`.
    static func ending(of batch: MessageBatch, now: Timestamp) -> Ending? {
        guard batch.endedAt == nil else { return nil }
        if let cancel = batch.cancelInitiatedAt {
            let end = cancel.adding(seconds: cancelLatency)
            return now >= end ? Ending(endedAt: end, cutoff: cancel, unfinished: .canceled) : nil
        }
        let lastDone = batch.items.last?.completesAt ?? batch.createdAt
        if lastDone <= batch.expiresAt {
            return now >= lastDone ? Ending(endedAt: lastDone, cutoff: lastDone, unfinished: .expired) : nil
        }
        return now >= batch.expiresAt ? Ending(endedAt: batch.expiresAt, cutoff: batch.expiresAt, unfinished: .expired) : nil
    }

    /// The batch ended as `ending` says, with every result line produced: requests are decided
    /// in order, a chunk at a time, and each chunk's lines made on every core.
    static func finish(_ batch: MessageBatch, _ ending: Ending, processor: Processor) -> MessageBatch {
        var batch = batch
        let results = BatchResults()
        var kinds: [MessageBatch.ResultKind] = []
        kinds.reserveCapacity(batch.items.count)
        let chunk = 1024  // bounds what is held between deciding and producing, and the lines in memory
        var start = batch.items.startIndex
        while start < batch.items.endIndex {
            let positions = start..<min(start + chunk, batch.items.endIndex)
            let work = positions.map { position -> @Sendable () -> MessageBatch.Result in
                let item = batch.items[position]
                guard item.completesAt <= ending.cutoff else {
                    let result = MessageBatch.Result(ending.unfinished, customID: item.customID)
                    return { result }
                }
                return processor(batch.id, item.customID, batch.params(of: item), batch.script)
            }
            let produced = Parallel.map(work) { $0() }
            results.append(produced.map(\.line))
            kinds += produced.map(\.kind)
            start = positions.upperBound
        }
        batch.resultKinds = kinds
        batch.endedAt = ending.endedAt
        batch.results = results
        batch.body = []
        return batch
    }

    /// Ends the batch if the clock says it has ended, producing every result line (in place; the
    /// server settles batches with ``settle(now:only:processor:)`` first, so this finds them ended).
    static func advance(_ batch: inout MessageBatch, now: Timestamp, processor: Processor) {
        guard let ending = ending(of: batch, now: now) else { return }
        batch = finish(batch, ending, processor: processor)
    }
}
