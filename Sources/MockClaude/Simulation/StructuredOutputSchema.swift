/// What the API accepts as a structured output's schema (`output_config.format` of type
/// `json_schema`): a subset of JSON Schema.
///
/// [UNVERIFIED] The subset follows the structured-outputs documentation as summarised by
/// third-party guides (the SDKs' schema transformers move these constraints into descriptions):
/// numeric constraints (`minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`,
/// `multipleOf`), string lengths (`minLength`, `maxLength`), `minItems` above 1,
/// `additionalProperties` other than `false`, and recursive schemas are refused with a 400. The
/// exact wording of the real error is not known; ours names the keyword and where it is.
package enum StructuredOutputSchema {
    static let unsupported = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength"]

    /// The first keyword the API would refuse in `schema`, or `nil` when it is accepted.
    public static func problem(in schema: JSONValue) -> SchemaInstanceGenerator.Problem? {
        var visiting: Set<String> = []
        var budget = maximumVisits
        return problem(schema, root: schema, at: "#", depth: 0, visiting: &visiting, budget: &budget)
    }

    /// The most subschemas one check visits: references shared at every level would otherwise
    /// expand a small schema into billions of visits.
    static let maximumVisits = 10_000

    private static func problem(
        _ schema: JSONValue, root: JSONValue, at location: String, depth: Int, visiting: inout Set<String>, budget: inout Int
    ) -> SchemaInstanceGenerator.Problem? {
        guard depth < 64 else { return .init(keyword: "$ref", location: location, reason: "nests more than 64 levels deep") }
        budget -= 1
        guard budget >= 0 else {
            return .init(keyword: "$ref", location: location, reason: "expands to more than \(maximumVisits) subschemas, more than structured outputs take")
        }
        guard let object = schema.objectValue else { return nil }
        func refused(_ keyword: String, _ reason: String = "is not supported in structured outputs") -> SchemaInstanceGenerator.Problem {
            .init(keyword: keyword, location: location, reason: reason)
        }
        if let keyword = unsupported.first(where: { object[$0] != nil }) { return refused(keyword) }
        if let minimum = object["minItems"], (minimum.intValue ?? 2) > 1 { return refused("minItems", "above 1 is not supported in structured outputs") }
        if let additional = object["additionalProperties"], additional != .bool(false) {
            return refused("additionalProperties", "must be false in structured outputs")
        }
        if let reference = object["$ref"]?.stringValue {
            guard !visiting.contains(reference) else { return refused("$ref", "makes the schema recursive, which structured outputs do not support") }
            if let target = SchemaInstanceGenerator.pointee(reference, in: root) {
                visiting.insert(reference)
                defer { visiting.remove(reference) }
                if let found = problem(target, root: root, at: location + "/$ref", depth: depth + 1, visiting: &visiting, budget: &budget) { return found }
            }
        }
        var children: [(String, JSONValue)] = []
        for member in object["properties"]?.objectValue?.members ?? [] {
            children.append(("/properties/" + SchemaInstanceGenerator.escaped(member.key), member.value))
        }
        if let items = object["items"] { children.append(("/items", items)) }
        for keyword in ["prefixItems", "anyOf", "oneOf", "allOf"] {
            for (index, item) in (object[keyword]?.arrayValue ?? []).enumerated() { children.append(("/\(keyword)/\(index)", item)) }
        }
        for (path, child) in children {
            if let found = problem(child, root: root, at: location + path, depth: depth + 1, visiting: &visiting, budget: &budget) { return found }
        }
        return nil
    }
}
