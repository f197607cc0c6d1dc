import NIOCore

/// Runs a connection's task on its channel's event loop, so that waking for a read, writing and
/// waiting out a delay need no hop between threads.
///
/// Given as the connection task's executor preference: code the task runs that is not isolated
/// to an actor runs here, and a continuation resumed by the channel (a read, a finished write)
/// comes back to the same loop. NIO's own job enqueueing runs jobs as if on the loop's serial
/// executor, which nonisolated async code must then leave for the generic one — a second trip
/// through the loop for every wake-up; a task executor is where such code may run, so it stays.
///
/// Task executors are new in macOS 15 (and iOS 18): on older Apple systems connections are served
/// on Swift's default executor (see ``MockClaudeServer/Configuration/servesOnEventLoops``).
@available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
final class EventLoopExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
