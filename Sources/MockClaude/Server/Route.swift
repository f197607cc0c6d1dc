/// Where a request goes, decided once from its method and API path.
///
/// Routing ignores the query (`?beta=true` is accepted everywhere) and any path prefix before
/// `/v1/` (a base URL with a path works too); `/_mockclaude/` is the admin API, which no real API
/// path can clash with. A scenario rule that names a path other than `/v1/messages` claims it
/// (recorded batch calls replay as recorded).
enum Route: Equatable {
    /// `POST /v1/messages`.
    case messages
    /// `POST /v1/messages/count_tokens`.
    case countTokens
    /// `/v1/messages/batches…`: the path components after it (`[]`, `[id]`, `[id, "results"]`).
    case batches([String])
    /// `/v1/models…`: the path components after it.
    case models([String])
    /// `/_mockclaude/…`: the rest of the path.
    case admin(String)
    /// A path a scenario rule names.
    case scripted
    /// `/v1/messages` with a method other than POST.
    case wrongMethod
    /// Anything else.
    case notFound

    init(method: String, path: String, claimed: Bool = false) {
        if let rest = Route.rest(of: path, after: AdminAPI.prefix) {
            self = .admin(String(rest))
        } else if claimed {
            self = .scripted
        } else if let rest = Route.components(of: path, under: "/v1/messages/batches") {
            self = .batches(rest)
        } else if let rest = Route.components(of: path, under: "/v1/models") {
            self = .models(rest)
        } else {
            switch (method, path) {
            case ("POST", "/v1/messages"): self = .messages
            case ("POST", "/v1/messages/count_tokens"): self = .countTokens
            case (_, "/v1/messages"): self = .wrongMethod
            default: self = .notFound
            }
        }
    }

    /// The components of `path` after `base`, when `path` is `base` or below it.
    private static func components(of path: String, under base: String) -> [String]? {
        guard let rest = rest(of: path, after: base), rest.isEmpty || rest.utf8.first == UInt8(ascii: "/") else { return nil }
        return rest.split(separator: "/").map(String.init)
    }

    /// What follows `prefix` in `path`, when `path` starts with it; compared as bytes (the
    /// prefixes are ASCII, so the rest starts on a character boundary).
    private static func rest(of path: String, after prefix: String) -> Substring? {
        guard path.utf8.starts(with: prefix.utf8) else { return nil }
        return path[path.utf8.index(path.utf8.startIndex, offsetBy: prefix.utf8.count)...]
    }

    /// Whether this is batch creation, the one route with the API's 256 MB body limit.
    func isBatchCreation(method: String) -> Bool { method == "POST" && self == .batches([]) }
}
