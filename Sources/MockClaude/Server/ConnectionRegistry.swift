import NIOConcurrencyHelpers
import NIOCore

/// The open connections of a server, so shutdown can end them all (stalled ones included).
final class ConnectionRegistry: Sendable {
    private struct State {
        var open: [ObjectIdentifier: Channel] = [:]
        var closing = false
    }
    private let state = NIOLockedValueBox(State())

    /// Registers a connection; `false` once shutdown has begun (the caller closes it at once).
    func register(_ channel: Channel) -> Bool {
        state.withLockedValue { state in
            guard !state.closing else { return false }
            state.open[ObjectIdentifier(channel)] = channel
            return true
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
