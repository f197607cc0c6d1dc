import NIOCore

/// How many of a connection's requests its request reader has passed to the connection's task
/// and the task has not finished with: while any are, the reader answers nothing itself, so
/// answers leave in the order their requests came (and none after a stall).
///
/// Counted on the channel's event loop: the reader is there, and the task, which runs there
/// when the reader answers at all, says it is done from wherever it is.
struct HandOver: Sendable {
    private let count: NIOLoopBoundBox<Int>
    private let eventLoop: any EventLoop

    /// A count for the connection served on `eventLoop`; make it there.
    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
        count = NIOLoopBoundBox(0, eventLoop: eventLoop)
    }

    /// Whether the task has finished with everything passed to it (on the loop).
    var isIdle: Bool { count.value == 0 }

    /// The reader passed one more to the task (on the loop).
    func passed() { count.value += 1 }

    /// The task has finished with one it was passed (from any thread).
    func handled() {
        if eventLoop.inEventLoop {
            count.value -= 1
        } else {
            eventLoop.execute { [count] in count.value -= 1 }
        }
    }
}
