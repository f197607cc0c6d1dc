import NIOCore
import NIOHTTP1

/// A connection as the accept loop receives it: a plain channel with reads paused, its timer, and
/// whether it may be served.
///
/// The channel is wrapped in a `NIOAsyncChannel` only by the task that serves it. NIO's async
/// server bind can drop an accepted element when the accept loop ends during shutdown; a dropped
/// `NIOAsyncChannel` that was never run traps ("Deinited NIOAsyncWriter without calling
/// finish()"), a dropped plain channel does not, and ``ConnectionRegistry`` closes it.
struct AcceptedConnection: Sendable {
    let channel: Channel
    let timer: ConnectionTimer.Handle
    let admission: ConnectionRegistry.Admission

    /// Sets up a freshly accepted child channel. Runs on its event loop, before it is active.
    static func setUp(_ channel: Channel, limits: ServerLimits, registry: ConnectionRegistry) throws -> AcceptedConnection {
        let pipeline = channel.pipeline.syncOperations
        // Nothing is read until the serving task has wrapped the channel (see `wrap()`).
        try channel.syncOptions?.setOption(ChannelOptions.autoRead, value: false)
        let timer = ConnectionTimer(limits: limits)
        try pipeline.addHandler(timer)
        try pipeline.addHandler(ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes)))
        let admission = registry.register(channel, maximum: limits.maximumConnections)
        return AcceptedConnection(
            channel: channel, timer: ConnectionTimer.Handle(timer: NIOLoopBound(timer, eventLoop: channel.eventLoop)),
            admission: admission)
    }

    /// Wraps the channel for async use, its requests gathered whole by a ``RequestReader`` with
    /// `bodyLimit`, and starts reading. Throws when the channel has closed.
    func wrap(
        bodyLimit: @escaping @Sendable (_ method: String, _ target: String) -> Int
    ) async throws -> NIOAsyncChannel<InboundRequest, ByteBuffer> {
        let channel = self.channel
        return try await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.addHandler(RequestReader(bodyLimit: bodyLimit))
            let connection = try NIOAsyncChannel<InboundRequest, ByteBuffer>(wrappingChannelSynchronously: channel)
            try channel.syncOptions?.setOption(ChannelOptions.autoRead, value: true)
            return connection
        }.get()
    }
}
