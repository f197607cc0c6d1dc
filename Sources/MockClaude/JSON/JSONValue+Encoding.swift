extension JSONValue {
    /// Compact JSON, as the API writes it: no spaces, UTF-8 kept as is, keys in order.
    public var compactString: String {
        var out = ""
        out.reserveCapacity(64)
        write(to: &out, spaced: false)
        return out
    }

    /// JSON with `", "` and `": "` separators, as Python's `json.dumps` writes it (and as real tool
    /// input arrives in `partial_json` fragments).
    public var spacedString: String {
        var out = ""
        write(to: &out, spaced: true)
        return out
    }

    /// Compact JSON as UTF-8 bytes.
    public var compactBytes: [UInt8] { Array(compactString.utf8) }

    private func write(to out: inout String, spaced: Bool) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d):
            if d.isFinite, d.rounded() == d, abs(d) < 1e15 {
                out += String(Int(d))
            } else if d.isFinite {
                out += "\(d)"
            } else {
                out += "null"
            }
        case .string(let s): JSONValue.writeString(s, to: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += spaced ? ", " : "," }
                item.write(to: &out, spaced: spaced)
            }
            out += "]"
        case .object(let object):
            out += "{"
            for (i, member) in object.members.enumerated() {
                if i > 0 { out += spaced ? ", " : "," }
                JSONValue.writeString(member.key, to: &out)
                out += spaced ? ": " : ":"
                member.value.write(to: &out, spaced: spaced)
            }
            out += "}"
        }
    }

    private static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
