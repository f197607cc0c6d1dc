import Foundation
import Yams

/// Reads scenario YAML files (`Scenarios/*.yaml`); the format is documented in `Scenarios/README.md`.
///
/// Every problem is reported at its line with a fix, and nothing loads while any remains:
/// `Scenarios/x.yaml:12: unknown fault 'disconect' (fix: did you mean 'disconnect'? …)`.
public enum ScenarioLoader {
    static let topKeys = ["name", "description", "timing", "jitter", "seed", "steps", "rules", "batches", "no_match_advice", "any_id", "limits"]
    static let ruleKeys = ["name", "match", "steps", "after"]
    static let matchKeys = [
        "method", "path", "model", "stream", "header", "json", "last_user_message_contains", "has_tool_result", "body",
        "body_ignores",
    ]
    static let answerKeys = ["cassette", "reply", "text", "thinking", "signature", "tool_use", "stop_reason", "model", "error", "message", "status"]
    static let stepKeys = answerKeys + ["times", "headers", "timing", "faults"] + Fault.names

    /// Loads a scenario file.
    public static func load(path: String) throws -> Scenario {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SourceProblems([SourceProblem(file: path, line: 0, message: "no such file", fix: "check the path")])
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return try parse(String(decoding: data, as: UTF8.self), source: path, baseDirectory: directory, defaultName: name)
    }

    /// Parses scenario YAML; `source` names the file in problems.
    public static func parse(_ yaml: String, source: String, baseDirectory: String = ".", defaultName: String = "scenario") throws -> Scenario {
        let root: Node
        do {
            guard let node = try compose(yaml, source: source) else {
                throw SourceProblems([SourceProblem(file: source, line: 0, message: "the file is empty", fix: "add 'steps:' or 'rules:'")])
            }
            root = node
        } catch let error as SourceProblems {
            throw error
        } catch {
            throw SourceProblems([
                SourceProblem(file: source, line: ScenarioLoader.line(of: error), message: "not valid YAML: \(ScenarioLoader.clipped(error))")
            ])
        }
        var reader = YAMLReader(file: source)
        var scenario = Scenario(name: defaultName, rules: [], baseDirectory: baseDirectory, source: source)
        for (key, value) in reader.mapping(root, what: "scenario", allowed: topKeys) {
            switch key {
            case "name": scenario.name = reader.string(value, what: "name") ?? scenario.name
            case "description": break
            case "timing": scenario.timing = timing(value, &reader)
            case "jitter": scenario.jitter = reader.duration(value, what: "jitter") ?? .zero
            case "seed": scenario.seed = reader.int(value, what: "seed", maximum: .max).map(UInt64.init)
            case "no_match_advice": scenario.noMatchAdvice = reader.string(value, what: key)
            case "any_id": scenario.anyID = reader.bool(value, what: key) ?? false
            case "limits": scenario.limits = limits(value, &reader)
            case "steps": scenario.rules.append(Rule(steps: steps(value, &reader), location: reader.location(value)))
            case "batches":
                let items = value.sequence.map(Array.init) ?? [value]
                scenario.batches = items.map { batchScript($0, &reader) }
            case "rules":
                for ruleNode in value.sequence.map(Array.init) ?? [] { scenario.rules.append(rule(ruleNode, &reader)) }
                if value.sequence == nil { reader.problem(value, "rules should be a list", fix: "start each rule with '- '") }
            default: break
            }
        }
        if scenario.rules.isEmpty && scenario.batches.isEmpty && reader.problems.isEmpty {
            reader.problem(root, "the scenario has no steps", fix: "add 'steps:' (one sequence) or 'rules:' (several)")
        }
        if !reader.problems.isEmpty { throw SourceProblems(reader.problems) }
        return scenario
    }

    /// Parses faults written as in a step's `faults:` (YAML or JSON): one fault or a list.
    public static func faults(_ yaml: String, source: String) throws -> [Fault] {
        let node: Node?
        do { node = try compose(yaml, source: source) } catch let error as SourceProblems {
            throw error
        } catch {
            throw SourceProblems([SourceProblem(file: source, line: line(of: error), message: "not valid YAML or JSON: \(ScenarioLoader.clipped(error))")])
        }
        guard let node else {
            throw SourceProblems([SourceProblem(file: source, line: 0, message: "no fault given", fix: "send e.g. {\"disconnect\": {\"after_events\": 3}}")])
        }
        var reader = YAMLReader(file: source)
        let faults = (node.sequence.map(Array.init) ?? [node]).compactMap { Fault.read($0, &reader) }
        if !reader.problems.isEmpty { throw SourceProblems(reader.problems) }
        return faults
    }

    /// The most nodes a document may hold with its aliases expanded: a few hundred bytes of
    /// nested aliases can stand for billions of nodes, so reading stops at this count.
    static let maximumNodes = 100_000

    /// The document's root node, after checking its expanded size.
    static func compose(_ yaml: String, source: String) throws -> Node? {
        guard let node = try Yams.compose(yaml: yaml) else { return nil }
        var budget = maximumNodes
        func fits(_ node: Node) -> Bool {
            budget -= 1
            guard budget >= 0 else { return false }
            switch node {
            case .scalar, .alias: return true
            case .sequence(let sequence): return sequence.allSatisfy(fits)
            case .mapping(let mapping): return mapping.allSatisfy { fits($0.key) && fits($0.value) }
            }
        }
        guard fits(node) else {
            throw SourceProblems([
                SourceProblem(
                    file: source, line: 0,
                    message: "the document holds more than \(maximumNodes) values once its aliases (*name) are expanded",
                    fix: "write the values out, or use fewer nested aliases")
            ])
        }
        return node
    }

    /// The YAML parser's message, which quotes the offending line, cut to 300 characters.
    static func clipped(_ error: Error) -> String {
        let text = "\(error)"
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }

    static func line(of error: Error) -> Int {
        // Yams' errors print "line:column: …"; take the line if it is there.
        let text = "\(error)"
        let digits = text.drop { !$0.isNumber }.prefix { $0.isNumber }
        return Int(digits) ?? 0
    }

    static func timing(_ node: Node, _ reader: inout YAMLReader) -> Timing? {
        if let text = node.scalar?.string {
            do { return try Timing(parsing: text) } catch {
                reader.problem(
                    node, "timing \(SourceProblem.excerpt(text)) is not recognised",
                    fix: "use recorded, instant, x<factor>, or {first_event: 300ms, per_event: 20ms}")
                return nil
            }
        }
        var first: Duration = .zero, per: Duration = .zero
        for (key, value) in reader.mapping(node, what: "timing", allowed: ["first_event", "per_event"]) {
            if key == "first_event" { first = reader.duration(value, what: key) ?? .zero } else { per = reader.duration(value, what: key) ?? .zero }
        }
        return .fixed(firstEvent: first, perEvent: per)
    }

    static func limits(_ node: Node, _ reader: inout YAMLReader) -> RateLimits {
        var limits = RateLimits()
        func read(_ node: Node, into target: inout RateLimits.Limits, what: String) {
            for (key, value) in reader.mapping(node, what: what, allowed: RateLimits.names + (what == "limits" ? ["models"] : [])) {
                if key == "models" { continue }
                if let number = reader.int(value, what: key, minimum: 1, maximum: RateLimits.largestLimit) { _ = target.set(key, number) }
            }
        }
        read(node, into: &limits.all, what: "limits")
        if let models = node.mapping?["models"] {
            for (name, value) in models.mapping.map(Array.init) ?? [] {
                var model = RateLimits.Limits()
                read(value, into: &model, what: "limits for \(name.string ?? "?")")
                limits.models[name.string ?? ""] = model
            }
            if models.mapping == nil {
                reader.problem(models, "models should map model names to limits", fix: "write 'models: {claude-opus-4-6: {requests_per_minute: 5}}'")
            }
        }
        return limits
    }

    static func batchScript(_ node: Node, _ reader: inout YAMLReader) -> BatchScript {
        var script = BatchScript()
        for (key, value) in reader.mapping(node, what: "batch", allowed: ["processing_time", "outcomes"]) {
            if key == "processing_time" { script.processingTime = reader.duration(value, what: key) ?? script.processingTime }
            if key == "outcomes" {
                guard let items = value.sequence else {
                    reader.problem(value, "outcomes should be a list", fix: "start each outcome with '- '")
                    continue
                }
                script.outcomes = items.map { batchOutcome($0, &reader) }
            }
        }
        return script
    }

    static func batchOutcome(_ node: Node, _ reader: inout YAMLReader) -> BatchScript.Outcome {
        var outcome = BatchScript.Outcome(result: .succeeded)
        var error = ErrorAnswer(type: "invalid_request_error")
        var resultName = "succeeded"
        for (key, value) in reader.mapping(node, what: "outcome", allowed: ["custom_ids", "fraction", "result", "error", "message"]) {
            switch key {
            case "custom_ids": outcome.customIDs = (value.sequence.map(Array.init) ?? [value]).compactMap { reader.string($0, what: key) }
            case "fraction":
                let fraction = reader.double(value, what: key) ?? 0
                if fraction > 1 { reader.problem(value, "fraction \(fraction) is above 1", fix: "use a number from 0 to 1, e.g. 0.25") }
                outcome.fraction = fraction
            case "result":
                resultName = reader.string(value, what: key) ?? resultName
                if !["succeeded", "errored", "expired"].contains(resultName) {
                    reader.problem(value, "result '\(resultName)' is not known", fix: "use succeeded, errored or expired")
                }
            case "error":
                error.type = reader.string(value, what: key) ?? error.type
                if !ErrorAnswer.knownTypes.contains(error.type) {
                    reader.problem(
                        value, "unknown error type \(SourceProblem.excerpt(error.type))", fix: "known: \(ErrorAnswer.knownTypes.joined(separator: ", "))")
                }
            case "message": error.message = reader.string(value, what: key)
            default: break
            }
        }
        if outcome.customIDs.isEmpty && outcome.fraction == nil {
            reader.problem(node, "the outcome names no requests", fix: "add 'custom_ids: [a, b]' or 'fraction: 0.25'")
        }
        switch resultName {
        case "errored": outcome.result = .errored(error)
        case "expired": outcome.result = .expired
        default: outcome.result = .succeeded
        }
        return outcome
    }

    static func rule(_ node: Node, _ reader: inout YAMLReader) -> Rule {
        var rule = Rule(steps: [], location: reader.location(node))
        var sawSteps = false
        for (key, value) in reader.mapping(node, what: "rule", allowed: ruleKeys) {
            switch key {
            case "name": rule.name = reader.string(value, what: "name")
            case "match": rule.match = match(value, &reader)
            case "steps":
                rule.steps = steps(value, &reader)
                sawSteps = true
            case "after":
                let text = reader.string(value, what: "after") ?? ""
                if let after = AfterLastStep(rawValue: text) {
                    rule.after = after
                } else {
                    reader.problem(value, "after \(SourceProblem.excerpt(text)) is not known", fix: "use repeat_last, loop or fail")
                }
            default: break
            }
        }
        if !sawSteps { reader.problem(node, "the rule has no steps", fix: "add 'steps:' with at least one step") }
        return rule
    }

    static func match(_ node: Node, _ reader: inout YAMLReader) -> RequestMatch {
        var match = RequestMatch()
        for (key, value) in reader.mapping(node, what: "match", allowed: matchKeys) {
            switch key {
            case "method": match.method = reader.string(value, what: key)?.uppercased()
            case "path": match.path = reader.string(value, what: key)
            case "model": match.model = reader.string(value, what: key)
            case "stream": match.stream = reader.bool(value, what: key)
            case "last_user_message_contains": match.lastUserMessageContains = reader.string(value, what: key)
            case "has_tool_result": match.hasToolResult = reader.bool(value, what: key)
            case "body": match.body = reader.json(value)
            case "body_ignores":
                let items = value.sequence.map(Array.init) ?? [value]
                match.bodyIgnores = items.compactMap { reader.string($0, what: "body_ignores") }
            case "header":
                for (name, headerValue) in value.mapping.map(Array.init) ?? [] {
                    match.headers.append(name.string ?? "", headerValue.string ?? "")
                }
                if value.mapping == nil { reader.problem(value, "header should map names to values", fix: "write 'header: {anthropic-beta: \"*\"}'") }
            case "json":
                guard let mapping = value.mapping else {
                    reader.problem(value, "json should map paths to values", fix: "write 'json: {messages.0.role: user}'")
                    continue
                }
                for (pathNode, condition) in mapping {
                    let path = pathNode.string ?? ""
                    if let contains = condition.mapping?["contains"] {
                        match.json.append(.init(path: path, contains: reader.string(contains, what: "contains")))
                    } else {
                        match.json.append(.init(path: path, equals: reader.json(condition)))
                    }
                }
            default: break
            }
        }
        return match
    }

    static func steps(_ node: Node, _ reader: inout YAMLReader) -> [Step] {
        guard let sequence = node.sequence else {
            reader.problem(node, "steps should be a list", fix: "start each step with '- '")
            return []
        }
        if sequence.isEmpty { reader.problem(node, "steps is empty", fix: "add at least one step") }
        return sequence.map { step($0, &reader) }
    }

    static func step(_ node: Node, _ reader: inout YAMLReader) -> Step {
        var step = Step(.cassette(ScenarioEngine.bundledPath), location: reader.location(node))
        var reply = Reply()
        var error: ErrorAnswer?
        var cassette: String?
        var answerKinds: [String] = []
        var replyFields: [String] = []
        var errorExtras: [(String, Node)] = []
        for (key, value) in reader.mapping(node, what: "step", allowed: stepKeys) {
            switch key {
            case "cassette":
                cassette = reader.string(value, what: key)
                answerKinds.append(key)
            case "text", "thinking", "tool_use":
                answerKinds.append("reply")
                replyFields.append(key)
                if key == "text" { reply.text = reader.string(value, what: key) }
                if key == "thinking" { reply.thinking = reader.string(value, what: key) }
                if key == "tool_use", value.scalar?.string == "auto" {
                    reply.autoToolUse = true
                } else if key == "tool_use" {
                    let calls = value.sequence.map(Array.init) ?? [value]
                    reply.toolUses = calls.map { toolCall($0, &reader) }
                }
            case "reply":
                answerKinds.append("reply")
                replyFields.append(key)
                reply.autoToolUse = true
                if reader.string(value, what: key) != "auto" {
                    reader.problem(
                        value, "reply should be 'auto'", fix: "write 'reply: auto' for an answer synthesized to fit the request, or use text:/tool_use:")
                }
            case "signature": reply.signature = reader.string(value, what: key)
            case "stop_reason": reply.stopReason = reader.string(value, what: key)
            case "model": reply.model = reader.string(value, what: key)
            case "error":
                let type = reader.string(value, what: key) ?? ""
                if !ErrorAnswer.knownTypes.contains(type) {
                    let hint = Suggestion.closest(to: type, in: ErrorAnswer.knownTypes).map { "did you mean '\($0)'? " } ?? ""
                    reader.problem(
                        value, "unknown error type \(SourceProblem.excerpt(type))", fix: "\(hint)known: \(ErrorAnswer.knownTypes.joined(separator: ", "))")
                }
                error = ErrorAnswer(type: type)
                answerKinds.append(key)
            case "message", "status": errorExtras.append((key, value))
            case "times": step.times = reader.int(value, what: key, minimum: 1) ?? 1
            case "timing": step.timing = timing(value, &reader)
            case "headers":
                for (name, headerValue) in value.mapping.map(Array.init) ?? [] {
                    let (name, text) = (name.string ?? "", headerValue.string ?? "")
                    if let reason = HTTPHeaderList.problem(name: name, value: text) {
                        reader.problem(headerValue, reason, fix: "give each header a token name and a one-line value")
                        continue
                    }
                    step.headers.append(name, text)
                }
            case "faults":
                let items = value.sequence.map(Array.init) ?? [value]
                step.faults += items.compactMap { Fault.read($0, &reader) }
            default:
                // A fault written directly as a step key: `- overloaded: 529`.
                step.faults += Fault.read(name: key, node: node, value: value, &reader).map { [$0] } ?? []
            }
        }
        if Set(answerKinds).count > 1 {
            reader.problem(
                node, "a step has one answer, this one has \(Set(answerKinds).sorted().joined(separator: " and "))",
                fix: "split it into separate steps")
        }
        for (key, value) in errorExtras {
            guard error != nil else {
                reader.problem(value, "'\(key)' belongs to an 'error' step", fix: "add 'error: <type>' or remove '\(key)'")
                continue
            }
            if key == "message" { error?.message = reader.string(value, what: key) }
            if key == "status" { error?.status = reader.int(value, what: key, minimum: 100, maximum: 599) }
        }
        if let error {
            step.answer = .error(error)
        } else if let cassette {
            step.answer = .cassette(cassette)
        } else if !replyFields.isEmpty {
            step.answer = .reply(reply)
        }
        return step
    }

    static func toolCall(_ node: Node, _ reader: inout YAMLReader) -> ToolCall {
        var call = ToolCall(name: "")
        for (key, value) in reader.mapping(node, what: "tool_use", allowed: ["name", "input", "id"]) {
            switch key {
            case "name": call.name = reader.string(value, what: key) ?? ""
            case "id": call.id = reader.string(value, what: key)
            case "input":
                if let object = reader.json(value).objectValue {
                    call.input = object
                } else {
                    reader.problem(value, "tool input should be a mapping", fix: "write 'input: {location: Paris}'")
                }
            default: break
            }
        }
        if call.name.isEmpty { reader.problem(node, "tool_use has no name", fix: "add 'name: get_weather'") }
        return call
    }
}
