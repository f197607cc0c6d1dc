import FuzzDriver
import MockClaude

/// Any bytes as an SSE body (one JSON event per `data:` line) → the message assembler.
func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: FuzzDriver.bytes(data, size), as: UTF8.self)
    let events = text.split(separator: "\n").compactMap { line -> JSONValue? in
        guard line.hasPrefix("data: ") else { return nil }
        return try? JSONValue.parse(String(line.dropFirst(6)))
    }
    _ = MessageAssembler.assemble(events)
    return 0
}

runFuzzer { data, size in fuzz(data, size) }
