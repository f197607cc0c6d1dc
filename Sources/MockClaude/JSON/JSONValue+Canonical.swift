extension JSONValue {
    /// The value with every object's keys in sorted order (duplicate keys: the first kept), so two
    /// documents that differ only in key order or whitespace have equal canonical forms and the
    /// same ``compactString``.
    ///
    /// ```swift
    /// try JSONValue.parse(#"{"b":1, "a":2}"#).canonical.compactString  // {"a":2,"b":1}
    /// ```
    public var canonical: JSONValue {
        switch self {
        case .array(let items): return .array(items.map(\.canonical))
        case .object(let object):
            var seen = Set<String>()
            let sorted = object.keys.filter { seen.insert($0).inserted }.sorted()
            return .object(JSONObject(sorted.map { (key: $0, value: object[$0]?.canonical ?? .null) }))
        case .int, .double, .bool, .string, .null: return self
        }
    }

    /// Whether two values are equal once key order is ignored.
    public func isCanonicallyEqual(to other: JSONValue) -> Bool { canonical == other.canonical }

    /// The value with the member at each dotted path removed (`metadata.user_id`), and an object
    /// the removal leaves empty removed with it (`{"metadata": {"user_id": …}}` becomes `{}`);
    /// paths that name nothing are ignored.
    public func removing(_ paths: [String]) -> JSONValue {
        paths.reduce(self) { value, path in value.removing(path.split(separator: ".").map(String.init)[...]) }
    }

    private func removing(_ path: ArraySlice<String>) -> JSONValue {
        guard let key = path.first, case .object(var object) = self else { return self }
        if path.count == 1 {
            object[key] = nil
        } else if let child = object[key] {
            let pruned = child.removing(path.dropFirst())
            object[key] = pruned.objectValue?.keys.isEmpty == true && pruned != child ? nil : pruned
        }
        return .object(object)
    }
}
