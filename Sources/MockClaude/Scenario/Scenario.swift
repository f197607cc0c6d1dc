/// A script of what the mock answers, request by request: cassettes, synthesized replies, API
/// errors and faults.
///
/// A scenario holds independent ``Rule``s; each request goes to the first rule whose match
/// accepts it, and that rule answers with its next ``Step``. The same model comes from YAML
/// (``ScenarioLoader``) or from the Swift DSL:
///
/// ```swift
/// let scenario = Scenario("retry-then-ok") {
///     Rule {
///         Step.error("rate_limit_error").faults(.rateLimited(retryAfter: 1))
///         Step.error("overloaded_error")
///         Step.cassette("../Cassettes/haiku.sse")
///     }
/// }
/// ```
public struct Scenario: Sendable, Equatable {
    /// A name for messages and logs.
    public var name: String
    /// The rules, tried in order.
    public var rules: [Rule]
    /// Timing for every step that does not set its own; `nil` means recorded.
    public var timing: Timing?
    /// Up to this much extra delay is added to each event, from a seeded generator.
    public var jitter: Duration
    /// Seed for jitter and generated ids (a server's own seed is used when `nil`).
    public var seed: UInt64?
    /// How message batches are processed: the n-th batch created takes the n-th script (the
    /// last one repeating); none means two seconds and every request answered by the rules.
    public var batches: [BatchScript]
    /// Where relative cassette paths start (the scenario file's folder).
    public var baseDirectory: String
    /// The file it came from, for messages.
    public var source: String
    /// What to do when no rule matches, added to the mock's no-match error (a recorded session
    /// names the command that records the request).
    public var noMatchAdvice: String?
    /// Unknown batch and model ids answer with placeholder objects (`any_id: true`), as
    /// ``ValidationOptions/acceptAnyID`` does for a whole server.
    public var anyID = false
    /// Rate limits enforced while the scenario runs (`limits:`); none when `nil`.
    public var limits: RateLimits?

    /// A scenario of `rules`, as a YAML file or the DSL describes one.
    public init(
        name: String, rules: [Rule], timing: Timing? = nil, jitter: Duration = .zero, seed: UInt64? = nil,
        batches: [BatchScript] = [], baseDirectory: String = ".", source: String = "<swift>"
    ) {
        self.name = name
        self.batches = batches
        self.rules = rules
        self.timing = timing
        self.jitter = jitter
        self.seed = seed
        self.baseDirectory = baseDirectory
        self.source = source
    }

    /// Cassettes answered in order, the last repeating: what `serve --cassette A --cassette B` does.
    public static func cassettes(_ paths: [String], timing: Timing? = nil) -> Scenario {
        Scenario(name: "cassettes", rules: [Rule(steps: paths.map { Step(.cassette($0)) })], timing: timing, source: "--cassette")
    }

    public static func == (a: Scenario, b: Scenario) -> Bool {
        a.name == b.name && a.rules == b.rules && a.timing == b.timing && a.jitter == b.jitter && a.seed == b.seed && a.batches == b.batches
            && a.noMatchAdvice == b.noMatchAdvice && a.anyID == b.anyID && a.limits == b.limits
    }
}

/// One independent sequence of steps, answering the requests its match accepts.
public struct Rule: Sendable, Equatable {
    /// A name for diagnostics.
    public var name: String?
    /// Which requests this rule answers.
    public var match: RequestMatch
    /// The answers, consumed one request at a time (each `times` times).
    public var steps: [Step]
    /// What happens once every step is used.
    public var after: AfterLastStep
    /// Where it was written (file:line), for messages; not part of equality.
    public var location: String

    /// A rule answering the requests `match` accepts with `steps`, then as `after` says.
    public init(name: String? = nil, match: RequestMatch = RequestMatch(), steps: [Step], after: AfterLastStep = .repeatLast, location: String = "") {
        self.name = name
        self.match = match
        self.steps = steps
        self.after = after
        self.location = location
    }

    /// The rule as people read it in messages: `rule 2 'tool-turn' (Scenarios/tool-loop.yaml:12)`.
    func label(index: Int) -> String {
        "rule \(index + 1)" + (name.map { " '\($0)'" } ?? "") + (location.isEmpty ? "" : " (\(location))")
    }

    public static func == (a: Rule, b: Rule) -> Bool {
        a.name == b.name && a.match == b.match && a.steps == b.steps && a.after == b.after
    }
}

/// What a rule does once all its steps have answered.
public enum AfterLastStep: String, Sendable, Equatable, CaseIterable {
    /// Keep answering with the last step.
    case repeatLast = "repeat_last"
    /// Start again from the first step.
    case loop
    /// Answer with a mock error saying the rule is used up.
    case fail
}

/// One answer, possibly repeated and with faults applied.
public struct Step: Sendable, Equatable {
    /// What is answered.
    public var answer: Answer
    /// How many requests this step answers before the next one takes over.
    public var times: Int
    /// Faults applied to the answer's plan, in order.
    public var faults: [Fault]
    /// Extra response headers (over the standard ones).
    public var headers: HTTPHeaderList
    /// Timing for this step (over the scenario's).
    public var timing: Timing?
    /// Where it was written (file:line); not part of equality.
    public var location: String

    /// A step answering `times` requests with `answer`, its faults applied.
    public init(_ answer: Answer, times: Int = 1, faults: [Fault] = [], headers: HTTPHeaderList = [], timing: Timing? = nil, location: String = "") {
        self.answer = answer
        self.times = times
        self.faults = faults
        self.headers = headers
        self.timing = timing
        self.location = location
    }

    public static func == (a: Step, b: Step) -> Bool {
        a.answer == b.answer && a.times == b.times && a.faults == b.faults && a.headers == b.headers && a.timing == b.timing
    }
}

/// The answer a step gives before faults.
public enum Answer: Sendable, Equatable {
    /// A cassette file (relative paths start at the scenario's folder).
    case cassette(String)
    /// A reply synthesized into the full event sequence.
    case reply(Reply)
    /// An API error of a documented type.
    case error(ErrorAnswer)
}

/// An API error answer: its type, and optionally its message and status.
public struct ErrorAnswer: Sendable, Equatable {
    /// `error.type`, e.g. `rate_limit_error`.
    public var type: String
    /// `error.message`; the real API's usual wording for the type when `nil`.
    public var message: String?
    /// HTTP status; the type's real status when `nil`.
    public var status: Int?

    /// An error of `type` (`rate_limit_error`, …); the message and status default to the real API's for that type.
    public init(type: String, message: String? = nil, status: Int? = nil) {
        self.type = type
        self.message = message
        self.status = status
    }

    /// The error types the API documents (wire reference §4.2).
    public static var knownTypes: [String] { APIErrorType.all.map(\.name) }

    /// The API error this answer stands for.
    public var apiError: APIError {
        APIError(status: status ?? APIError.status(forType: type), type: type, message: message ?? ErrorAnswer.defaultMessage(type))
    }

    /// The real API's usual message for each type (`APIErrorType`).
    public static func defaultMessage(_ type: String) -> String {
        APIErrorType.named(type)?.defaultMessage ?? "Internal server error"
    }
}

/// A reply to synthesize: thinking, text and tool calls, in that order.
public struct Reply: Sendable, Equatable {
    /// Thinking text (a thinking block first, with a signature).
    public var thinking: String?
    /// The thinking block's signature; generated when `nil`.
    public var signature: String?
    /// Answer text.
    public var text: String?
    /// Tool calls, after the text.
    public var toolUses: [ToolCall]
    /// `stop_reason`; `tool_use` when there are tool calls, else `end_turn`, when `nil`.
    public var stopReason: String?
    /// The model reported; the request's model when `nil`.
    public var model: String?
    /// `tool_use: auto`: a call of the tool the request's `tool_choice` demands (`tool`, or one of
    /// the tools for `any`), its input generated from the tool's schema; no call for `auto`/`none`.
    public var autoToolUse: Bool

    /// A reply: thinking, text and tool calls, in the order the API streams them.
    public init(
        thinking: String? = nil, signature: String? = nil, text: String? = nil, toolUses: [ToolCall] = [], stopReason: String? = nil, model: String? = nil,
        autoToolUse: Bool = false
    ) {
        self.autoToolUse = autoToolUse
        self.thinking = thinking
        self.signature = signature
        self.text = text
        self.toolUses = toolUses
        self.stopReason = stopReason
        self.model = model
    }
}

/// A tool call in a synthesized reply.
public struct ToolCall: Sendable, Equatable {
    /// The tool's name.
    public var name: String
    /// The tool's input; when `nil`, an instance of the `input_schema` the request gives the tool,
    /// generated from the seed (`{}` when the request has no such tool).
    public var input: JSONObject?
    /// `toolu_…` id; generated when `nil`.
    public var id: String?

    /// A call of the tool `name` with `input` (generated from the tool's schema when `nil`); `id`
    /// is generated when not given.
    public init(name: String, input: JSONObject? = nil, id: String? = nil) {
        self.name = name
        self.input = input
        self.id = id
    }
}
