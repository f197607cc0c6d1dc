import Foundation

/// Rate limits to enforce, as the API does: per model, requests, input tokens and output tokens
/// per minute, each a token bucket that refills continuously.
///
/// ```yaml
/// limits:
///   requests_per_minute: 50          # every model, each with its own buckets
///   input_tokens_per_minute: 30000
///   output_tokens_per_minute: 8000
///   models:
///     claude-opus-4-6: {requests_per_minute: 5}   # over the above, for this model
/// ```
///
/// The same from the command line: `serve --rate-limit requests_per_minute=50,output_tokens_per_minute=8000`.
public struct RateLimits: Sendable, Equatable {
    /// The three limits; `nil` leaves that dimension unlimited (and its headers unsent).
    public struct Limits: Sendable, Equatable {
        /// Requests per minute.
        public var requestsPerMinute: Int?
        /// Input tokens per minute (cache reads do not count).
        public var inputTokensPerMinute: Int?
        /// Output tokens per minute.
        public var outputTokensPerMinute: Int?

        /// Limits; the ones left `nil` are not enforced.
        public init(requestsPerMinute: Int? = nil, inputTokensPerMinute: Int? = nil, outputTokensPerMinute: Int? = nil) {
            self.requestsPerMinute = requestsPerMinute
            self.inputTokensPerMinute = inputTokensPerMinute
            self.outputTokensPerMinute = outputTokensPerMinute
        }

        /// These limits with `other`'s set ones over them.
        func overridden(by other: Limits?) -> Limits {
            Limits(
                requestsPerMinute: other?.requestsPerMinute ?? requestsPerMinute,
                inputTokensPerMinute: other?.inputTokensPerMinute ?? inputTokensPerMinute,
                outputTokensPerMinute: other?.outputTokensPerMinute ?? outputTokensPerMinute)
        }

        /// Sets one limit by its YAML name (`requests_per_minute`, or `rpm`, …); `false` for an unknown name.
        mutating func set(_ name: String, _ value: Int) -> Bool {
            switch name {
            case "requests_per_minute", "rpm": requestsPerMinute = value
            case "input_tokens_per_minute", "itpm": inputTokensPerMinute = value
            case "output_tokens_per_minute", "otpm": outputTokensPerMinute = value
            default: return false
            }
            return true
        }
    }

    /// Limits for every model (each model gets its own buckets).
    public var all: Limits
    /// Limits for particular models, over ``all``.
    public var models: [String: Limits]

    /// The YAML names of the limits.
    public static let names = ["requests_per_minute", "input_tokens_per_minute", "output_tokens_per_minute"]
    /// The largest limit accepted: a billion a minute.
    public static let largestLimit = 1_000_000_000

    /// Limits for every model, and over them for some models.
    public init(all: Limits = Limits(), models: [String: Limits] = [:]) {
        self.all = all
        self.models = models
    }

    /// The limits a model's requests meet.
    public func limits(for model: String) -> Limits { all.overridden(by: models[model]) }

    /// Parses `requests_per_minute=50,input_tokens_per_minute=30000` (or `rpm=50,itpm=…,otpm=…`),
    /// as `serve --rate-limit` takes it.
    public init(parsing text: String) throws(RateLimitsError) {
        self.init()
        for item in text.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let value = Int(parts[1]), (1...Self.largestLimit).contains(value) else {
                throw RateLimitsError(
                    "'\(item)' is not name=number with a number from 1 to \(Self.largestLimit) (e.g. requests_per_minute=50,output_tokens_per_minute=8000)")
            }
            guard all.set(parts[0], value) else {
                throw RateLimitsError("unknown limit '\(parts[0])'; known: \(Self.names.joined(separator: ", ")) (or rpm, itpm, otpm)")
            }
        }
    }
}

/// A `--rate-limit` value that cannot be read, with what to write instead.
public struct RateLimitsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong and how to fix it.
    public var description: String

    init(_ description: String) { self.description = description }
}
