import NIOConcurrencyHelpers
import NIOCore

/// The open connections of a server, so shutdown can end them all (stalled ones included).
final class ConnectionRegistry: Sendable {
    private struct State {
        var open: [ObjectIdentifier: Channel] = [:]
        var closing = false
    }
    private let state = NIOLockedValueBox(State())

    /// Whether a new connection may be served.
    enum Admission { case accepted, full, closing }

    /// Registers a connection: `.closing` once shutdown has begun (the caller closes it at once),
    /// `.full` when `maximum` are open already (the caller refuses it).
    func register(_ channel: Channel, maximum: Int) -> Admission {
        state.withLockedValue { state in
            guard !state.closing else { return .closing }
            guard state.open.count < maximum else { return .full }
            state.open[ObjectIdentifier(channel)] = channel
            return .accepted
        }
    }

    func remove(_ channel: Channel) {
        state.withLockedValue { _ = $0.open.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// Refuses new connections and closes every open one.
    func closeAll() {
        let channels = state.withLockedValue { state in
            state.closing = true
            return Array(state.open.values)
        }
        for channel in channels { channel.close(promise: nil) }
    }
}
