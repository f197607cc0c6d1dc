import NIOConcurrencyHelpers

/// Every API request a mock received, in arrival order, with how each was answered.
///
/// ```swift
/// #expect(server.journal.count(path: "/v1/messages") == 3)
/// #expect(server.journal.retryCounts == [0, 1, 2])
/// ```
public final class Journal: Sendable {
    private let storage = NIOLockedValueBox<[JournalEntry]>([])

    public init() {}

    /// A copy of every entry.
    public var entries: [JournalEntry] { storage.withLockedValue { $0 } }

    /// How many requests arrived.
    public var count: Int { storage.withLockedValue { $0.count } }

    /// The last request.
    public var last: JournalEntry? { storage.withLockedValue { $0.last } }

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
        return !all.isEmpty && all.allSatisfy { entry in
            guard let sent = entry.request.headers[name] else { return false }
            return value.map { $0 == sent } ?? true
        }
    }

    /// The entries the mock answered with its own error (unmatched, used up).
    public var mockErrors: [JournalEntry] { entries.filter(\.isMockError) }

    /// Adds an entry; returns its index.
    @discardableResult
    func append(_ entry: JournalEntry) -> Int {
        storage.withLockedValue {
            $0.append(entry)
            return $0.count - 1
        }
    }

    func update(_ index: Int, ending: String) {
        storage.withLockedValue { if $0.indices.contains(index) { $0[index].ending = ending } }
    }

    /// Forgets every entry.
    public func reset() { storage.withLockedValue { $0.removeAll() } }
}
