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
    /// `bodyLimit` (and offered to `answerAtOnce` first, when given), and starts reading. Returns
    /// the reader's count of what it passed to the task, for the task to say when it is done with
    /// each (`nil` without `answerAtOnce`). Throws when the channel has closed.
    func wrap(
        bodyLimit: @escaping @Sendable (_ method: String, _ target: String) -> Int,
        answerAtOnce: (@Sendable (_ request: ReceivedRequest, _ keepAlive: Bool, _ channel: Channel) -> InboundRequest?)? = nil
    ) async throws -> (connection: NIOAsyncChannel<InboundRequest, ByteBuffer>, handOver: HandOver?) {
        let channel = self.channel
        return try await channel.eventLoop.submit {
            let handOver = answerAtOnce.map { _ in HandOver(eventLoop: channel.eventLoop) }
            let reader = RequestReader(bodyLimit: bodyLimit, answerAtOnce: answerAtOnce.flatMap { answer in handOver.map { (answer, $0) } })
            try channel.pipeline.syncOperations.addHandler(reader)
            let connection = try NIOAsyncChannel<InboundRequest, ByteBuffer>(wrappingChannelSynchronously: channel)
            try channel.syncOptions?.setOption(ChannelOptions.autoRead, value: true)
            return (connection, handOver)
        }.get()
    }
}
