import NIOConcurrencyHelpers
import NIOCore

/// Every API request a mock received, in arrival order, with how each was answered.
///
/// ```swift
/// #expect(server.journal.count(path: "/v1/messages") == 3)
/// #expect(server.journal.retryCounts == [0, 1, 2])
/// ```
///
/// The journal is bounded (by default 10,000 entries and 64 MiB of bodies, see
/// ``ServerLimits``): past either, the oldest entries are dropped and ``dropped`` counts them.
public final class Journal: Sendable {
    private struct Storage {
        /// A ring, so dropping the oldest entry costs nothing however many are kept.
        var entries = CircularBuffer<JournalEntry>(initialCapacity: 64)
        var bytes = 0
        var dropped = 0
        var nextID = 0
        var maximumEntries = 10_000
        var maximumBytes = 64 * 1024 * 1024
    }
    private let storage = NIOLockedValueBox(Storage())

    /// An empty journal with the default limits.
    public init() {}

    /// A copy of every entry kept.
    public var entries: [JournalEntry] { storage.withLockedValue { Array($0.entries) } }

    /// How many requests are kept.
    public var count: Int { storage.withLockedValue { $0.entries.count } }

    /// How many of the oldest entries were dropped to stay within the limits.
    public var dropped: Int { storage.withLockedValue { $0.dropped } }

    /// The last request.
    public var last: JournalEntry? { storage.withLockedValue { $0.entries.last } }

    /// Sets how many entries and body bytes are kept (the oldest go first).
    public func limit(entries: Int, bytes: Int) {
        var dropped = Dropped()
        storage.withLockedValue { storage in
            storage.maximumEntries = max(1, entries)
            storage.maximumBytes = max(0, bytes)
            Journal.trim(&storage, into: &dropped)
        }
    }

    /// How many requests went to an API path (`/v1/messages`).
    public func count(path: String) -> Int { entries.filter { $0.path == path }.count }

    /// The `x-stainless-retry-count` of each request, in order (nil where not sent).
    public var retryCounts: [Int?] { entries.map(\.retryCount) }

    /// Time between consecutive arrivals.
    public var intervals: [Duration] {
        let instants = entries.map(\.arrivalInstant)
        return zip(instants.dropFirst(), instants).map { $0 - $1 }
    }

    /// Whether every request carried the header (with this value, when given).
    public func allSent(header name: String, value: String? = nil) -> Bool {
        let all = entries
        return !all.isEmpty
            && all.allSatisfy { entry in
                guard let sent = entry.request.headers[name] else { return false }
                return value.map { $0 == sent } ?? true
            }
    }

    /// The entries the mock answered with its own error (unmatched, used up).
    public var mockErrors: [JournalEntry] { entries.filter(\.isMockError) }

    /// Adds an entry; returns its id (stable while the entry is kept).
    @discardableResult
    func append(_ entry: JournalEntry) -> Int {
        var dropped = Dropped()
        return append(entry, dropped: &dropped)
    }

    /// Entries the limits pushed out, for the caller to free when it suits it. Give each append
    /// a fresh one: an entry it already holds would be freed under the journal's lock.
    package struct Dropped {
        /// At the entry limit each append drops one entry: that one needs no array of its own.
        fileprivate var oldest: JournalEntry?
        fileprivate var more: [JournalEntry] = []

        package init() {}

        /// Keeps `entry` for the caller to free: the first in ``oldest``, any more in ``more``.
        fileprivate mutating func add(_ entry: JournalEntry) {
            if oldest == nil { oldest = entry } else { more.append(entry) }
        }
    }

    /// Adds an entry, moving the entries it pushes out into `dropped`: freed by the caller, after
    /// the lock is let go (freeing them under it held up the other loops' appends) and, for a
    /// connection, after its answer is written (an entry from thousands of requests ago is cold
    /// memory: freeing it before the write delayed every answer).
    package func append(_ entry: JournalEntry, dropped: inout Dropped) -> Int {
        var entry = entry
        return storage.withLockedValue { storage in
            let id = storage.nextID
            entry.id = id
            storage.nextID += 1
            storage.bytes = Checked.add(storage.bytes, entry.packed.body.count)
            storage.entries.append(entry)
            Journal.trim(&storage, into: &dropped)
            return id
        }
    }

    /// Records how the answer to entry `id` ended (nothing when it has been dropped).
    func update(_ id: Int, ending: JournalEntry.Ending) {
        storage.withLockedValue { storage in
            // Ids grow with position, so the entry is found by a search from the newest.
            if let index = storage.entries.lastIndex(where: { $0.id == id }) { storage.entries[index].ending = ending }
        }
    }

    /// Drops the oldest entries past the limits (always keeping the newest), moving them into
    /// `dropped` for the caller to free outside the lock.
    private static func trim(_ storage: inout Storage, into dropped: inout Dropped) {
        while storage.entries.count > storage.maximumEntries || (storage.bytes > storage.maximumBytes && storage.entries.count > 1) {
            let oldest = storage.entries.removeFirst()
            storage.bytes -= oldest.packed.body.count
            storage.dropped = Checked.add(storage.dropped, 1)
            dropped.add(oldest)
        }
    }

    /// Forgets every entry.
    public func reset() {
        storage.withLockedValue { storage in
            storage.entries.removeAll(keepingCapacity: false)
            storage.bytes = 0
            storage.dropped = 0
        }
    }
}
