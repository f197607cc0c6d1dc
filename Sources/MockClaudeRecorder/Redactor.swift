import MockClaude

/// Removes secrets before anything is written: headers by name, and values at JSON paths.
///
/// Always dropped: `x-api-key`, `authorization`, `cookie`, `set-cookie`, `anthropic-organization-id`.
public struct Redactor: Sendable {
    /// Headers never written.
    public static let alwaysDropped: Set<String> = ["x-api-key", "authorization", "cookie", "set-cookie", "anthropic-organization-id"]

    /// Lower-cased names of every header to drop.
    public let headers: Set<String>
    /// Dotted JSON paths (`metadata.user_id`) whose values become `"[redacted]"`.
    public let jsonPaths: [String]

    /// A redactor dropping `extraHeaders` too, and redacting the values at `jsonPaths`.
    public init(extraHeaders: [String] = [], jsonPaths: [String] = []) {
        headers = Redactor.alwaysDropped.union(extraHeaders.map { $0.lowercased() })
        self.jsonPaths = jsonPaths
    }

    /// The headers without secrets (and without framing ones, which the server writes itself).
    public func filter(_ list: HTTPHeaderList) -> HTTPHeaderList {
        HTTPHeaderList(list.removingFraming().fields.filter { !headers.contains($0.name.lowercased()) })
    }

    /// JSON text with the configured paths redacted (unchanged when it is not JSON or no path applies).
    public func redact(json bytes: [UInt8]) -> [UInt8] {
        guard !jsonPaths.isEmpty, var value = try? JSONValue.parse(bytes) else { return bytes }
        var changed = false
        for path in jsonPaths { changed = Redactor.replace(path.split(separator: ".").map(String.init), in: &value) || changed }
        return changed ? value.compactBytes : bytes
    }

    /// An SSE event with its `data:` JSON redacted (other lines as they were).
    public func redact(event bytes: [UInt8]) -> [UInt8] {
        SSE.mapLines(bytes) { line in
            guard let field = line.field, field.name == "data" else { return nil }
            let json = Array(field.value.utf8)
            let redacted = redact(json: json)
            return redacted == json ? nil : Array("data: ".utf8) + redacted
        }
    }

    static func replace(_ keys: [String], in value: inout JSONValue) -> Bool {
        guard let key = keys.first else {
            value = .string("[redacted]")
            return true
        }
        switch value {
        case .object(var object):
            guard var child = object[key] else { return false }
            let changed = replace(Array(keys.dropFirst()), in: &child)
            object[key] = child
            value = .object(object)
            return changed
        case .array(var items):
            var changed = false
            for index in items.indices where key == "*" || Int(key) == index {
                changed = replace(Array(keys.dropFirst()), in: &items[index]) || changed
            }
            value = .array(items)
            return changed
        default:
            return false
        }
    }
}
