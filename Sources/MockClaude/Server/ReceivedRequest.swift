import Foundation

/// A request as the mock received it: what responders and (later) the journal see.
public struct ReceivedRequest: Sendable {
    /// `GET`, `POST`, …
    public var method: String
    /// The request target as sent, with its query (`/v1/messages?beta=true`).
    public var target: String {
        didSet { apiPath = Self.apiPath(of: target) }
    }
    /// Headers in the order sent.
    public var headers: HTTPHeaderList
    /// The body bytes.
    public var body: [UInt8]
    /// Whether the body was over the size limit (it was read and dropped: ``body`` is empty).
    public var bodyTooLarge: Bool

    /// A request as read from the wire (or built by a test).
    public init(method: String, target: String, headers: HTTPHeaderList = [], body: [UInt8] = [], bodyTooLarge: Bool = false) {
        self.method = method
        self.target = target
        self.apiPath = Self.apiPath(of: target)
        self.headers = headers
        self.body = body
        self.bodyTooLarge = bodyTooLarge
    }

    /// The path without the query.
    public var path: String { Self.path(of: target) }

    private static func path(of target: String) -> String {
        guard let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) else { return target }
        return String(target[..<mark])
    }

    /// The API path: from `/v1/` on, without the query or any prefix (`/proxy/v1/messages` →
    /// `/v1/messages`); admin paths as they are. Found once, when the target is set.
    public private(set) var apiPath: String

    static func apiPath(of target: String) -> String {
        let path = path(of: target)
        if path.utf8.starts(with: "/_mockclaude/".utf8) { return path }
        guard let start = versionStart(in: path) else { return path }
        return start == path.startIndex ? path : String(path[start...])
    }

    /// The base URL this request reached the server at: `publicBaseURL` when set, else
    /// `http://` + its Host + any path prefix before `/v1/`.
    public func baseURL(publicBaseURL: String? = nil) -> String {
        if let base = publicBaseURL { return base.hasSuffix("/") ? String(base.dropLast()) : base }
        let path = self.path
        let prefix = Self.versionStart(in: path).map { String(path[..<$0]) } ?? ""
        return "http://\(headers["host"] ?? "127.0.0.1")\(prefix)"
    }

    /// Where `/v1/` first starts in `path` (asked several times per request).
    private static func versionStart(in path: String) -> String.Index? { start(of: "/v1/", in: path) }

    /// Where `segment`, which starts with `/`, first starts in `path`, found byte by byte from
    /// one slash to the next.
    static func start(of segment: String, in path: String) -> String.Index? {
        let bytes = path.utf8
        var from = bytes.startIndex
        while let slash = bytes[from...].firstIndex(of: UInt8(ascii: "/")) {
            if bytes[slash...].starts(with: segment.utf8) { return slash }
            from = bytes.index(after: slash)
        }
        return nil
    }

    /// Query parameters (later values win); percent-decoding is applied to values.
    public var query: [String: String] {
        guard let mark = target.firstIndex(of: "?") else { return [:] }
        var result: [String: String] = [:]
        for pair in target[target.index(after: mark)...].split(separator: "&") {
            // `=x` has an empty key and `x` an empty value: neither has a part to index.
            let equals = pair.firstIndex(of: "=")
            let key = String(pair[..<(equals ?? pair.endIndex)])
            let value = equals.map { String(pair[pair.index(after: $0)...]) } ?? ""
            result[key.removingPercentEncoding ?? key] = value.removingPercentEncoding ?? value
        }
        return result
    }
}
