import Foundation

/// Makes strings that match a JSON Schema `pattern`: the regular-expression subset tool schemas
/// use, generated from a seed and then checked with `NSRegularExpression`.
///
/// Supported: literals and escapes, `.`, classes (`[a-z0-9_]`, `[^,]`, `\d`, `\w`, `\s` and their
/// negations), groups (`(…)`, `(?:…)`, named `(?<name>…)`) with `|`, the quantifiers `?`, `*`,
/// `+`, `{n}`, `{n,}`, `{n,m}` (lazy or not), and the anchors `^` and `$`. Lookarounds,
/// backreferences, word boundaries and Unicode properties are refused with the construct named.
///
/// ```swift
/// var random = SplitMix64(seed: 1)
/// try PatternGenerator.string(matching: #"^[A-Z]{3}-\d{4}$"#, random: &random) // "QRT-0427"
/// ```
package enum PatternGenerator {
    /// Why no string was made.
    package struct Unsupported: Error, Equatable {
        /// What in the pattern cannot be generated (`lookahead (?=`, `backreference \1`, …).
        public var construct: String
    }

    indirect enum Node {
        case literal(Character)
        case set([ClosedRange<UInt32>], negated: Bool)
        case sequence([Node])
        case alternation([Node])
        case repeated(Node, minimum: Int, maximum: Int?)
    }

    /// The longest string made; quantifiers asking for more are refused.
    static let longest = 1_000

    /// A string matching `pattern`, from `random`; checked against the pattern before it is returned.
    package static func string(matching pattern: String, random: inout SplitMix64) throws(Unsupported) -> String {
        var parser = Parser(characters: Array(pattern))
        let node = try parser.alternation()
        guard parser.index == parser.characters.count else { throw Unsupported(construct: "an unmatched ')'") }
        var output = ""
        try generate(node, into: &output, random: &random)
        guard let expression = try? NSRegularExpression(pattern: pattern),
            expression.firstMatch(in: output, range: NSRange(output.startIndex..., in: output)) != nil
        else { throw Unsupported(construct: "a construct the generator misreads (the string made does not match)") }
        return output
    }

    static func generate(_ node: Node, into output: inout String, random: inout SplitMix64) throws(Unsupported) {
        switch node {
        case .literal(let character): output.append(character)
        case .set(let ranges, let negated):
            let allowed = negated ? complement(ranges) : ranges
            let total = allowed.reduce(0) { $0 + Int($1.upperBound - $1.lowerBound) + 1 }
            guard total > 0 else { throw Unsupported(construct: "a character class nothing printable matches") }
            var pick = random.below(total)
            for range in allowed {
                let size = Int(range.upperBound - range.lowerBound) + 1
                if pick < size {
                    output.unicodeScalars.append(Unicode.Scalar(range.lowerBound + UInt32(pick)) ?? "x")
                    return
                }
                pick -= size
            }
        case .sequence(let nodes):
            for node in nodes { try generate(node, into: &output, random: &random) }
        case .alternation(let options): try generate(random.pick(options), into: &output, random: &random)
        case .repeated(let node, let minimum, let maximum):
            let count = random.within(minimum...max(minimum, min(maximum ?? minimum + 3, minimum + 3)))
            for _ in 0..<count {
                try generate(node, into: &output, random: &random)
                guard output.count <= longest else { throw Unsupported(construct: "quantifiers asking for more than \(longest) characters") }
            }
        }
    }

    /// Printable ASCII outside `ranges`.
    static func complement(_ ranges: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
        (0x20...0x7E).filter { scalar in !ranges.contains { $0.contains(scalar) } }.map { $0...$0 }
    }

    static let digits: [ClosedRange<UInt32>] = [0x30...0x39]
    static let word: [ClosedRange<UInt32>] = [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A]
    static let space: [ClosedRange<UInt32>] = [0x20...0x20]

    struct Parser {
        let characters: [Character]
        var index = 0
        /// Groups open around the current index; deeper than ``maximumDepth`` is refused.
        var depth = 0
        static let maximumDepth = 64

        var current: Character? { index < characters.count ? characters[index] : nil }

        mutating func alternation() throws(Unsupported) -> Node {
            var options = [try sequence()]
            while current == "|" {
                index += 1
                options.append(try sequence())
            }
            return options.count == 1 ? options[0] : .alternation(options)
        }

        mutating func sequence() throws(Unsupported) -> Node {
            var nodes: [Node] = []
            while let character = current, character != "|", character != ")" {
                if character == "^" || character == "$" {
                    index += 1
                    continue
                }
                let atom = try self.atom()
                nodes.append(try quantified(atom))
            }
            return .sequence(nodes)
        }

        mutating func quantified(_ atom: Node) throws(Unsupported) -> Node {
            var node = atom
            while let character = current, "?*+{".contains(character) {
                var bounds: (Int, Int?)
                switch character {
                case "?": bounds = (0, 1)
                case "*": bounds = (0, nil)
                case "+": bounds = (1, nil)
                default:
                    guard let braces = try braces() else { return node }
                    bounds = braces
                    index -= 1
                }
                index += 1
                if current == "?" || current == "+" { index += 1 }  // lazy or possessive: the same strings
                if let maximum = bounds.1, maximum < bounds.0 { throw Unsupported(construct: "a quantifier {\(bounds.0),\(maximum)} with its bounds reversed") }
                guard bounds.0 <= PatternGenerator.longest else {
                    throw Unsupported(construct: "quantifiers asking for more than \(PatternGenerator.longest) characters")
                }
                node = .repeated(node, minimum: bounds.0, maximum: bounds.1)
            }
            return node
        }

        /// `{n}`, `{n,}` or `{n,m}` at the current index (left just past the `}`), or `nil`
        /// (index unmoved) when the brace is a literal.
        mutating func braces() throws(Unsupported) -> (Int, Int?)? {
            guard let close = characters[index...].firstIndex(of: "}") else { return nil }
            let inside = String(characters[(index + 1)..<close])
            let parts = inside.split(separator: ",", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), let minimum = Int(parts[0]), minimum >= 0 else { return nil }
            var maximum: Int? = minimum
            if parts.count == 2 {
                if parts[1].isEmpty {
                    maximum = nil
                } else {
                    guard let value = Int(parts[1]) else { return nil }
                    maximum = value
                }
            }
            index = close + 1
            return (minimum, maximum)
        }

        mutating func atom() throws(Unsupported) -> Node {
            guard let character = current else { return .sequence([]) }
            index += 1
            switch character {
            case ".": return .set([0x30...0x39, 0x41...0x5A, 0x61...0x7A], negated: false)
            case "[": return try set()
            case "(":
                if current == "?" {
                    let next = index + 1 < characters.count ? characters[index + 1] : nil
                    if next == ":" {
                        index += 2
                    } else if next == "<", index + 2 < characters.count, !"=!".contains(characters[index + 2]) {
                        guard let close = characters[index...].firstIndex(of: ">") else { throw Unsupported(construct: "an unclosed group name") }
                        index = close + 1
                    } else {
                        throw Unsupported(construct: "lookaround or inline flags '(?\(next.map(String.init) ?? "")'")
                    }
                }
                depth += 1
                defer { depth -= 1 }
                guard depth <= Self.maximumDepth else { throw Unsupported(construct: "groups nested deeper than \(Self.maximumDepth)") }
                let inner = try alternation()
                guard current == ")" else { throw Unsupported(construct: "an unclosed '('") }
                index += 1
                return inner
            case "\\": return try escape(inClass: false)
            case "*", "+", "?": throw Unsupported(construct: "a quantifier '\(character)' with nothing before it")
            default: return .literal(character)
            }
        }

        mutating func escape(inClass: Bool) throws(Unsupported) -> Node {
            guard let character = current else { throw Unsupported(construct: "a trailing '\\'") }
            index += 1
            switch character {
            case "d": return .set(PatternGenerator.digits, negated: false)
            case "D": return .set(PatternGenerator.digits, negated: true)
            case "w": return .set(PatternGenerator.word, negated: false)
            case "W": return .set(PatternGenerator.word, negated: true)
            case "s": return .set(PatternGenerator.space, negated: false)
            case "S": return .set(PatternGenerator.space, negated: true)
            case "t": return .literal("\t")
            case "n": return .literal("\n")
            case "b" where inClass: return .literal("\u{8}")
            case "b", "B": throw Unsupported(construct: "word boundaries '\\\(character)'")
            case "p", "P": throw Unsupported(construct: "Unicode properties '\\\(character)'")
            case "u", "x":
                let width = character == "u" ? 4 : 2
                guard index + width <= characters.count, let value = UInt32(String(characters[index..<(index + width)]), radix: 16),
                    let scalar = Unicode.Scalar(value)
                else { throw Unsupported(construct: "an escape '\\\(character)' without its hex digits") }
                index += width
                return .literal(Character(scalar))
            case let digit where digit.isNumber: throw Unsupported(construct: "backreferences '\\\(digit)'")
            default: return .literal(character)
            }
        }

        mutating func set() throws(Unsupported) -> Node {
            var ranges: [ClosedRange<UInt32>] = []
            let negated = current == "^"
            if negated { index += 1 }
            var first = true
            while let character = current, character != "]" || first {
                first = false
                index += 1
                var low: UInt32
                if character == "\\" {
                    switch try escape(inClass: true) {
                    case .literal(let literal): low = literal.unicodeScalars.first?.value ?? 0
                    case .set(let more, let negatedClass):
                        ranges += negatedClass ? PatternGenerator.complement(more) : more
                        continue
                    default: continue
                    }
                } else {
                    low = character.unicodeScalars.first?.value ?? 0
                }
                if current == "-", index + 1 < characters.count, characters[index + 1] != "]" {
                    index += 1
                    var highCharacter = characters[index]
                    index += 1
                    if highCharacter == "\\", let escaped = current {
                        highCharacter = escaped
                        index += 1
                    }
                    let high = highCharacter.unicodeScalars.first?.value ?? 0
                    guard low <= high else { throw Unsupported(construct: "a class range with its ends reversed") }
                    ranges.append(low...high)
                } else {
                    ranges.append(low...low)
                }
            }
            guard current == "]" else { throw Unsupported(construct: "an unclosed '['") }
            index += 1
            return .set(ranges, negated: negated)
        }
    }
}
