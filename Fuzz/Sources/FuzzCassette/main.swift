import FuzzDriver
import MockClaude

/// Any bytes → the cassette parser and stream grammar, then both plans: problems or a cassette,
/// never a crash; no problem message quotes more than a short excerpt of the file.
func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = FuzzDriver.bytes(data, size)
    do {
        let cassette = try Cassette.parse(bytes, source: "fuzz.sse")
        _ = cassette.streamPlan(requestID: "req_fuzz", now: Timestamp(microseconds: 0))
        _ = cassette.messagePlan(requestID: "req_fuzz", now: Timestamp(microseconds: 0))
        _ = cassette.retimed(.speed(0.001))
    } catch {
        for problem in error.problems { precondition(problem.message.utf8.count < 4096, "a problem message quotes too much") }
    }
    return 0
}

runFuzzer { data, size in fuzz(data, size) }
