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

    /// State around `engine`, with an empty journal and no batches.
    public init(engine: ScenarioEngine) {
        engineBox = NIOLockedValueBox(engine)
    }

    /// The scenario engine answering `/v1/messages`.
    public var engine: ScenarioEngine { engineBox.withLockedValue { $0 } }

    /// Replaces the scenario (the journal is kept).
    public func load(_ engine: ScenarioEngine) { engineBox.withLockedValue { $0 = engine } }

    /// Queues faults for the next `/v1/messages` answer only.
    public func queue(_ faults: [Fault]) { queuedFaults.withLockedValue { $0 += faults } }

    /// Takes the queued faults (leaving none).
    func takeQueuedFaults() -> [Fault] {
        queuedFaults.withLockedValue { faults in
            defer { faults = [] }
            return faults
        }
    }

    /// Starts the scenario over, forgets the journal, batches and any queued faults.
    public func reset() {
        engine.reset()
        journal.reset()
        batches.reset()
        queuedFaults.withLockedValue { $0 = [] }
    }
}
