/// The Swift DSL for scenarios: the same model the YAML files describe.
///
/// ```swift
/// let scenario = Scenario("tool-loop", timing: .instant) {
///     Rule("answer", match: RequestMatch(hasToolResult: true)) {
///         Step.text("It is 18°C and sunny in Paris.")
///     }
///     Rule("ask", match: RequestMatch(hasToolResult: false)) {
///         Step.reply(Reply(text: "Let me look that up.", toolUses: [ToolCall(name: "get_weather", input: ["location": "Paris, France"])]))
///     }
/// }
/// ```
/// Steps written straight inside a scenario form one rule that matches every request, like a
/// YAML file's top-level `steps:`.
extension Scenario {
    /// A scenario written with the DSL: steps and rules, in the order they answer.
    public init(
        _ name: String, timing: Timing? = nil, jitter: Duration = .zero, seed: UInt64? = nil, batches: [BatchScript] = [],
        baseDirectory: String = ".", @ScenarioBuilder _ content: () -> [ScenarioBuilder.Part]
    ) {
        var rules: [Rule] = []
        var loose: [Step] = []
        for part in content() {
            switch part {
            case .step(let step): loose.append(step)
            case .rule(let rule):
                if !loose.isEmpty {
                    rules.append(Rule(steps: loose))
                    loose = []
                }
                rules.append(rule)
            }
        }
        if !loose.isEmpty { rules.append(Rule(steps: loose)) }
        self.init(name: name, rules: rules, timing: timing, jitter: jitter, seed: seed, batches: batches, baseDirectory: baseDirectory)
    }
}

extension Rule {
    /// A rule with its steps written in a block.
    public init(_ name: String? = nil, match: RequestMatch = RequestMatch(), after: AfterLastStep = .repeatLast, @StepBuilder _ steps: () -> [Step]) {
        self.init(name: name, match: match, steps: steps(), after: after)
    }
}

/// Collects rules and steps for ``Scenario/init(_:timing:jitter:seed:batches:baseDirectory:_:)``.
@resultBuilder
public enum ScenarioBuilder {
    /// A rule, or a step of the implicit rule that matches everything.
    public enum Part {
        /// A rule written as it is.
        case rule(Rule)
        /// A step of the rule that matches everything.
        case step(Step)
    }

    /// A rule.
    public static func buildExpression(_ rule: Rule) -> [Part] { [.rule(rule)] }
    /// A step.
    public static func buildExpression(_ step: Step) -> [Part] { [.step(step)] }
    /// Everything written, in order.
    public static func buildBlock(_ parts: [Part]...) -> [Part] { parts.flatMap { $0 } }
    /// The parts of a `for` loop.
    public static func buildArray(_ parts: [[Part]]) -> [Part] { parts.flatMap { $0 } }
    /// An `if` without `else`.
    public static func buildOptional(_ parts: [Part]?) -> [Part] { parts ?? [] }
    /// The first branch of an `if`/`else`.
    public static func buildEither(first parts: [Part]) -> [Part] { parts }
    /// The second branch of an `if`/`else`.
    public static func buildEither(second parts: [Part]) -> [Part] { parts }
}

/// Collects the steps of a ``Rule``.
@resultBuilder
public enum StepBuilder {
    /// A step.
    public static func buildExpression(_ step: Step) -> [Step] { [step] }
    /// Every step written, in order.
    public static func buildBlock(_ steps: [Step]...) -> [Step] { steps.flatMap { $0 } }
    /// The steps of a `for` loop.
    public static func buildArray(_ steps: [[Step]]) -> [Step] { steps.flatMap { $0 } }
    /// An `if` without `else`.
    public static func buildOptional(_ steps: [Step]?) -> [Step] { steps ?? [] }
    /// The first branch of an `if`/`else`.
    public static func buildEither(first steps: [Step]) -> [Step] { steps }
    /// The second branch of an `if`/`else`.
    public static func buildEither(second steps: [Step]) -> [Step] { steps }
}

extension Step {
    /// Answer with a cassette (relative to the scenario's folder).
    public static func cassette(_ path: String) -> Step { Step(.cassette(path)) }
    /// Answer with synthesized text.
    public static func text(_ text: String) -> Step { Step(.reply(Reply(text: text))) }
    /// Answer with a synthesized reply.
    public static func reply(_ reply: Reply) -> Step { Step(.reply(reply)) }
    /// Answer with a tool call; without `input`, one generated from the tool's `input_schema` in the request.
    public static func toolUse(_ name: String, input: JSONObject? = nil) -> Step { Step(.reply(Reply(toolUses: [ToolCall(name: name, input: input)]))) }
    /// Answer with a call of the tool the request's `tool_choice` demands (`any`, `tool`), its input
    /// generated from the tool's schema; with `text` (or a generated sentence) when it demands none.
    public static func autoToolUse(text: String? = nil) -> Step { Step(.reply(Reply(text: text, autoToolUse: true))) }
    /// Answer with a synthesized reply fitted to the request: the tool call its `tool_choice`
    /// demands, else structured output when it asks for `output_config.format`, else a sentence;
    /// thinking when enabled, `stop_sequences` and `max_tokens` honoured (YAML: `reply: auto`).
    public static func synthesized() -> Step { Step(.reply(Reply(autoToolUse: true))) }
    /// Answer with an API error of a documented type.
    public static func error(_ type: String, message: String? = nil, status: Int? = nil) -> Step {
        Step(.error(ErrorAnswer(type: type, message: message, status: status)))
    }
    /// The bundled haiku with faults applied (for faults that replace the answer, like 429 and 529).
    public static func fault(_ faults: Fault...) -> Step { Step(.cassette(ScenarioEngine.bundledPath), faults: faults) }

    /// This step answering `count` requests in a row.
    public func times(_ count: Int) -> Step {
        var copy = self
        copy.times = count
        return copy
    }
    /// This step with faults added.
    public func faults(_ faults: Fault...) -> Step {
        var copy = self
        copy.faults += faults
        return copy
    }
    /// This step with response headers added.
    public func headers(_ headers: HTTPHeaderList) -> Step {
        var copy = self
        copy.headers = HTTPHeaderList(copy.headers.fields + headers.fields)
        return copy
    }
    /// This step with its own timing.
    public func timing(_ timing: Timing) -> Step {
        var copy = self
        copy.timing = timing
        return copy
    }
}

extension Fault {
    /// 429 with `retry-after` in seconds.
    public static func rateLimited(retryAfter seconds: Double) -> Fault { .rateLimited(retryAfter: seconds, retryAfterMilliseconds: nil) }
}
