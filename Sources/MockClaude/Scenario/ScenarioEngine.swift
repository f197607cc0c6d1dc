import Foundation
import NIOConcurrencyHelpers

/// Runs a ``Scenario``: picks the rule and step for each request and compiles the step into a plan.
///
/// Each rule keeps its own cursor, so independent sequences never disturb each other, and
/// repeated identical requests (retries, polling) are served strictly in order.
public final class ScenarioEngine: Sendable {
    /// The scenario being run.
    public let scenario: Scenario
    private let cassettes: [String: Cassette]
    private let cursors: NIOLockedValueBox<[Int]>
    private let random: SeededRandom
    /// Each step's label (`rule 1 step 2 (file:line)`), made once: every answer names its step.
    private let stepLabels: [[String]]
    /// Cassettes retimed once per timing and reused (only without jitter, which draws per request).
    private let templates = NIOLockedValueBox<[TemplateKey: ReplayTemplate]>([:])

    private struct TemplateKey: Hashable {
        var path: String
        var timing: Timing
    }
    /// Timings are few (the scenario's, its steps', the server's); a timing built in code that
    /// never equals itself (a NaN speed) cannot grow the cache past this.
    private static let maximumTemplates = 64

    /// Loads every cassette the scenario names (relative to its folder); throws their problems.
    /// With `cassetteRoots`, a cassette outside them is a problem and is never read (for
    /// scenarios that come from outside, such as the admin API's).
    public init(_ scenario: Scenario, seed: UInt64 = 0, cassetteRoots: CassetteRoots? = nil) throws {
        self.scenario = scenario
        var cassettes: [String: Cassette] = [:]
        var problems: [SourceProblem] = []
        for rule in scenario.rules {
            for step in rule.steps {
                guard case .cassette(let path) = step.answer, cassettes[path] == nil else { continue }
                if path == ScenarioEngine.bundledPath {
                    cassettes[path] = Cassette.bundledDefault
                    continue
                }
                do {
                    let resolved = ScenarioEngine.resolve(path, in: scenario.baseDirectory)
                    try cassetteRoots?.check(resolved, source: step.location.isEmpty ? scenario.source : step.location)
                    cassettes[path] = try Cassette.load(path: resolved)
                } catch let error as SourceProblems {
                    problems += error.problems.map {
                        var problem = $0
                        if !step.location.isEmpty { problem.message += " (named at \(step.location))" }
                        return problem
                    }
                }
            }
        }
        if !problems.isEmpty { throw SourceProblems(problems) }
        self.cassettes = cassettes
        self.cursors = NIOLockedValueBox(Array(repeating: 0, count: scenario.rules.count))
        self.random = SeededRandom(seed: scenario.seed ?? seed)
        self.stepLabels = ScenarioEngine.labels(of: scenario)
    }

    /// An engine over cassettes already loaded: answered in order, the last repeating.
    public init(cassettes: [Cassette]) {
        let loaded = cassettes.isEmpty ? [Cassette.bundledDefault] : cassettes
        self.scenario = Scenario(name: "cassettes", rules: [Rule(steps: loaded.map { Step(.cassette($0.source)) })], source: "cassettes")
        self.cassettes = Dictionary(loaded.map { ($0.source, $0) }, uniquingKeysWith: { first, _ in first })
        self.cursors = NIOLockedValueBox([0])
        self.random = SeededRandom(seed: 0)
        self.stepLabels = ScenarioEngine.labels(of: scenario)
    }

    /// An engine that answers with the bundled haiku, again and again.
    public static func bundledDefault() -> ScenarioEngine {
        ScenarioEngine(cassettes: [])
    }

    static let bundledPath = "bundled:haiku"

    static func resolve(_ path: String, in directory: String) -> String {
        if path == bundledPath || path.hasPrefix("/") { return path }
        return URL(fileURLWithPath: directory).appendingPathComponent(path).standardizedFileURL.path
    }

    /// What a request gets from the scenario.
    public enum Choice: Sendable {
        /// The step to answer with, which rule it came from, and its place in the rule.
        case step(Step, rule: Int, index: Int)
        /// The rule matched but is used up (`after: fail`).
        case exhausted(rule: Int, served: Int)
        /// No rule matched; the closest ones and why they did not.
        case noMatch([(rule: Int, mismatches: [RequestMatch.Mismatch])])
    }

    /// Picks the rule and step for a request and advances that rule's cursor.
    public func choose(_ request: ReceivedRequest, body: JSONObject?) -> Choice {
        var misses: [(rule: Int, mismatches: [RequestMatch.Mismatch])] = []
        let rules = scenario.rules
        // Rules are read in place (`rules[index]`): binding each to a name copied it whole.
        for index in rules.indices {
            let mismatches = rules[index].match.mismatches(request, body: body)
            guard mismatches.isEmpty else {
                misses.append((index, mismatches))
                continue
            }
            let served = cursors.withLockedValue { cursors in
                defer { cursors[index] = Checked.add(cursors[index], 1) }
                return cursors[index]
            }
            if let (step, stepIndex) = ScenarioEngine.step(in: rules[index], at: served) {
                return .step(step, rule: index, index: stepIndex)
            }
            return .exhausted(rule: index, served: served)
        }
        return .noMatch(misses.sorted { $0.mismatches.count < $1.mismatches.count })
    }

    /// The step answering a rule's `served`-th request (0-based), after `times` and `after`.
    static func step(in rule: Rule, at served: Int) -> (Step, Int)? {
        let total = rule.steps.reduce(0) { Checked.add($0, max(1, $1.times)) }
        guard total > 0, let last = rule.steps.last else { return nil }
        var position = served
        if position >= total {
            switch rule.after {
            case .repeatLast: return (last, rule.steps.count - 1)
            case .loop: position %= total
            case .fail: return nil
            }
        }
        for (index, step) in rule.steps.enumerated() {
            if position < max(1, step.times) { return (step, index) }
            position -= max(1, step.times)
        }
        return (last, rule.steps.count - 1)
    }

    /// Whether a rule names this request's path explicitly (other than `/v1/messages`): such
    /// rules answer it instead of the built-in endpoint, so recorded batch flows replay as recorded.
    public func claims(_ request: ReceivedRequest) -> Bool {
        let path = request.apiPath
        return path != "/v1/messages"
            && scenario.rules.contains { rule in
                rule.match.path == path && (rule.match.method.map { $0 == request.method } ?? true)
            }
    }

    /// Whether some rule would answer the request (without using up a step).
    public func matches(_ request: ReceivedRequest) -> Bool {
        let body = (try? JSONValue.parse(request.body))?.objectValue
        return scenario.rules.contains { $0.match.mismatches(request, body: body).isEmpty }
    }

    /// Starts every rule from its first step again.
    public func reset() {
        cursors.withLockedValue { $0 = Array(repeating: 0, count: scenario.rules.count) }
    }

    /// Steps no request has reached yet, as `rule 1 step 3 (file:line)`.
    public var unusedSteps: [String] {
        let served = cursors.withLockedValue { $0 }
        var unused: [String] = []
        for (ruleIndex, rule) in scenario.rules.enumerated() {
            var reached = 0
            for (index, step) in rule.steps.enumerated() {
                if served[ruleIndex] <= reached {
                    unused.append(label(rule: ruleIndex, step: index))
                }
                reached = Checked.add(reached, max(1, step.times))
            }
        }
        return unused
    }

    static func label(rule: Rule, ruleIndex: Int, step: Step, stepIndex: Int) -> String {
        rule.label(index: ruleIndex) + " step \(stepIndex + 1)" + (step.location.isEmpty ? "" : " (\(step.location))")
    }

    private static func labels(of scenario: Scenario) -> [[String]] {
        scenario.rules.enumerated().map { ruleIndex, rule in
            rule.steps.enumerated().map { label(rule: rule, ruleIndex: ruleIndex, step: $1, stepIndex: $0) }
        }
    }

    /// The label of step `index` of rule `rule`, as made when the engine was.
    private func label(rule: Int, step index: Int) -> String {
        guard stepLabels.indices.contains(rule), stepLabels[rule].indices.contains(index) else { return "rule \(rule + 1) step \(index + 1)" }
        return stepLabels[rule][index]
    }

    /// The cassette loaded for `path` (the bundled default when it names none).
    private func cassette(_ path: String) -> Cassette { cassettes[path] ?? Cassette.bundledDefault }

    /// The cassette at `path` replayed under `timing`: made once and kept when the scenario has
    /// no jitter; with jitter, retimed afresh for each request (each draws its own delays).
    private func template(_ path: String, timing: Timing) -> ReplayTemplate {
        guard scenario.jitter == .zero else {
            return ReplayTemplate(cassette(path).retimed(timing, jitter: scenario.jitter, random: random))
        }
        let key = TemplateKey(path: path, timing: timing)
        if let template = templates.withLockedValue({ $0[key] }) { return template }
        let template = ReplayTemplate(cassette(path).retimed(timing))
        templates.withLockedValue { templates in
            if templates.count < Self.maximumTemplates { templates[key] = template }
        }
        return template
    }

    /// The plan for `step` answering a request: the answer compiled (stream or not), timed, then
    /// every fault the step names applied in order.
    func plan(for step: Step, rule: Int, index: Int, context: RequestContext) -> ResponsePlan {
        let timing = step.timing ?? context.timingOverride ?? scenario.timing ?? .recorded
        let ids = context.ids, now = context.now, stream = context.stream
        var plan: ResponsePlan
        switch step.answer {
        case .error(let answer):
            plan = answer.apiError.plan(requestID: ids.next("req_"), now: now)
        case .cassette(let path):
            let template = template(path, timing: timing)
            let requestID = template.recordedRequestID ?? ids.next("req_")
            plan =
                stream
                ? template.streamPlan(requestID: requestID, now: now, baseURL: context.baseURL)
                : template.cassette.messagePlan(requestID: requestID, now: now, baseURL: context.baseURL)
        case .reply(let reply):
            do {
                let cassette = try ReplySynthesizer(ids: ids).cassette(
                    for: reply, request: context.body, usage: context.usage, seed: context.contentSeed ?? random.next(), source: step.location, wire: stream
                ).retimed(timing, jitter: scenario.jitter, random: random)
                let requestID = ids.next("req_")
                plan = stream ? cassette.streamPlan(requestID: requestID, now: now) : cassette.messagePlan(requestID: requestID, now: now)
            } catch {
                plan = error.plan(requestID: ids.next("req_"), now: now)
            }
        }
        for field in step.headers { plan.headers.set(field.name, field.value) }
        // Faults that replace the answer (429, 529, …) are new responses with ids of their own.
        if !step.faults.isEmpty {
            let faultContext = FaultContext(requestID: ids.next("req_"), now: now)
            for fault in step.faults { plan = fault.apply(to: plan, context: faultContext) }
        }
        plan.origin = .scenario(step: label(rule: rule, step: index), queuedFaults: false)
        return plan
    }
}
