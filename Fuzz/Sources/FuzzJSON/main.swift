import FuzzDriver
import MockClaude

/// Any bytes → the JSON parser: a value or a located error, never a crash; a value re-encodes
/// and parses back to itself.
func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = FuzzDriver.bytes(data, size)
    guard let value = try? JSONValue.parse(bytes) else { return 0 }
    let again = try? JSONValue.parse(value.compactBytes)
    precondition(again != nil, "a parsed value must encode to valid JSON")
    return 0
}

runFuzzer { data, size in fuzz(data, size) }
