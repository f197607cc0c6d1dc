import Dispatch
import Foundation

/// Work spread over the machine's cores.
enum Parallel {
    /// `transform` applied to every element, on as many threads as there are cores, in order.
    /// Blocks the calling thread until all are done: call it from a thread that may block (NIO's
    /// thread pool), never from an event loop or Swift's cooperative pool.
    static func map<Element: Sendable, Result: Sendable>(_ elements: [Element], _ transform: @Sendable (Element) -> Result) -> [Result] {
        let workers = min(elements.count, System.cores)
        guard workers > 1 else { return elements.map(transform) }
        let results = Slots<Result>(count: elements.count)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            // Worker w takes elements w, w + workers, …: equal shares, no coordination.
            for index in stride(from: worker, to: elements.count, by: workers) { results.set(index, transform(elements[index])) }
        }
        return results.values
    }

    /// One slot per element, each written by exactly one worker.
    private final class Slots<Value: Sendable>: @unchecked Sendable {
        // Safe: every index is written once, by one thread, through the pointer (no shared
        // Swift value is mutated), and read only after `concurrentPerform` has returned, which
        // orders those writes before the reads.
        private let storage: UnsafeMutablePointer<Value?>
        private let count: Int

        init(count: Int) {
            self.count = count
            storage = .allocate(capacity: count)
            storage.initialize(repeating: nil, count: count)
        }

        deinit {
            storage.deinitialize(count: count)
            storage.deallocate()
        }

        func set(_ index: Int, _ value: Value) {
            precondition(index >= 0 && index < count)
            storage[index] = value
        }

        var values: [Value] { (0..<count).map { storage[$0]! } }
    }
}

/// The machine.
enum System {
    /// Cores available to this process (at least 1).
    static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
}
