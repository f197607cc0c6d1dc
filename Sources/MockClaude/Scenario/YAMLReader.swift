import Yams

/// Reads YAML nodes into values, collecting `file:line` problems instead of stopping at the first.
struct YAMLReader {
    let file: String
    var problems: [SourceProblem] = []

    init(file: String) { self.file = file }

    func line(_ node: Node) -> Int { node.mark?.line ?? 0 }

    func location(_ node: Node) -> String { "\(file):\(line(node))" }

    mutating func problem(_ node: Node, _ message: String, fix: String? = nil) {
        problems.append(SourceProblem(file: file, line: line(node), message: message, fix: fix))
    }

    /// The pairs of a mapping with string keys; reports keys outside `allowed` with a suggestion.
    mutating func mapping(_ node: Node, what: String, allowed: [String]) -> [(key: String, value: Node)] {
        guard let mapping = node.mapping else {
            problem(node, "\(what) should be a mapping (key: value lines)")
            return []
        }
        var pairs: [(key: String, value: Node)] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else {
                problem(keyNode, "\(what) keys should be words")
                continue
            }
            if !allowed.contains(key) {
                let hint = Suggestion.closest(to: key, in: allowed).map { "did you mean '\($0)'? " } ?? ""
                problem(keyNode, "unknown \(what) key \(SourceProblem.excerpt(key))", fix: "\(hint)known: \(allowed.joined(separator: ", "))")
                continue
            }
            pairs.append((key, value))
        }
        return pairs
    }

    mutating func string(_ node: Node, what: String) -> String? {
        guard let scalar = node.scalar else {
            problem(node, "\(what) should be a single value")
            return nil
        }
        return scalar.string
    }

    mutating func int(_ node: Node, what: String, minimum: Int = 0, maximum: Int = 1_000_000_000) -> Int? {
        guard let value = node.int, value >= minimum, value <= maximum else {
            problem(node, "\(what) should be a whole number from \(minimum) to \(maximum)", fix: "write e.g. '\(what): \(max(minimum, 1))'")
            return nil
        }
        return value
    }

    mutating func double(_ node: Node, what: String, maximum: Double = 400 * 86_400) -> Double? {
        guard let value = node.float ?? node.int.map(Double.init), value.isFinite, value >= 0, value <= maximum else {
            problem(node, "\(what) should be a number from 0 to \(Int(exactly: maximum).map(String.init) ?? "\(maximum)")")
            return nil
        }
        return value
    }

    mutating func bool(_ node: Node, what: String) -> Bool? {
        guard let value = node.bool else {
            problem(node, "\(what) should be true or false")
            return nil
        }
        return value
    }

    mutating func duration(_ node: Node, what: String) -> Duration? {
        guard let text = node.scalar?.string, let value = DelayText.parse(text) else {
            problem(node, "\(what) should be a duration of at most 400 days (9600h)", fix: "write e.g. '\(what): 250ms' or '\(what): 1.5s'")
            return nil
        }
        return value
    }

    /// A YAML value as JSON: quoted scalars stay strings, plain ones resolve to null/bool/number.
    mutating func json(_ node: Node) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .singleQuoted || scalar.style == .doubleQuoted || scalar.style == .literal || scalar.style == .folded {
                return .string(scalar.string)
            }
            if node.null != nil { return .null }
            if let bool = node.bool { return .bool(bool) }
            if let int = node.int { return .int(int) }
            if let double = node.float { return .double(double) }
            return .string(scalar.string)
        case .sequence(let sequence):
            return .array(sequence.map { json($0) })
        case .mapping(let mapping):
            return .object(JSONObject(mapping.map { (key: $0.key.string ?? "", value: json($0.value)) }))
        case .alias:
            problem(node, "aliases are not supported here")
            return .null
        }
    }
}
