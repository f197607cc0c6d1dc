extension JSONValue {
    /// Compact JSON, as the API writes it: no spaces, UTF-8 kept as is, keys in order.
    public var compactString: String { String(decoding: compactBytes, as: UTF8.self) }

    /// JSON with `", "` and `": "` separators, as Python's `json.dumps` writes it (and as real tool
    /// input arrives in `partial_json` fragments).
    public var spacedString: String {
        var out: [UInt8] = []
        write(to: &out, spaced: true)
        return String(decoding: out, as: UTF8.self)
    }

    /// Compact JSON as UTF-8 bytes.
    public var compactBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        write(to: &out, spaced: false)
        return out
    }

    /// Appends this value's JSON to `out`, byte by byte (batches write hundreds of thousands).
    private func write(to out: inout [UInt8], spaced: Bool) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .double(let d):
            if d.isFinite, d.rounded() == d, abs(d) < 1e15 {
                out.append(contentsOf: String(Int(d)).utf8)
            } else if d.isFinite {
                out.append(contentsOf: "\(d)".utf8)
            } else {
                out.append(contentsOf: "null".utf8)
            }
        case .string(let s): JSONValue.writeString(s, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(contentsOf: (spaced ? ", " : ",").utf8) }
                item.write(to: &out, spaced: spaced)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            for (i, member) in object.members.enumerated() {
                if i > 0 { out.append(contentsOf: (spaced ? ", " : ",").utf8) }
                JSONValue.writeString(member.key, to: &out)
                out.append(contentsOf: (spaced ? ": " : ":").utf8)
                member.value.write(to: &out, spaced: spaced)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped, everything
    /// else (UTF-8 included) copied in runs. Escapes concern ASCII bytes only, so working on
    /// bytes is exact: no byte of a multi-byte character is below 0x80.
    private static func writeString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let bytes = s.utf8
        var run = bytes.startIndex
        var index = run
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") {
                bytes.formIndex(after: &index)
                continue
            }
            out.append(contentsOf: bytes[run..<index])
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case UInt8(ascii: "\n"): out.append(contentsOf: #"\n"#.utf8)
            case UInt8(ascii: "\r"): out.append(contentsOf: #"\r"#.utf8)
            case UInt8(ascii: "\t"): out.append(contentsOf: #"\t"#.utf8)
            case 0x08: out.append(contentsOf: #"\b"#.utf8)
            case 0x0C: out.append(contentsOf: #"\f"#.utf8)
            default:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: #"\u00"#.utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            }
            bytes.formIndex(after: &index)
            run = index
        }
        out.append(contentsOf: bytes[run..<index])
        out.append(UInt8(ascii: "\""))
    }
}
