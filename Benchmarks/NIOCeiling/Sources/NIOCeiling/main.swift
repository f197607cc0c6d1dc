import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

// NIOCeiling MODE BODY-FILE PORT-FILE
//
// Answers every request with the bytes of BODY-FILE, chunked, as `mockclaude serve` answers the
// replay benchmark, doing nothing else: what NIO alone costs. MODE `handler`: a channel handler
// writes on the event loop. MODE `async`: NIOAsyncChannel, a task per connection on its
// channel's event loop, each request gathered whole on the loop first (as `mockclaude serve`
// runs). Writes the bound port to PORT-FILE.

let arguments = CommandLine.arguments
guard arguments.count == 4, ["handler", "async"].contains(arguments[1]) else {
    FileHandle.standardError.write(Data("usage: NIOCeiling handler|async BODY-FILE PORT-FILE\n".utf8))
    exit(2)
}
let body = try Data(contentsOf: URL(fileURLWithPath: arguments[2]))
var framed = ByteBuffer()
framed.writeString(
    "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream; charset=utf-8\r\ntransfer-encoding: chunked\r\nconnection: keep-alive\r\n\r\n")
framed.writeString(String(body.count, radix: 16) + "\r\n")
framed.writeBytes(body)
framed.writeString("\r\n0\r\n\r\n")
let response = framed

final class Answerer: ChannelInboundHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = ByteBuffer
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .end = unwrapInboundIn(data) { context.writeAndFlush(wrapOutboundOut(response), promise: nil) }
    }
}

/// Passes on one element per request (its head, once the request has ended), as serve's reader does.
final class Gatherer: ChannelInboundHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = Bool
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .end = unwrapInboundIn(data) { context.fireChannelRead(wrapInboundOut(true)) }
    }
}

final class EventLoopExecutor: TaskExecutor {
    let eventLoop: any EventLoop
    init(_ eventLoop: any EventLoop) { self.eventLoop = eventLoop }
    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

func announce(_ port: Int?) throws {
    try Data(String(port ?? 0).utf8).write(to: URL(fileURLWithPath: arguments[3]))
}

let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
    .serverChannelOption(.backlog, value: 256)
    .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
if arguments[1] == "handler" {
    let channel = try await bootstrap.childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(HTTPRequestDecoder()))
            try channel.pipeline.syncOperations.addHandler(Answerer())
        }
    }.bind(host: "127.0.0.1", port: 0).get()
    try announce(channel.localAddress?.port)
    try await channel.closeFuture.get()
} else {
    let server = try await bootstrap.bind(host: "127.0.0.1", port: 0) { channel in
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(HTTPRequestDecoder()))
            try channel.pipeline.syncOperations.addHandler(Gatherer())
            return try NIOAsyncChannel<Bool, ByteBuffer>(wrappingChannelSynchronously: channel)
        }
    }
    try announce(server.channel.localAddress?.port)
    try await server.executeThenClose { inbound in
        try await withThrowingDiscardingTaskGroup { group in
            for try await connection in inbound {
                group.addTask(executorPreference: EventLoopExecutor(connection.channel.eventLoop)) {
                    try? await connection.executeThenClose { requests, _ in
                        for try await _ in requests { try await connection.channel.writeAndFlush(response) }
                    }
                }
            }
        }
    }
}
