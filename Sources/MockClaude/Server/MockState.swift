import NIOConcurrencyHelpers

/// What a running mock holds between requests: its scenario, journal and queued faults.
///
/// Shared by the API, the admin API and the test helpers; every member is safe to use from any
/// task.
public final class MockState: Sendable {
    private let engineBox: NIOLockedValueBox<ScenarioEngine>
    private let queuedFaults = NIOLockedValueBox<[Fault]>([])
    /// Every API request received.
    public let journal = Journal()
    /// The message batches.
    public let batches = BatchStore()
    /// The prompt cache synthesized answers report usage from.
    public let promptCache = PromptCache()
    /// The rate limits enforced on `/v1/messages`: the server's, else the scenario's.
    public let rateLimiter: RateLimiter
    private let rateLimitOverride: RateLimits?

    /// State around `engine`, with an empty journal and no batches; `rateLimits`, when set,
    /// is enforced instead of any scenario's `limits`.
    public init(engine: ScenarioEngine, rateLimits: RateLimits? = nil) {
        engineBox = NIOLockedValueBox(engine)
        rateLimitOverride = rateLimits
        rateLimiter = RateLimiter(rateLimits ?? engine.scenario.limits)
    }

    /// The scenario engine answering `/v1/messages`.
    public var engine: ScenarioEngine { engineBox.withLockedValue { $0 } }

    /// Replaces the scenario (the journal is kept).
    public func load(_ engine: ScenarioEngine) {
        engineBox.withLockedValue { $0 = engine }
        rateLimiter.configure(rateLimitOverride ?? engine.scenario.limits)
    }

    /// Queues faults for the next `/v1/messages` answer only.
    public func queue(_ faults: [Fault]) { queuedFaults.withLockedValue { $0 += faults } }

    /// Takes the queued faults (leaving none).
    func takeQueuedFaults() -> [Fault] {
        queuedFaults.withLockedValue { faults in
            defer { faults = [] }
            return faults
        }
    }

    /// Starts the scenario over, forgets the journal, batches, prompt cache and any queued
    /// faults, and refills the rate-limit buckets.
    public func reset() {
        engine.reset()
        journal.reset()
        batches.reset()
        promptCache.reset()
        rateLimiter.reset()
        queuedFaults.withLockedValue { $0 = [] }
    }
}
