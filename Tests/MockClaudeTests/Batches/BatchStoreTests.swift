import MockClaude
import Testing

/// The batch state machine on a virtual clock: no sleeping, state changes exactly when the clock says.
@Suite struct BatchStoreTests {
    static let start = Timestamp(microseconds: 1_790_000_000_000_000)
    static let succeed: BatchStore.Processor = { _, id, _, _ in { MessageBatch.Result(.succeeded, customID: id) } }

    static func make(_ count: Int, processing: Duration) -> (BatchStore, String) {
        let store = BatchStore()
        let requests = (0..<count).map { MessageBatch.Item(customID: "r\($0)", params: 0..<2) }
        let batch = store.create(
            id: "msgbatch_test", body: Array("{}".utf8), requests: requests, script: BatchScript(processingTime: processing),
            resultsBase: "http://mock", now: start)
        return (store, batch.id)
    }

    static func counts(_ batch: MessageBatch?) -> [String: Int] {
        var counts: [String: Int] = [:]
        for (key, value) in batch?.json(now: start).objectValue?["request_counts"]?.objectValue?.members ?? [] { counts[key] = value.intValue }
        return counts
    }

    @Test func staysInProgressWithEverythingProcessingUntilTheLastRequestIsDone() {
        let (store, id) = Self.make(4, processing: .seconds(600))
        let before = store.batch(id, now: Self.start.adding(seconds: 599), processor: Self.succeed)
        #expect(before?.processingStatus == .inProgress)
        #expect(Self.counts(before)["processing"] == 4)
        #expect(before?.json(now: Self.start)["results_url"] == .null)
        let after = store.batch(id, now: Self.start.adding(seconds: 600), processor: Self.succeed)
        #expect(after?.processingStatus == .ended)
        #expect(Self.counts(after) == ["processing": 0, "succeeded": 4, "errored": 0, "canceled": 0, "expired": 0])
        #expect(after?.endedAt == Self.start.adding(seconds: 600))
        #expect(after?.json(now: Self.start)["results_url"] == .string("http://mock/v1/messages/batches/msgbatch_test/results"))
    }

    @Test func cancelMidWayCancelsTheUnstartedAndKeepsTheDone() {
        let (store, id) = Self.make(4, processing: .seconds(400))
        let canceling = store.cancel(id, now: Self.start.adding(seconds: 250), processor: Self.succeed)
        #expect(canceling?.processingStatus == .canceling)
        #expect(canceling?.cancelInitiatedAt == Self.start.adding(seconds: 250))
        let ended = store.batch(id, now: Self.start.adding(seconds: 251), processor: Self.succeed)
        #expect(ended?.processingStatus == .ended)
        #expect(ended?.resultKinds == [.succeeded, .succeeded, .canceled, .canceled])
        #expect(String(decoding: ended?.results?.line(3) ?? [], as: UTF8.self) == #"{"custom_id":"r3","result":{"type":"canceled"}}"# + "\n")
    }

    @Test func aBatchNotDoneWithin24HoursExpiresTheRest() {
        let (store, id) = Self.make(4, processing: .seconds(48 * 3600))
        #expect(store.batch(id, now: Self.start.adding(seconds: 24 * 3600 - 1), processor: Self.succeed)?.processingStatus == .inProgress)
        let ended = store.batch(id, now: Self.start.adding(seconds: 24 * 3600), processor: Self.succeed)
        #expect(ended?.resultKinds == [.succeeded, .succeeded, .expired, .expired])
        #expect(ended?.endedAt == ended?.expiresAt)
    }

    @Test func archivedAfter29Days() {
        let (store, id) = Self.make(1, processing: .seconds(1))
        let batch = store.batch(id, now: Self.start.adding(seconds: 2), processor: Self.succeed)
        #expect(batch?.json(now: Self.start.adding(seconds: 29 * 86400 - 1))["archived_at"] == .null)
        #expect(batch?.json(now: Self.start.adding(seconds: 29 * 86400))["archived_at"]?.stringValue == Self.start.adding(seconds: 29 * 86400).rfc3339Micro)
    }

    @Test func timestampsAreRFC3339WithMicroseconds() {
        let (store, id) = Self.make(1, processing: .seconds(1))
        let json = store.batch(id, now: Self.start, processor: Self.succeed)?.json(now: Self.start)
        let created = json?["created_at"]?.stringValue ?? ""
        #expect(created.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z/) != nil)
        #expect(json?["expires_at"]?.stringValue == Self.start.adding(seconds: 86400).rfc3339Micro)
    }

    @Test func listIsNewestFirst() {
        let store = BatchStore()
        for index in 0..<3 {
            _ = store.create(
                id: "b\(index)", body: [], requests: [MessageBatch.Item(customID: "x", params: 0..<0)], script: BatchScript(),
                resultsBase: "", now: Self.start.adding(seconds: Int64(index)))
        }
        #expect(store.all(now: Self.start, processor: Self.succeed).map(\.id) == ["b2", "b1", "b0"])
        store.delete("b1")
        #expect(store.all(now: Self.start, processor: Self.succeed).map(\.id) == ["b2", "b0"])
        #expect(store.batch("b0", now: Self.start, processor: Self.succeed) != nil)
    }

    @Test func seededFractionsAreStableAndRoughlyTheirSize() {
        let outcome = BatchScript.Outcome(fraction: 0.25, result: .expired)
        let ids = (0..<2000).map { "req-\($0)" }
        let picked = ids.filter { outcome.selects($0, seed: 3) }
        #expect(picked == ids.filter { outcome.selects($0, seed: 3) })
        #expect((400...600).contains(picked.count))
        // Similar short ids spread too (an unmixed FNV hash picked none of these).
        let short = (0..<40).filter { outcome.selects("req-\($0)", seed: 3) }.count
        #expect((4...18).contains(short))
        #expect(picked != ids.filter { outcome.selects($0, seed: 4) })
    }
}
