/// How the mock processes one message batch: how long it takes and what each request ends as.
///
/// ```swift
/// BatchScript(processingTime: .seconds(600), outcomes: [
///     .init(customIDs: ["bad-1"], result: .errored(ErrorAnswer(type: "invalid_request_error", message: "max_tokens: Field required"))),
///     .init(fraction: 0.1, result: .expired),
/// ])
/// ```
/// Requests finish one after another, evenly over `processingTime`; a processing time beyond
/// 24 hours means the batch expires with the rest unprocessed. Requests no outcome names are
/// answered by the scenario's rules, like `/v1/messages` without streaming.
public struct BatchScript: Sendable, Equatable {
    /// Time from creation until the last request is done.
    public var processingTime: Duration
    /// Outcomes tried in order; the first that selects a request decides it.
    public var outcomes: [Outcome]

    /// A script: requests finish evenly over `processingTime`; `outcomes` decide chosen ones.
    public init(processingTime: Duration = .seconds(2), outcomes: [Outcome] = []) {
        self.processingTime = processingTime
        self.outcomes = outcomes
    }

    /// What some requests end as.
    public struct Outcome: Sendable, Equatable {
        /// These custom_ids…
        public var customIDs: [String]
        /// …or this fraction of all requests, chosen from the seed (0…1).
        public var fraction: Double?
        /// The result they get.
        public var result: Result

        /// An outcome for the requests named in `customIDs`, and for a seeded `fraction` (0…1) of the rest.
        public init(customIDs: [String] = [], fraction: Double? = nil, result: Result) {
            self.customIDs = customIDs
            self.fraction = fraction
            self.result = result
        }
    }

    /// A scripted result.
    public enum Result: Sendable, Equatable {
        /// Answered by the scenario's rules.
        case succeeded
        /// An `errored` result carrying this error's envelope.
        case errored(ErrorAnswer)
        /// An `expired` result.
        case expired
    }
}
