import NIOConcurrencyHelpers
import NIOCore

/// Every connection a server has accepted, so shutdown can end them all (stalled ones, and ones
/// accepted in the instant the accept loop stopped, included).
///
/// A connection is registered by the child-channel initializer, before it can be lost between
/// NIO and the accept loop, and leaves the registry when its channel closes (one close watcher
/// per connection).
final class ConnectionRegistry: Sendable {
    private struct State {
        var open: [ObjectIdentifier: Channel] = [:]
        var admitted = 0
        var closing = false
    }
    private let state = NIOLockedValueBox(State())

    /// Whether a new connection may be served.
    enum Admission: Sendable { case accepted, full, closing }

    /// Registers a connection: `.closing` once shutdown has begun (the connection is closed at
    /// once), `.full` when `maximum` are being served already (the caller refuses it with a 503).
    /// Call on the channel's event loop, before the channel becomes active.
    func register(_ channel: Channel, maximum: Int) -> Admission {
        let key = ObjectIdentifier(channel)
        let admission: Admission = state.withLockedValue { state in
            guard !state.closing else { return .closing }
            let admitted = state.admitted < maximum
            if admitted { state.admitted += 1 }
            state.open[key] = channel
            return admitted ? .accepted : .full
        }
        switch admission {
        case .closing:
            channel.eventLoop.execute { channel.close(promise: nil) }
        case .accepted, .full:
            let counted = admission == .accepted
            channel.closeFuture.whenComplete { _ in
                self.state.withLockedValue { state in
                    state.open.removeValue(forKey: key)
                    if counted { state.admitted -= 1 }
                }
            }
        }
        return admission
    }

    /// How many connections are open (for tests and diagnostics).
    var count: Int { state.withLockedValue { $0.open.count } }

    /// Refuses new connections and closes every open one.
    func closeAll() {
        let channels = state.withLockedValue { state in
            state.closing = true
            return Array(state.open.values)
        }
        for channel in channels { channel.close(promise: nil) }
    }
}
