import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// A running mock on a real socket.
///
/// ```swift
/// let server = try await MockClaudeServer.start(.init(scenario: try ScenarioEngine(.cassettes(["Cassettes/haiku.sse"]))))
/// defer { Task { await server.shutdown() } }
/// // point any client at server.baseURL
/// ```
///
/// Each server has its own state, so many can run at once (one per parallel test).
public final class MockClaudeServer: Sendable {
    /// What to serve and where.
    public struct Configuration: Sendable {
        /// Address to bind; loopback by default.
        public var host: String
        /// Port to bind; 0 picks a free one (see ``MockClaudeServer/port``).
        public var port: Int
        /// What answers `/v1/messages`; the bundled haiku, again and again, when `nil`.
        public var scenario: ScenarioEngine?
        /// How recorded delays are replayed; overrides the scenario's timing when set.
        public var timing: Timing?
        /// Seed for generated ids.
        public var seed: UInt64
        /// Largest request body accepted; larger ones get the API's 413.
        public var maximumBodySize: Int
        /// Largest batch-creation body accepted (the API allows 256 MB).
        public var maximumBatchBodySize: Int
        /// Where the mock reads the time: the system clock, or a ``VirtualClock`` a test moves.
        public var clock: any MockClock
        /// The URL clients reach the mock at, for batches' `results_url` (else each request's Host).
        public var publicBaseURL: String?
        /// How requests are validated: the model catalogue, strict fields, image limits.
        public var validation: ValidationOptions
        /// Where the server logs.
        public var logger: Logger
        /// Folders that cassettes named by a scenario posted to the admin API may come from
        /// (default: the working directory).
        public var cassetteRoots: CassetteRoots = .workingDirectory
        /// Limits that keep hostile or broken clients from wedging the server.
        public var limits: ServerLimits = ServerLimits()
        /// API rate limits to enforce on `/v1/messages`, over any scenario's `limits:`.
        public var rateLimits: RateLimits?
        /// Whether each connection is served by a task that runs on its channel's event loop, so
        /// reads and writes need no hop between threads (`mockclaude serve` does this), and an
        /// answer due whole at once (a replay at instant timing, a JSON reply, an error) is written
        /// by the request reader on the loop without waking the task at all. Requests
        /// with large bodies (past 256 KiB) are still answered off the loop, and batches end on
        /// NIO's thread pool. Off by default: a custom responder's heavy work would hold up the
        /// reads, writes and timers of every connection on that loop, and many mocks in one test
        /// process share the same loops. Needs task executors (macOS 15, iOS 18 and later; always
        /// on Linux): on older Apple systems connections are served on Swift's default executor.
        public var servesOnEventLoops = false

        /// A configuration; everything has a safe default (loopback, a free port, the bundled haiku).
        public init(
            host: String = "127.0.0.1", port: Int = 0, scenario: ScenarioEngine? = nil, timing: Timing? = nil,
            seed: UInt64 = 0, maximumBodySize: Int = 32 * 1024 * 1024, maximumBatchBodySize: Int = 256 * 1024 * 1024,
            clock: any MockClock = SystemClock(),
            publicBaseURL: String? = nil, validation: ValidationOptions = ValidationOptions(), logger: Logger = .mockClaude()
        ) {
            self.validation = validation
            self.clock = clock
            self.publicBaseURL = publicBaseURL
            self.maximumBatchBodySize = maximumBatchBodySize
            self.host = host
            self.port = port
            self.scenario = scenario
            self.timing = timing
            self.seed = seed
            self.maximumBodySize = maximumBodySize
            self.logger = logger
        }

        /// A configuration answering with `cassettes` in order, the last repeating.
        public init(
            host: String = "127.0.0.1", port: Int = 0, cassettes: [Cassette], timing: Timing? = nil, seed: UInt64 = 0,
            clock: any MockClock = SystemClock()
        ) {
            self.init(host: host, port: port, scenario: ScenarioEngine(cassettes: cassettes), timing: timing, seed: seed, clock: clock)
        }
    }

    /// The bound host.
    public let host: String
    /// The bound port (the one chosen when 0 was asked for).
    public let port: Int
    /// Every API request received, with how it was answered.
    public let journal: Journal
    /// The scenario, journal and queued faults, when the server runs the mock API.
    public let state: MockState?
    /// The clock the server reads (batches move on with it).
    public let clock: any MockClock

    /// The clock, when it is virtual: move it to make batches progress.
    public var virtualClock: VirtualClock? { clock as? VirtualClock }
    private let channel: Channel
    private let task: Task<Void, Never>
    private let registry: ConnectionRegistry

    /// The base URL to give clients, e.g. `http://127.0.0.1:49152`.
    public var baseURL: URL {
        let printableHost = host.contains(":") ? "[\(host)]" : host
        return URL(string: "http://\(printableHost):\(port)")!
    }

    private init(
        host: String, port: Int, journal: Journal, state: MockState?, clock: any MockClock, channel: Channel,
        task: Task<Void, Never>, registry: ConnectionRegistry
    ) {
        self.clock = clock
        self.registry = registry
        self.host = host
        self.port = port
        self.journal = journal
        self.state = state
        self.channel = channel
        self.task = task
    }

    /// Binds and starts serving the mock API described by `configuration`.
    public static func start(_ configuration: Configuration = Configuration()) async throws -> MockClaudeServer {
        let api = MockClaudeAPI(
            engine: configuration.scenario ?? .bundledDefault(), timing: configuration.timing,
            seed: configuration.seed, clock: configuration.clock, publicBaseURL: configuration.publicBaseURL,
            validation: configuration.validation, logger: configuration.logger,
            cassetteRoots: configuration.cassetteRoots, host: configuration.host,
            maximumBatchBodySize: configuration.maximumBatchBodySize, rateLimits: configuration.rateLimits)
        return try await start(configuration, responder: api, state: api.state)
    }

    /// Binds and answers every request with `responder` (for plans the API would not produce).
    public static func start(_ configuration: Configuration, responder: any Responder) async throws -> MockClaudeServer {
        try await start(configuration, responder: responder, state: nil)
    }

    private static func start(_ configuration: Configuration, responder: any Responder, state: MockState?) async throws -> MockClaudeServer {
        let journal = state?.journal ?? Journal()
        journal.limit(entries: configuration.limits.journalEntries, bytes: configuration.limits.journalBytes)
        let limits = configuration.limits
        let registry = ConnectionRegistry()
        let serverChannel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: configuration.host, port: configuration.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try AcceptedConnection.setUp(channel, limits: limits, registry: registry)
                }
            }
        let port = serverChannel.channel.localAddress?.port ?? configuration.port
        var servesOnEventLoops = false
        if #available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *) { servesOnEventLoops = configuration.servesOnEventLoops }
        // Answers are written from the loop only where the connection's task runs there too.
        let connectionHandler = ConnectionHandler(
            responder: responder, journal: journal, maximumBodySize: configuration.maximumBodySize, logger: configuration.logger,
            limits: limits, answersAtOnce: servesOnEventLoops)
        let task = Task<Void, Never> {
            _ = try? await serverChannel.executeThenClose { inbound in
                try await withThrowingDiscardingTaskGroup { group in
                    for try await accepted in inbound {
                        if #available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *), servesOnEventLoops {
                            let loop = EventLoopExecutor(accepted.channel.eventLoop)
                            group.addTask(executorPreference: loop) { await connectionHandler.serve(accepted) }
                        } else {
                            group.addTask { await connectionHandler.serve(accepted) }
                        }
                    }
                }
            }
        }
        return MockClaudeServer(
            host: configuration.host, port: port, journal: journal, state: state, clock: configuration.clock,
            channel: serverChannel.channel,
            task: task, registry: registry)
    }

    /// Stops accepting, ends every open connection (stalled ones too) and waits until all are gone.
    ///
    /// Connections are closed rather than their tasks cancelled: every accepted connection is
    /// still handed to a handler, which NIO requires of each channel it wraps.
    public func shutdown() async {
        try? await channel.close()
        registry.closeAll()
        await task.value
    }
}
