/// A JSON value that keeps object keys in the order they were written.
///
/// The real API's bodies have a stable key order (`model, id, type, role, content, …`); keeping
/// order lets the mock echo what a cassette recorded instead of reshuffling it.
///
/// ```swift
/// let value = try JSONValue.parse(#"{"type":"ping"}"#)
/// value["type"]?.stringValue // "ping"
/// ```
public enum JSONValue: Sendable, Equatable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number written without fraction or exponent that fits an `Int`.
    case int(Int)
    /// Any other number.
    case double(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object, its keys in order.
    case object(JSONObject)

    /// The string, if this is a string.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The integer, if this is an integral number.
    public var intValue: Int? {
        switch self {
        case .int(let i): return i
        case .double(let d) where d.rounded() == d && abs(d) < 9e15: return Int(d)
        default: return nil
        }
    }

    /// The object, if this is an object.
    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The elements, if this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The boolean, if this is a boolean.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// Whether this is `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The member named `key`, if this is an object that has it.
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }

    /// The name of this value's JSON kind as the API's validation messages use it.
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .int, .double: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    /// A string from a literal.
    public init(stringLiteral value: String) { self = .string(value) }
    /// A number from an integer literal.
    public init(integerLiteral value: Int) { self = .int(value) }
    /// `true` or `false` from a literal.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

/// A JSON object whose members keep their insertion order.
///
/// Objects of nine members or more are looked up through a key index, so building or reading an
/// object of n members takes time linear in n (a hostile body with 40,000 keys parses as fast as
/// any other); smaller ones are searched in order, which is cheaper than hashing their keys.
public struct JSONObject: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    /// The members in order.
    public private(set) var members: [(key: String, value: JSONValue)]
    /// Where each key's first member stands; `nil` for small objects, which are searched in order.
    private var positions: [String: Int]?

    /// Objects this small are searched member by member: cheaper than hashing every key into an
    /// index, and most objects in a request (messages, blocks) are this small.
    private static let indexedFrom = 9

    /// An object with these members, in order.
    public init(_ members: [(key: String, value: JSONValue)] = []) {
        self.members = members
        self.positions = JSONObject.index(members)
    }

    /// An object from members as parsed, in order, each set in turn (a repeated key keeps its
    /// first place and takes its last value), in an array of their count.
    init(parsed members: ArraySlice<(key: String, value: JSONValue)>) {
        self.init()
        self.members.reserveCapacity(members.count)
        for member in members { self[member.key] = member.value }
    }

    /// An object from a literal, in the literal's order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements.map { (key: $0.0, value: $0.1) })
    }

    private static func index(_ members: [(key: String, value: JSONValue)]) -> [String: Int]? {
        guard members.count >= indexedFrom else { return nil }
        var positions: [String: Int] = [:]
        positions.reserveCapacity(members.count)
        for (offset, member) in members.enumerated() where positions[member.key] == nil { positions[member.key] = offset }
        return positions
    }

    /// Where the first member named `key` is.
    private func position(of key: String) -> Int? {
        if let positions { return positions[key] }
        // Keys of another length are passed over without a string comparison (most keys
        // differ, and comparing two different short strings leaves the inline fast path).
        let length = key.utf8.count
        return members.firstIndex { $0.key.utf8.count == length && $0.key == key }
    }

    /// The value of the first member named `key`; setting `nil` removes it.
    public subscript(key: String) -> JSONValue? {
        get { position(of: key).map { members[$0].value } }
        set {
            if let index = position(of: key) {
                if let newValue {
                    members[index].value = newValue
                } else {
                    members.remove(at: index)
                    positions = JSONObject.index(members)
                }
            } else if let newValue {
                members.append((key: key, value: newValue))
                if positions != nil {
                    positions?[key] = members.count - 1
                } else if members.count >= JSONObject.indexedFrom {
                    positions = JSONObject.index(members)
                }
            }
        }
    }

    /// The keys in order.
    public var keys: [String] { members.map(\.key) }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.members.count == rhs.members.count
            && zip(lhs.members, rhs.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}
