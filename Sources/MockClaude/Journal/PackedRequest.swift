/// A request as the journal keeps it: its header fields packed into one byte array, its body
/// shared with the request as received (never copied: a batch's body is hundreds of megabytes).
///
/// A journal keeps thousands of requests (10,000 by default). Kept as received, each holds an
/// array of fields and a string for every long name or value: a dozen objects per request,
/// scattered over memory that has gone cold by the time the request is dropped, and freeing
/// them slowed every answer. Packed, the fields are one allocation, written once in order; they
/// are unpacked only when read (tests, the admin API).
struct PackedRequest: Sendable {
    /// `GET`, `POST`, … (short: kept in the string itself).
    let method: String
    /// The request target as sent.
    let target: String
    /// Whether the body was over the size limit (and dropped).
    let bodyTooLarge: Bool
    /// Each field as its name's byte count (an `Int`, in native byte order) and bytes, then its
    /// value's.
    private let fields: [UInt8]
    /// The body bytes, shared with the request.
    let body: [UInt8]

    /// Bytes of a count in ``fields``.
    private static let countSize = MemoryLayout<Int>.size

    /// `request`, packed.
    init(_ request: ReceivedRequest) {
        method = request.method
        target = request.target
        bodyTooLarge = request.bodyTooLarge
        body = request.body
        var size = 0
        for field in request.headers {
            // A header block is bounded by the HTTP parser; a list built in code is kept whole.
            size = Checked.add(size, Checked.add(2 * Self.countSize, Checked.add(field.name.utf8.count, field.value.utf8.count)))
        }
        fields = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            // One cursor over the reservation: no captured state for each field's copy to check.
            var cursor = ByteCursor(UnsafeMutableRawBufferPointer(buffer))
            for field in request.headers {
                Self.put(field.name, to: &cursor)
                Self.put(field.value, to: &cursor)
            }
            count = cursor.offset
        }
    }

    /// Writes `text`'s byte count, then its bytes.
    private static func put(_ text: String, to cursor: inout ByteCursor) {
        var text = text
        text.withUTF8 { utf8 in
            withUnsafeBytes(of: utf8.count) { cursor.write($0) }
            cursor.write(UnsafeRawBufferPointer(utf8))
        }
    }

    /// The request as it was received.
    var request: ReceivedRequest {
        fields.withUnsafeBytes { all in
            var list: [(name: String, value: String)] = []
            var offset = 0
            func take() -> String {
                // Written by `init` above: every count is followed by that many bytes.
                let count = all.loadUnaligned(fromByteOffset: offset, as: Int.self)
                offset += Self.countSize
                defer { offset += count }
                return String(decoding: UnsafeRawBufferPointer(rebasing: all[offset..<offset + count]), as: UTF8.self)
            }
            while offset < all.count { list.append((name: take(), value: take())) }
            return ReceivedRequest(method: method, target: target, headers: HTTPHeaderList(list), body: body, bodyTooLarge: bodyTooLarge)
        }
    }
}
