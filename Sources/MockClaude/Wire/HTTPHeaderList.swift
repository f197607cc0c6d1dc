/// Ordered HTTP header fields with case-insensitive lookup.
///
/// ```swift
/// var headers: HTTPHeaderList = [("Request-Id", "req_1")]
/// headers["request-id"] // "req_1"
/// ```
public struct HTTPHeaderList: Sendable, Equatable, ExpressibleByArrayLiteral, Sequence {
    /// The fields in order, names as written.
    public private(set) var fields: [(name: String, value: String)]

    /// Whether every field is known to be sendable as it is (``isSendable(name:value:)``), so
    /// the writer copies the fields without checking each byte again. Lists made from fields
    /// checked once (a ``HeaderLayout``'s) start out so, and each field added keeps it only if
    /// it passes; any other list is checked as it is written. Not part of equality.
    private(set) var allSendable = false

    /// The fields written out once, for the writer to copy (see ``HeaderRendering``): carried
    /// only by a list made from a layout, and dropped by any change. Not part of equality.
    private(set) var rendering: HeaderRendering?

    /// A list holding `fields` in order.
    public init(_ fields: [(name: String, value: String)] = []) {
        self.fields = fields
    }

    /// A list holding `fields`, which the caller has made sure are all sendable (checked once
    /// when laid out, or made by the mock itself).
    init(sendable fields: [(name: String, value: String)], rendering: HeaderRendering? = nil) {
        self.fields = fields
        self.allSendable = true
        self.rendering = rendering
    }

    /// Fields from a literal, in order: `[("content-type", "application/json")]`.
    public init(arrayLiteral elements: (String, String)...) {
        self.fields = elements.map { (name: $0.0, value: $0.1) }
    }

    /// The first value of the field `name` (case-insensitive).
    public subscript(name: String) -> String? {
        return fields.first(where: { HTTPHeaderList.equalsIgnoringASCIICase($0.name, name) })?.value
    }

    /// Every value of the field `name` (case-insensitive).
    public func values(_ name: String) -> [String] {
        return fields.filter { HTTPHeaderList.equalsIgnoringASCIICase($0.name, name) }.map(\.value)
    }

    /// Adds a field at the end, keeping any existing ones.
    public mutating func append(_ name: String, _ value: String) {
        allSendable = allSendable && Self.isSendable(name: name, value: value)
        rendering = nil
        fields.append((name: name, value: value))
    }

    /// Replaces every field `name` with one holding `value`, where the first one stood (or at the end).
    public mutating func set(_ name: String, _ value: String) {
        allSendable = allSendable && Self.isSendable(name: name, value: value)
        rendering = nil
        if let first = fields.firstIndex(where: { HTTPHeaderList.equalsIgnoringASCIICase($0.name, name) }) {
            fields[first].value = value
            var index = fields.count - 1
            while index > first {
                if HTTPHeaderList.equalsIgnoringASCIICase(fields[index].name, name) { fields.remove(at: index) }
                index -= 1
            }
        } else {
            fields.append((name: name, value: value))
        }
    }

    /// Removes every field `name`.
    public mutating func remove(_ name: String) {
        rendering = nil
        fields.removeAll { HTTPHeaderList.equalsIgnoringASCIICase($0.name, name) }
    }

    /// These headers without the ones that describe how a body was framed or encoded on some
    /// other connection (`content-length`, `transfer-encoding`, `connection`, `keep-alive`,
    /// `content-encoding`): a proxied or recorded answer gets its own framing from the writer.
    public func removingFraming() -> HTTPHeaderList {
        let framing = HTTPResponseHead.writerOwnedHeaders.union(["content-encoding"])
        return HTTPHeaderList(fields.filter { !framing.contains($0.name.lowercased()) })
    }

    /// Why `name: value` cannot be sent as a header field, or `nil` when it can: the name must be
    /// an RFC 9110 token and the value must hold no CR, LF or NUL (which would end the field and
    /// inject others).
    public static func problem(name: String, value: String) -> String? {
        if name.isEmpty { return "a header needs a name" }
        if let bad = name.unicodeScalars.first(where: { !$0.isASCII || !isTokenByte(UInt8($0.value)) }) {
            return "header name \(SourceProblem.excerpt(name)) has \(SourceProblem.excerpt(String(bad))), which a header name cannot hold"
        }
        if value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
            return "the value of header '\(name)' holds a line break or NUL, which would inject header lines"
        }
        return nil
    }

    /// Whether `name: value` can be sent as it is: the bytes ``problem(name:value:)`` accepts.
    static func isSendable(name: String, value: String) -> Bool {
        var name = name, value = value
        return name.withUTF8 { isToken(UnsafeRawBufferPointer($0)) } && !value.withUTF8 { breaksLine(UnsafeRawBufferPointer($0)) }
    }

    /// Whether `bytes` are a header name: an RFC 9110 token, not empty.
    static func isToken(_ bytes: UnsafeRawBufferPointer) -> Bool {
        !bytes.isEmpty && bytes.allSatisfy(isTokenMaskByte)
    }

    /// The bytes ``isTokenByte(_:)`` accepts, as bits over ASCII 0–63 and 64–127: constants, so
    /// checking each byte of every header name written is a shift and a test (a test checks
    /// that both agree on all 256 bytes).
    static let tokenMask: (low: UInt64, high: UInt64) = (0x03FF_6CFA_0000_0000, 0x57FF_FFFF_C7FF_FFFE)

    /// Whether `byte` may be in a token, by ``tokenMask``.
    static func isTokenMaskByte(_ byte: UInt8) -> Bool {
        byte < 64 ? tokenMask.low >> byte & 1 == 1 : byte < 128 && tokenMask.high >> (byte & 63) & 1 == 1
    }

    /// Whether `bytes` hold a CR, LF or NUL, which would end a header field and inject others.
    static func breaksLine(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.contains { $0 == 13 || $0 == 10 || $0 == 0 }
    }

    /// Whether two names are equal ignoring ASCII case (header names are ASCII tokens).
    static func equalsIgnoringASCIICase(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        // Byte by byte over both strings' own UTF-8 storage (native and small strings have it):
        // no copy of either string, and no index checks per byte as through the views.
        let compared = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in equalsIgnoringASCIICase(x, y) }
        }
        if let compared = compared ?? nil { return compared }
        for (x, y) in zip(a.utf8, b.utf8) where lowercase(x) != lowercase(y) { return false }
        return true
    }

    /// Whether two byte runs of the same length are equal ignoring ASCII case.
    private static func equalsIgnoringASCIICase(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        for index in a.indices where lowercase(a[index]) != lowercase(b[index]) { return false }
        return true
    }

    private static func lowercase(_ byte: UInt8) -> UInt8 { (65...90).contains(byte) ? byte + 32 : byte }

    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "*"),
            UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"),
            UInt8(ascii: "~"):
            return true
        default: return false
        }
    }

    /// Whether a field `name` is present.
    public func contains(_ name: String) -> Bool { self[name] != nil }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { fields.makeIterator() }

    public static func == (lhs: HTTPHeaderList, rhs: HTTPHeaderList) -> Bool {
        lhs.fields.count == rhs.fields.count
            && zip(lhs.fields, rhs.fields).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}
