/// Who may use the admin API: requests addressed to this machine, not a web page.
///
/// A page in the user's browser can send requests to `127.0.0.1` blindly, and a DNS-rebinding
/// page can even read the answers. So an admin request must name a loopback host or the mock's
/// own host in `Host`, carry no foreign `Origin`, and send its body as JSON or YAML (types a
/// page cannot send without the browser asking first).
struct AdminGuard: Sendable {
    /// Host names (without port) besides the loopback ones that requests may address: the bound
    /// host and the public base URL's host.
    let extraHosts: Set<String>

    init(boundHost: String, publicBaseURL: String?) {
        var hosts: Set<String> = []
        if !["0.0.0.0", "::", ""].contains(boundHost) { hosts.insert(boundHost.lowercased()) }
        if let base = publicBaseURL, let host = AdminGuard.host(ofURL: base) { hosts.insert(host) }
        extraHosts = hosts
    }

    /// Body types the admin API reads.
    static let bodyTypes = ["application/json", "application/yaml", "application/x-yaml", "text/yaml"]

    /// Why `request` is refused, or `nil` when it may go on.
    func refusal(_ request: ReceivedRequest) -> MockError? {
        guard let host = request.headers["host"].map(AdminGuard.hostName), isAllowed(host) else {
            return MockError(
                .forbidden,
                "mockclaude: the admin API answers requests addressed to 127.0.0.1, localhost or [::1] (Host was \(SourceProblem.excerpt(request.headers["host"] ?? "missing")))"
            )
        }
        if let origin = request.headers["origin"] {
            guard let originHost = AdminGuard.host(ofURL: origin), isAllowed(originHost) else {
                return MockError(.forbidden, "mockclaude: the admin API refuses requests from web pages (Origin \(SourceProblem.excerpt(origin)))")
            }
        }
        if !request.body.isEmpty {
            let type = (request.headers["content-type"] ?? "").split(separator: ";").first.map { String($0).trimmingSpaces.lowercased() } ?? ""
            guard AdminGuard.bodyTypes.contains(type) else {
                return MockError(
                    .adminRequest,
                    "mockclaude: send admin bodies with content-type application/json or application/yaml (got \(SourceProblem.excerpt(type.isEmpty ? "none" : type)))",
                    status: 415)
            }
        }
        return nil
    }

    private func isAllowed(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.") || extraHosts.contains(host)
    }

    /// `Host` without its port and brackets, lowercased: `[::1]:8080` → `::1`.
    static func hostName(_ header: String) -> String {
        let text = header.trimmingSpaces.lowercased()
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            return String(text[text.index(after: text.startIndex)..<close])
        }
        return String(text.prefix(while: { $0 != ":" }))
    }

    /// The host of `scheme://host[:port]/…`, or `nil` for `null` and other non-URLs.
    static func host(ofURL url: String) -> String? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let rest = url[schemeEnd.upperBound...]
        let authority = String(rest.prefix(while: { $0 != "/" && $0 != "?" && $0 != "#" }))
        let host = hostName(String(authority.split(separator: "@").last ?? ""))
        return host.isEmpty ? nil : host
    }
}
