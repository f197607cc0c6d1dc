import Foundation

/// How many tests with a mock from the `.mockClaude(…)` trait run at once in this process.
///
/// Swift Testing runs a suite's tests in parallel, as many as it likes. On Linux, Foundation's
/// `URLSession` stalls when many requests are in flight at once (a long-standing
/// swift-corelibs-foundation bug): 1,000 parallel mocked tests with URLSession clients saw 591
/// time out after 60 s, while the same tests capped at 16, 64 or 256 at a time all pass. So the
/// trait lets at most ``defaultLimit`` mocked tests run at once; the others wait for a place
/// before their mock starts. Tests without the trait are not held back.
///
/// Change it for a whole run with the environment variable `MOCKCLAUDE_MAX_PARALLEL_TESTS`
/// (`0` lifts the cap), or for one test or suite with ``MockClaudeTrait/maximumParallelTests(_:)``:
///
/// ```swift
/// @Test(.mockClaude(cassette: "haiku").maximumParallelTests(8))
/// ```
public enum MockedTestLimit {
    /// The cap when neither the trait nor the environment names one.
    public static let defaultLimit = 64

    /// The environment variable that sets the cap for a whole run (`0`: no cap).
    public static let environmentVariable = "MOCKCLAUDE_MAX_PARALLEL_TESTS"

    /// The cap for this run: the environment's, else ``defaultLimit``. An unreadable value is
    /// ignored (the default keeps the suite safe) rather than failing every test.
    public static var current: Int {
        limit(from: ProcessInfo.processInfo.environment[environmentVariable]) ?? defaultLimit
    }

    /// The cap a variable's value names: a whole number ≥ 0, `0` meaning none.
    static func limit(from text: String?) -> Int? {
        guard let text, let value = Int(text.trimmingCharacters(in: .whitespaces)), value >= 0 else { return nil }
        return value == 0 ? Int.max : value
    }
}

/// The places mocked tests take while they run, shared by the whole process.
actor MockedTestSlots {
    static let shared = MockedTestSlots()

    /// Set inside a test that holds a place, so a second mock trait on the same test (a suite's
    /// and a test's) does not wait for a place of its own, which could deadlock at the cap.
    @TaskLocal static var holding = false

    private struct Waiter {
        let id: UInt64
        let limit: Int
        let continuation: CheckedContinuation<Void, any Error>
    }

    private var running = 0
    private var waiters: [Waiter] = []
    private var nextID: UInt64 = 0

    /// How many tests hold a place now.
    var count: Int { running }

    /// How many tests wait for one.
    var waiting: Int { waiters.count }

    /// Waits until fewer than `limit` mocked tests run, then takes a place. Throws
    /// `CancellationError` if the test is cancelled while it waits.
    func acquire(limit: Int) async throws {
        if waiters.isEmpty, running < limit {
            running += 1
            return
        }
        let id = nextID
        nextID += 1
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                waiters.append(Waiter(id: id, limit: max(1, limit), continuation: continuation))
                admit()
            }
        } onCancel: {
            Task { await self.cancel(id) }
        }
    }

    /// Gives a place back and lets waiting tests in.
    func release() {
        running -= 1
        admit()
    }

    /// Admits waiters in arrival order while each one's limit allows.
    private func admit() {
        var index = 0
        while index < waiters.count {
            if running < waiters[index].limit {
                running += 1
                waiters.remove(at: index).continuation.resume()
            } else {
                index += 1
            }
        }
    }

    private func cancel(_ id: UInt64) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: CancellationError())
    }

    /// Runs `body` holding a place (or the one the test already holds).
    static func withPlace<T: Sendable>(limit: Int, _ body: () async throws -> T) async throws -> T {
        if holding { return try await body() }
        try await shared.acquire(limit: limit)
        do {
            let result = try await $holding.withValue(true) { try await body() }
            await shared.release()
            return result
        } catch {
            await shared.release()
            throw error
        }
    }
}
