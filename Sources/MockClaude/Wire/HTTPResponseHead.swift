import NIOCore

/// Serializes a status line and header block exactly as the writer sends it.
package enum HTTPResponseHead {
    /// Reason phrases for the statuses the mock sends; others get a generic phrase.
    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 201: return "Created"
        case 204: return "No Content"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 402: return "Payment Required"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 409: return "Conflict"
        case 413: return "Payload Too Large"
        case 422: return "Unprocessable Entity"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        case 529: return "Overloaded"
        default: return status < 400 ? "OK" : "Error"
        }
    }

    /// Hop-by-hop and framing headers the writer owns; a plan's own copies are dropped.
    static let writerOwnedHeaders: Set<String> = ["content-length", "transfer-encoding", "connection", "keep-alive"]

    /// Whether `name` is one of ``writerOwnedHeaders``, in any case, without allocating.
    static func isWriterOwned(_ name: String) -> Bool {
        // Their lengths are 10, 14 and 17: most names are ruled out without reading them.
        switch name.utf8.count {
        case 10, 14, 17: return writerOwnedHeaders.contains { HTTPHeaderList.equalsIgnoringASCIICase(name, $0) }
        default: return false
        }
    }

    /// The status line, the plan's headers, the framing headers and the blank line.
    static func bytes(for plan: ResponsePlan, keepAlive: Bool) -> [UInt8] {
        var buffer = ByteBuffer()
        write(for: plan, keepAlive: keepAlive, into: &buffer)
        return Array(buffer.readableBytesView)
    }

    /// Appends the head of `plan` to `buffer`, byte for byte what ``bytes(for:keepAlive:)`` returns.
    package static func write(for plan: ResponsePlan, keepAlive: Bool, into buffer: inout ByteBuffer) {
        // Files and the admin API are checked when loaded; this is the last guard for plans built
        // in code: a status outside 100–599 is sent as 500, and a field that would break the head
        // (a line break in its value, a bad name) is left out. Fields laid out once were checked
        // then (``HTTPHeaderList/allSendable``) and are copied as they are.
        let status = (100...599).contains(plan.status) ? plan.status : 500
        let reason = reasonPhrase(status)
        // Room for everything: the status line, each field with ": " and CRLF, the framing line
        // (a number at most 20 digits) and the connection line.
        var room = 64 + reason.utf8.count + longestFramingLine
        let fields = plan.headers.fields
        if let rendering = plan.headers.rendering {
            room = Checked.add(room, rendering.fixedCount)
            for index in rendering.valueFields { room = Checked.add(room, fields[index].value.utf8.count) }
        } else {
            for field in fields { room = Checked.add(room, Checked.add(field.name.utf8.count, field.value.utf8.count + 4)) }
        }
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: room) { memory in
            var cursor = ByteCursor(memory)
            cursor.write("HTTP/1.1 ")
            cursor.writeDecimal(status)
            cursor.write(UInt8(ascii: " "))
            cursor.write(reason)
            cursor.write("\r\n")
            if let rendering = plan.headers.rendering {
                // Laid out once: the pieces, and between them the values that change per response.
                for (piece, index) in zip(rendering.pieces, rendering.valueFields) {
                    cursor.write(piece)
                    cursor.write(fields[index].value)
                }
                if let last = rendering.pieces.last { cursor.write(last) }
            } else {
                writeFields(of: plan.headers, to: &cursor)
            }
            switch plan.framing {
            case .chunked:
                cursor.write("transfer-encoding: chunked\r\n")
            case .contentLength(let length):
                cursor.write("content-length: ")
                cursor.writeDecimal(length)
                cursor.write("\r\n")
            }
            cursor.write(keepAlive ? "connection: keep-alive\r\n\r\n" : "connection: close\r\n\r\n")
            return cursor.offset
        }
    }

    /// Writes each field the writer does not own, `name: value` and CRLF; unless the list is
    /// known to be sendable, each is checked as it is copied and one that cannot be sent (a line
    /// break in its value, a bad name) is taken back.
    private static func writeFields(of headers: HTTPHeaderList, to cursor: inout ByteCursor) {
        let checked = headers.allSendable
        for field in headers where !isWriterOwned(field.name) {
            let start = cursor.offset
            cursor.write(field.name)
            let nameIsToken = checked || HTTPHeaderList.isToken(cursor.written(since: start))
            cursor.write(": ")
            let valueStart = cursor.offset
            cursor.write(field.value)
            guard nameIsToken, checked || !HTTPHeaderList.breaksLine(cursor.written(since: valueStart)) else {
                cursor.rewind(to: start)
                continue
            }
            cursor.write("\r\n")
        }
    }

    /// The longest framing and connection lines together.
    private static let longestFramingLine = "content-length: \r\n".utf8.count + ByteCursor.longestNumber + "connection: keep-alive\r\n\r\n".utf8.count
}
