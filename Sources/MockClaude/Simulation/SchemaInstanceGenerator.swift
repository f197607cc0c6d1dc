/// Makes a JSON value that is a valid instance of a JSON Schema: a synthesized tool call's
/// `input`, a structured output's text. The same seed gives the same instance.
///
/// Honoured: `type` (one or a list), `nullable`, `properties`, `required`, `additionalProperties`,
/// `minProperties`/`maxProperties`, `enum`, `const`, `items` (a schema, or a list as in draft 4),
/// `prefixItems`, `minItems`/`maxItems`, `uniqueItems`, `minimum`/`maximum`,
/// `exclusiveMinimum`/`exclusiveMaximum` (numbers, or draft 4's booleans), `multipleOf`,
/// `minLength`/`maxLength`, `pattern` (the subset ``PatternGenerator`` reads), `format` (`date-time`, `date`, `time`, `email`, `uri`, `uuid`,
/// `hostname`, `ipv4`, `ipv6`, `duration`; others are annotations), `$ref` into the schema
/// (`#/$defs/…`, `#/definitions/…`), `allOf`, `anyOf`, `oneOf`. Annotations (`description`,
/// `title`, `default`, `examples`, …) are ignored.
///
/// A keyword it cannot honour (`not`, `if`, a lookahead in a `pattern`, …) and a schema no value satisfies are a
/// ``Problem`` naming the keyword and where it is, never a wrong instance:
///
/// ```swift
/// var generator = SchemaInstanceGenerator(schema: schema, seed: 7)
/// let input = try generator.instance()   // or Problem: "#/properties/age: 'minimum' 5 is above 'maximum' 3"
/// ```
package struct SchemaInstanceGenerator {
    /// Why no instance was made: the keyword, where it is (a JSON pointer into the schema), why.
    package struct Problem: Error, Equatable, CustomStringConvertible {
        /// The keyword at fault (`pattern`, `minimum`, `$ref`, …).
        public var keyword: String
        /// Where it is, as a JSON pointer into the schema: `#/properties/age`.
        public var location: String
        /// What is wrong, as a sentence fragment after the keyword.
        public var reason: String

        public var description: String { "\(location): '\(keyword)' \(reason)" }
    }

    /// Keywords the generator cannot honour; a schema using one is refused.
    static let unsupportedKeywords = [
        "patternProperties", "not", "if", "then", "else", "contains", "minContains", "maxContains", "propertyNames",
        "dependentRequired", "dependentSchemas", "dependencies", "unevaluatedProperties", "unevaluatedItems", "$dynamicRef",
    ]
    /// How deep schemas may nest (through `$ref` too) before recursion is assumed.
    static let maximumDepth = 24
    /// How many values one instance may hold.
    static let maximumValues = 5_000
    /// The most items, properties or characters a `min…` keyword may ask for.
    static let largestMinimum = 1_000
    /// Integers stay within ±(2^53 − 1), which every JSON reader holds exactly.
    static let largestInteger: Double = 9_007_199_254_740_991

    private let root: JSONValue
    private var random: SplitMix64
    private var budget = SchemaInstanceGenerator.maximumValues

    /// A generator for instances of `schema`, fixed by `seed`.
    package init(schema: JSONValue, seed: UInt64) {
        root = schema
        random = SplitMix64(seed: seed)
    }

    /// A valid instance of the schema, or the problem that prevents one.
    package mutating func instance() throws(Problem) -> JSONValue {
        try value(root, at: "#", depth: 0)
    }

    // MARK: - Schemas

    private mutating func value(_ schema: JSONValue, at location: String, depth: Int) throws(Problem) -> JSONValue {
        budget -= 1
        guard budget >= 0 else {
            throw Problem(keyword: "minItems", location: location, reason: "and friends ask for more than \(Self.maximumValues) values in one instance")
        }
        guard depth <= Self.maximumDepth else {
            throw Problem(
                keyword: "$ref", location: location, reason: "nests deeper than \(Self.maximumDepth) levels (recursion that is required at every level?)")
        }
        switch schema {
        case .bool(true): return .string(word())
        case .bool(false): throw Problem(keyword: "false", location: location, reason: "accepts no value")
        case .object(let object): return try value(object, at: location, depth: depth)
        default: throw Problem(keyword: "type", location: location, reason: "is not a schema: a schema is an object or a boolean")
        }
    }

    private mutating func value(_ schema: JSONObject, at location: String, depth: Int) throws(Problem) -> JSONValue {
        for keyword in Self.unsupportedKeywords where schema[keyword] != nil {
            throw Problem(keyword: keyword, location: location, reason: "is not supported by mockclaude's instance generator")
        }
        if let reference = schema["$ref"] {
            let target = try resolve(reference, at: location)
            var rest = schema
            rest["$ref"] = nil
            return try value(.object(Self.merged(target, rest)), at: location + "/$ref", depth: depth + 1)
        }
        if let constant = schema["const"] { return constant }
        if let options = schema["enum"] {
            guard let items = options.arrayValue, !items.isEmpty else {
                throw Problem(keyword: "enum", location: location, reason: "should be a list with at least one value")
            }
            return random.pick(items)
        }
        if let all = schema["allOf"] {
            var rest = schema
            rest["allOf"] = nil
            for (index, part) in try list(all, "allOf", at: location).enumerated() {
                let resolved =
                    try part["$ref"].map { reference throws(Problem) in try resolve(reference, at: location + "/allOf/\(index)") } ?? part.objectValue
                guard let resolved else { throw Problem(keyword: "allOf", location: location, reason: "item \(index) is not a schema object") }
                rest = Self.merged(rest, resolved)
            }
            return try value(.object(rest), at: location, depth: depth + 1)
        }
        for keyword in ["anyOf", "oneOf"] {
            guard let alternatives = schema[keyword] else { continue }
            let options = try list(alternatives, keyword, at: location)
            var rest = schema
            rest[keyword] = nil
            let start = random.below(options.count)
            var firstProblem: Problem?
            for offset in 0..<options.count {
                let index = (start + offset) % options.count
                guard let option = options[index].objectValue else { continue }
                do {
                    return try value(.object(Self.merged(rest, option)), at: location + "/\(keyword)/\(index)", depth: depth + 1)
                } catch {
                    firstProblem = firstProblem ?? error
                }
            }
            throw firstProblem ?? Problem(keyword: keyword, location: location, reason: "has no schema object to choose")
        }
        switch try type(of: schema, at: location) {
        case "null": return .null
        case "boolean": return .bool(random.coin())
        case "integer": return try integer(schema, at: location)
        case "number": return try number(schema, at: location)
        case "string": return .string(try string(schema, at: location))
        case "array": return try array(schema, at: location, depth: depth)
        default: return try object(schema, at: location, depth: depth)
        }
    }

    /// The type to make: one of the schema's `type`s (rarely `null` when others are allowed), or
    /// the one its keywords imply.
    private mutating func type(of schema: JSONObject, at location: String) throws(Problem) -> String {
        let known = ["null", "boolean", "integer", "number", "string", "array", "object"]
        var types: [String]
        switch schema["type"] {
        case .string(let name)?: types = [name]
        case .array(let names)?: types = names.compactMap(\.stringValue)
        case nil: types = []
        default: throw Problem(keyword: "type", location: location, reason: "should be a type name or a list of them")
        }
        if let unknown = types.first(where: { !known.contains($0) }) {
            throw Problem(keyword: "type", location: location, reason: "'\(unknown)' is not a JSON Schema type (known: \(known.joined(separator: ", ")))")
        }
        if schema["nullable"]?.boolValue == true { types.append("null") }
        if types.isEmpty {
            let implied: [(String, [String])] = [
                ("object", ["properties", "required", "additionalProperties", "minProperties", "maxProperties"]),
                ("array", ["items", "prefixItems", "minItems", "maxItems", "uniqueItems"]),
                ("number", ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]),
                ("string", ["minLength", "maxLength", "format"]),
            ]
            return implied.first { $0.1.contains { schema[$0] != nil } }?.0 ?? "string"
        }
        let solid = types.filter { $0 != "null" }
        if solid.isEmpty || (solid.count < types.count && random.below(4) == 0) { return "null" }
        return random.pick(solid)
    }

    // MARK: - Numbers

    /// The integers the schema allows, as `lower...upper`, within ±(2^53 − 1).
    private func integerBounds(_ schema: JSONObject, at location: String) throws(Problem) -> (lower: Double, upper: Double, bounded: (Bool, Bool)) {
        var lower = -Self.largestInteger, upper = Self.largestInteger
        var bounded = (false, false)
        let exclusiveFlags = (schema["exclusiveMinimum"]?.boolValue ?? false, schema["exclusiveMaximum"]?.boolValue ?? false)
        if let minimum = try number(schema, "minimum", at: location) {
            lower = max(lower, exclusiveFlags.0 ? minimum.rounded(.down) + 1 : minimum.rounded(.up))
            bounded.0 = true
        }
        if let minimum = try number(schema, "exclusiveMinimum", at: location) {
            lower = max(lower, minimum.rounded(.down) + 1)
            bounded.0 = true
        }
        if let maximum = try number(schema, "maximum", at: location) {
            upper = min(upper, exclusiveFlags.1 ? maximum.rounded(.up) - 1 : maximum.rounded(.down))
            bounded.1 = true
        }
        if let maximum = try number(schema, "exclusiveMaximum", at: location) {
            upper = min(upper, maximum.rounded(.up) - 1)
            bounded.1 = true
        }
        return (lower, upper, bounded)
    }

    /// A number keyword's value; draft 4's boolean `exclusiveMinimum`/`exclusiveMaximum` are not numbers.
    private func number(_ schema: JSONObject, _ keyword: String, at location: String) throws(Problem) -> Double? {
        switch schema[keyword] {
        case nil, .bool?: return nil
        case .int(let value)?: return Double(value)
        case .double(let value)? where value.isFinite: return value
        default: throw Problem(keyword: keyword, location: location, reason: "should be a number")
        }
    }

    private mutating func integer(_ schema: JSONObject, at location: String) throws(Problem) -> JSONValue {
        let (lower, upper, bounded) = try integerBounds(schema, at: location)
        guard lower <= upper else {
            throw Problem(keyword: "minimum", location: location, reason: "is above 'maximum': no integer lies between them")
        }
        // Both are whole and within ±2^53 here, so the conversions are exact.
        guard var low = Checked.integer(lower), var high = Checked.integer(upper) else {
            throw Problem(keyword: "minimum", location: location, reason: "is out of range")
        }
        switch bounded {
        case (false, false): (low, high) = (0, 100)
        case (true, false): high = min(high, low + 100)
        case (false, true): low = max(low, high - 100)
        case (true, true): break
        }
        guard let step = schema["multipleOf"] else { return .int(random.within(low...high)) }
        guard let divisor = Checked.integer(try number(schema, "multipleOf", at: location) ?? 0), divisor > 0 else {
            throw Problem(
                keyword: "multipleOf", location: location, reason: "\(step.compactString) is not a whole number above 0 (the generator needs one for integers)")
        }
        let first = Self.ceilingDivide(low, divisor), last = Self.floorDivide(high, divisor)
        guard first <= last else {
            throw Problem(keyword: "multipleOf", location: location, reason: "\(divisor) has no multiple between \(low) and \(high)")
        }
        // |k × divisor| stays within the bounds, themselves within ±2^53.
        return .int(random.within(first...min(last, first + 20)) * divisor)
    }

    private mutating func number(_ schema: JSONObject, at location: String) throws(Problem) -> JSONValue {
        guard let divisor = try number(schema, "multipleOf", at: location) else {
            let (lower, upper, _) = try integerBounds(schema, at: location)
            guard lower <= upper else {
                // No whole number fits (0.1 < x < 0.2): the middle of the bounds.
                let low = try [number(schema, "minimum", at: location), number(schema, "exclusiveMinimum", at: location)].compactMap { $0 }.max() ?? -1e6
                let high = try [number(schema, "maximum", at: location), number(schema, "exclusiveMaximum", at: location)].compactMap { $0 }.min() ?? 1e6
                let middle = low / 2 + high / 2
                guard try allows(middle, schema, at: location) else {
                    throw Problem(keyword: "minimum", location: location, reason: "is above 'maximum': no number lies between them")
                }
                return .double(middle)
            }
            let whole = try integer(schema, at: location)
            // Half the time a fraction, when it stays within the bounds.
            guard random.coin(), let base = whole.intValue else { return whole }
            let candidate = Double(base) + 0.5
            if try allows(candidate, schema, at: location) { return .double(candidate) }
            return whole
        }
        guard divisor > 0 else { throw Problem(keyword: "multipleOf", location: location, reason: "should be above 0") }
        let (lower, upper, _) = try integerBounds(schema, at: location)
        let low = max(lower, -1e6), high = min(upper, 1e6)
        let first = (low / divisor).rounded(.up), last = (high / divisor).rounded(.down)
        guard first <= last else {
            throw Problem(keyword: "multipleOf", location: location, reason: "\(divisor) has no multiple within the bounds")
        }
        // A divisor so small its multiples overflow: nothing the generator can write.
        guard abs(first) <= Self.largestInteger, abs(last) <= Self.largestInteger, let span = Int(exactly: min(last - first, 40)) else {
            throw Problem(keyword: "multipleOf", location: location, reason: "\(divisor) is too small for the generator")
        }
        // Multiples whose quotient reads back whole in binary floating point (as validators check).
        let start = random.within(0...span)
        for offset in 0...span {
            let candidate = (first + Double((start + offset) % (span + 1))) * divisor
            if candidate.isFinite, (candidate / divisor).rounded() == candidate / divisor, try allows(candidate, schema, at: location) {
                return Checked.integer(candidate).map { .int($0) } ?? .double(candidate)
            }
        }
        throw Problem(keyword: "multipleOf", location: location, reason: "\(divisor) has no multiple the generator can write exactly within the bounds")
    }

    /// Whether `value` meets the schema's numeric bounds (exclusive ones too).
    private func allows(_ value: Double, _ schema: JSONObject, at location: String) throws(Problem) -> Bool {
        let exclusiveFlags = (schema["exclusiveMinimum"]?.boolValue ?? false, schema["exclusiveMaximum"]?.boolValue ?? false)
        if let minimum = try number(schema, "minimum", at: location), exclusiveFlags.0 ? value <= minimum : value < minimum { return false }
        if let maximum = try number(schema, "maximum", at: location), exclusiveFlags.1 ? value >= maximum : value > maximum { return false }
        if let minimum = try number(schema, "exclusiveMinimum", at: location), value <= minimum { return false }
        if let maximum = try number(schema, "exclusiveMaximum", at: location), value >= maximum { return false }
        return true
    }

    private static func floorDivide(_ a: Int, _ b: Int) -> Int {
        let (q, r) = a.quotientAndRemainder(dividingBy: b)
        return r < 0 ? q - 1 : q
    }

    private static func ceilingDivide(_ a: Int, _ b: Int) -> Int {
        let (q, r) = a.quotientAndRemainder(dividingBy: b)
        return r > 0 ? q + 1 : q
    }

    // MARK: - Strings

    private mutating func string(_ schema: JSONObject, at location: String) throws(Problem) -> String {
        let minimum = try count(schema, "minLength", at: location) ?? 0
        let maximum = try count(schema, "maxLength", at: location)
        if let maximum, maximum < minimum {
            throw Problem(keyword: "maxLength", location: location, reason: "\(maximum) is below 'minLength' \(minimum)")
        }
        if let pattern = schema["pattern"] {
            guard let pattern = pattern.stringValue else { throw Problem(keyword: "pattern", location: location, reason: "should be a string") }
            // Patterns and lengths are met together by trying a few strings.
            for _ in 0..<20 {
                let text: String
                do { text = try PatternGenerator.string(matching: pattern, random: &random) } catch {
                    throw Problem(
                        keyword: "pattern", location: location, reason: "uses \(error.construct), which mockclaude's instance generator does not produce")
                }
                if text.count >= minimum, text.count <= (maximum ?? .max) { return text }
            }
            throw Problem(keyword: "pattern", location: location, reason: "makes no string the generator finds within 'minLength'/'maxLength'")
        }
        if let format = schema["format"]?.stringValue, let text = formatted(format) {
            guard text.count >= minimum, text.count <= (maximum ?? .max) else {
                throw Problem(keyword: "format", location: location, reason: "'\(format)' values do not fit 'minLength'/'maxLength' here")
            }
            return text
        }
        var text = (0...random.below(3)).map { _ in word() }.joined(separator: " ")
        while text.count < minimum { text += " " + word() }
        if let maximum, text.count > maximum { text = String(text.prefix(maximum)) }
        return text
    }

    /// A value in a known `format`, or `nil` for a format that is only an annotation.
    private mutating func formatted(_ format: String) -> String? {
        func digits(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let date = { (random: inout SplitMix64) in
            "20\(digits(random.within(20...29), 2))-\(digits(random.within(1...12), 2))-\(digits(random.within(1...28), 2))"
        }
        let time = { (random: inout SplitMix64) in
            "\(digits(random.within(0...23), 2)):\(digits(random.within(0...59), 2)):\(digits(random.within(0...59), 2))Z"
        }
        switch format {
        case "date-time": return date(&random) + "T" + time(&random)
        case "date": return date(&random)
        case "time": return time(&random)
        case "email", "idn-email": return "\(word()).\(word())@example.com"
        case "uri", "url", "iri", "uri-reference", "iri-reference": return "https://example.com/\(word())/\(random.within(1...999))"
        case "hostname", "idn-hostname": return "\(word()).example.com"
        case "ipv4": return "10.\(random.within(0...255)).\(random.within(0...255)).\(random.within(1...254))"
        case "ipv6": return "2001:db8::\(String(random.within(1...0xffff), radix: 16))"
        case "duration": return "P\(random.within(1...30))DT\(random.within(1...23))H"
        case "uuid":
            let hex = (0..<32).map { _ in String(random.below(16), radix: 16) }
            var characters = hex
            characters[12] = "4"
            characters[16] = String(8 + random.below(4), radix: 16)
            let text = characters.joined()
            let cuts = [0, 8, 12, 16, 20, 32]
            return (0..<5).map { index in
                let start = text.index(text.startIndex, offsetBy: cuts[index]), end = text.index(text.startIndex, offsetBy: cuts[index + 1])
                return String(text[start..<end])
            }.joined(separator: "-")
        default: return nil
        }
    }

    private static let words = [
        "amber", "harbor", "north", "cedar", "quiet", "river", "lantern", "meadow", "copper", "signal", "orbit", "willow",
        "granite", "echo", "summit", "violet", "ember", "canyon", "delta", "falcon", "marble", "pixel", "tundra", "zephyr",
    ]

    private mutating func word() -> String { random.pick(Self.words) }

    // MARK: - Arrays and objects

    private mutating func array(_ schema: JSONObject, at location: String, depth: Int) throws(Problem) -> JSONValue {
        let minimum = try count(schema, "minItems", at: location) ?? 0
        let maximum = try count(schema, "maxItems", at: location)
        if let maximum, maximum < minimum {
            throw Problem(keyword: "maxItems", location: location, reason: "\(maximum) is below 'minItems' \(minimum)")
        }
        var prefix: [JSONValue] = []
        var rest: JSONValue? = .bool(true)
        if let items = schema["prefixItems"] { prefix = try list(items, "prefixItems", at: location) }
        switch schema["items"] {
        case .array(let tuple)?:
            prefix = tuple
            rest = schema["additionalItems"] ?? .bool(true)
        case let items?: rest = items
        case nil: break
        }
        if rest == .bool(false) { rest = nil }
        let most = rest == nil ? min(maximum ?? prefix.count, prefix.count) : (maximum ?? .max)
        guard minimum <= most else {
            throw Problem(keyword: "minItems", location: location, reason: "\(minimum) is more than the \(most) items 'items' allows")
        }
        // Deep in a schema, only what is required.
        let extra = depth >= Self.maximumDepth / 2 ? 0 : random.within(0...3)
        let wanted = min(most, minimum + extra)
        let unique = schema["uniqueItems"]?.boolValue == true
        var items: [JSONValue] = []
        var seen = Set<String>()
        for index in 0..<wanted {
            let itemSchema = index < prefix.count ? prefix[index] : (rest ?? .bool(false))
            var item = try value(itemSchema, at: location + (index < prefix.count ? "/prefixItems/\(index)" : "/items"), depth: depth + 1)
            if unique {
                var attempts = 0
                while seen.contains(item.canonical.compactString), attempts < 16 {
                    item = try value(itemSchema, at: location + "/items", depth: depth + 1)
                    attempts += 1
                }
                guard seen.insert(item.canonical.compactString).inserted else {
                    if index < minimum {
                        throw Problem(
                            keyword: "uniqueItems", location: location,
                            reason: "cannot be met: 'items' allows too few distinct values for 'minItems' \(minimum)")
                    }
                    break
                }
            }
            items.append(item)
        }
        return .array(items)
    }

    private mutating func object(_ schema: JSONObject, at location: String, depth: Int) throws(Problem) -> JSONValue {
        let properties: JSONObject
        switch schema["properties"] {
        case .object(let object)?: properties = object
        case nil: properties = JSONObject()
        default: throw Problem(keyword: "properties", location: location, reason: "should map names to schemas")
        }
        let required = try list(schema["required"] ?? .array([]), "required", at: location).map { name throws(Problem) -> String in
            guard let name = name.stringValue else { throw Problem(keyword: "required", location: location, reason: "should list property names") }
            return name
        }
        let additional = schema["additionalProperties"] ?? .bool(true)
        let minimum = try count(schema, "minProperties", at: location) ?? 0
        let maximum = try count(schema, "maxProperties", at: location)
        if let maximum, maximum < minimum {
            throw Problem(keyword: "maxProperties", location: location, reason: "\(maximum) is below 'minProperties' \(minimum)")
        }
        var result = JSONObject()
        var optional: [String] = []
        let shallow = depth < Self.maximumDepth / 2
        for (name, propertySchema) in properties.members {
            if required.contains(name) || (shallow && random.coin()) {
                result[name] = try value(propertySchema, at: location + "/properties/" + Self.escaped(name), depth: depth + 1)
                if !required.contains(name) { optional.append(name) }
            }
        }
        for name in required where result[name] == nil {
            guard additional != .bool(false) else {
                throw Problem(
                    keyword: "required", location: location,
                    reason: "names '\(name)', which 'properties' does not define and 'additionalProperties: false' forbids")
            }
            result[name] = try value(additional, at: location + "/additionalProperties", depth: depth + 1)
        }
        // Up to minProperties: the optional properties left out, then new ones where allowed.
        for (name, propertySchema) in properties.members where result.members.count < minimum && result[name] == nil {
            result[name] = try value(propertySchema, at: location + "/properties/" + Self.escaped(name), depth: depth + 1)
            optional.append(name)
        }
        var number = 1
        while result.members.count < minimum {
            guard additional != .bool(false) else {
                throw Problem(keyword: "minProperties", location: location, reason: "\(minimum) is more than the properties allowed")
            }
            let name = "extra_\(number)"
            number += 1
            if result[name] == nil { result[name] = try value(additional, at: location + "/additionalProperties", depth: depth + 1) }
        }
        if let maximum {
            while result.members.count > maximum, let name = optional.popLast() { result[name] = nil }
            guard result.members.count <= maximum else {
                throw Problem(keyword: "maxProperties", location: location, reason: "\(maximum) is less than the \(required.count) required properties")
            }
        }
        return .object(result)
    }

    // MARK: - Helpers

    /// A `min…`/`max…` count: a whole number from 0 to ``largestMinimum`` (larger maxima are
    /// held there, larger minima refused).
    private func count(_ schema: JSONObject, _ keyword: String, at location: String) throws(Problem) -> Int? {
        guard let value = schema[keyword] else { return nil }
        guard let count = value.intValue, count >= 0 else {
            throw Problem(
                keyword: keyword, location: location, reason: "should be a whole number of at least 0, not \(SourceProblem.excerpt(value.compactString))")
        }
        if keyword.hasPrefix("max") { return min(count, Self.largestMinimum) }
        guard count <= Self.largestMinimum else {
            throw Problem(keyword: keyword, location: location, reason: "\(count) is more than the \(Self.largestMinimum) the generator makes")
        }
        return count
    }

    private func list(_ value: JSONValue, _ keyword: String, at location: String) throws(Problem) -> [JSONValue] {
        guard let items = value.arrayValue, !(items.isEmpty && keyword != "required") else {
            throw Problem(keyword: keyword, location: location, reason: "should be a non-empty list")
        }
        return items
    }

    /// The schema object a local `$ref` (`#`, `#/$defs/name`, any JSON pointer) points at.
    private func resolve(_ reference: JSONValue, at location: String) throws(Problem) -> JSONObject {
        guard let text = reference.stringValue, text.hasPrefix("#") else {
            throw Problem(
                keyword: "$ref", location: location,
                reason: "\(SourceProblem.excerpt(reference.compactString)) points outside the schema; only local references (#/$defs/…) are supported")
        }
        guard let node = Self.pointee(text, in: root) else {
            throw Problem(keyword: "$ref", location: location, reason: "\(SourceProblem.excerpt(text)) points at nothing in the schema")
        }
        switch node {
        case .object(let object): return object
        case .bool(true): return JSONObject()
        default: throw Problem(keyword: "$ref", location: location, reason: "\(SourceProblem.excerpt(text)) does not point at a schema object")
        }
    }

    /// The value a local reference (`#`, `#/$defs/name`, any JSON pointer) points at.
    static func pointee(_ reference: String, in root: JSONValue) -> JSONValue? {
        guard reference.hasPrefix("#") else { return nil }
        var node = root
        for raw in reference.dropFirst().split(separator: "/", omittingEmptySubsequences: true) {
            let token = raw.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            if let object = node.objectValue, let next = object[token] {
                node = next
            } else if let array = node.arrayValue, let index = Int(token), array.indices.contains(index) {
                node = array[index]
            } else {
                return nil
            }
        }
        return node
    }

    /// `base` with `extra` over it; `properties` are joined and `required` lists concatenated.
    static func merged(_ base: JSONObject, _ extra: JSONObject) -> JSONObject {
        var result = base
        for (key, value) in extra.members {
            switch (key, result[key], value) {
            case ("properties", .object(var mine)?, .object(let theirs)):
                for member in theirs.members { mine[member.key] = member.value }
                result[key] = .object(mine)
            case ("required", .array(let mine)?, .array(let theirs)):
                result[key] = .array(mine + theirs.filter { !mine.contains($0) })
            default:
                result[key] = value
            }
        }
        return result
    }

    /// A property name as a JSON pointer token.
    static func escaped(_ name: String) -> String {
        name.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
