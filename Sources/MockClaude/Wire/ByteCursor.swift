import NIOCore

/// Writes many small pieces (a head's fields, a chunk's size line, bytes and CRLF) into memory
/// reserved once, instead of one `ByteBuffer` write (each checking capacity and uniqueness) per
/// piece.
///
/// ```swift
/// buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 16) { memory in
///     var cursor = ByteCursor(memory)
///     cursor.write("HTTP/1.1 ")
///     cursor.writeDecimal(200)
///     return cursor.offset
/// }
/// ```
///
/// Every write checks that it fits (a miscounted reservation traps instead of writing past it).
struct ByteCursor {
    private let memory: UnsafeMutableRawBufferPointer
    /// Bytes written so far, from the start of the reserved memory.
    private(set) var offset = 0

    init(_ memory: UnsafeMutableRawBufferPointer) {
        self.memory = memory
    }

    /// The bytes written since `start`.
    func written(since start: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: memory[start..<offset])
    }

    /// Forgets what was written after `start`.
    mutating func rewind(to start: Int) {
        precondition(start >= 0 && start <= offset)
        offset = start
    }

    mutating func write(_ bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count <= memory.count - offset, "ByteCursor: reservation too small")
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        (memory.baseAddress! + offset).copyMemory(from: source, byteCount: bytes.count)
        offset += bytes.count
    }

    mutating func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write($0) }
    }

    mutating func write(_ text: StaticString) {
        text.withUTF8Buffer { write(UnsafeRawBufferPointer($0)) }
    }

    mutating func write(_ text: String) {
        let copied: Void? = text.utf8.withContiguousStorageIfAvailable { write(UnsafeRawBufferPointer($0)) }
        if copied == nil {
            for byte in text.utf8 { write(byte) }
        }
    }

    mutating func write(_ byte: UInt8) {
        precondition(offset < memory.count, "ByteCursor: reservation too small")
        memory[offset] = byte
        offset += 1
    }

    /// A non-negative count in lowercase hex (a chunk size); negative counts write `0`.
    mutating func writeHex(_ value: Int) {
        writeDigits(max(0, value), radix: 16)
    }

    /// A non-negative number in decimal; negative numbers write `0`.
    mutating func writeDecimal(_ value: Int) {
        writeDigits(max(0, value), radix: 10)
    }

    private mutating func writeDigits(_ value: Int, radix: Int) {
        let digits: StaticString = "0123456789abcdef"
        var divisor = 1
        while value / divisor >= radix { divisor *= radix }  // stops below Int.max: value / divisor < radix
        while divisor > 0 {
            write(digits.utf8Start[(value / divisor) % radix])
            divisor /= radix
        }
    }

    /// Most bytes ``writeHex(_:)`` or ``writeDecimal(_:)`` writes for any `Int`.
    static let longestNumber = 20
}
