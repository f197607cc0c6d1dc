import Foundation
import Testing

@testable import MockClaude

/// The checked paths for outside input, at their seam (no socket).
@Suite struct CheckedInputTests {
    @Test(arguments: ["1e300s", "infms", "nans", "-1s", "9601h", "1e999ms", "x", ""])
    func durationsOutOfRangeAreRefused(_ text: String) {
        #expect(DelayText.parse(text) == nil)
    }

    @Test func durationsInRangeParse() {
        #expect(DelayText.parse("212ms") == .milliseconds(212))
        #expect(DelayText.parse("1.5s") == .milliseconds(1500))
        #expect(DelayText.parse("9600h") == .seconds(9600 * 3600))
    }

    @Test(arguments: ["x1e-300", "x0", "x-1", "xinf", "xnan", "x1e7"])
    func speedFactorsOutOfRangeAreRefused(_ text: String) {
        #expect(throws: TimingError.self) { try Timing(parsing: text) }
    }

    @Test func timeSaturatesInsteadOfTrapping() {
        #expect(Timestamp(microseconds: .max - 5).adding(seconds: .max).microseconds == .max)
        #expect(Duration.seconds(Int64.max).saturatingNanoseconds == .max)
        #expect(Checked.multiply(Int64.min, -1) == .max)
        let clock = VirtualClock(start: Timestamp(microseconds: 0))
        #expect(!clock.advance(seconds: 1e300))
        #expect(!clock.advance(seconds: .nan))
        #expect(clock.now.microseconds == 0)
    }

    @Test func invalidUTF8InAStringIsAParseError() throws {
        #expect(throws: JSONParseError.self) { try JSONValue.parse([0x22, 0xC3, 0x28, 0x22]) }
        #expect(try JSONValue.parse(Array("\"é\"".utf8)) == .string("é"))
    }

    @Test func duplicateKeysKeepTheLastValueInTheFirstPlace() throws {
        let value = try JSONValue.parse(#"{"a":1,"b":2,"a":3}"#)
        #expect(value.objectValue?.keys == ["a", "b"])
        #expect(value["a"] == 3)
    }

    @Test func theJournalDropsTheOldestPastItsLimits() {
        let journal = Journal()
        journal.limit(entries: 3, bytes: 10)
        for index in 0..<5 {
            journal.append(
                JournalEntry(
                    request: ReceivedRequest(method: "POST", target: "/v1/messages", body: [UInt8](repeating: 1, count: 2)),
                    arrival: .now, arrivalInstant: .now, origin: .endpoint("\(index)"), status: 200, ending: .finished))
        }
        #expect(journal.entries.map(\.answeredBy) == ["2", "3", "4"])
        #expect(journal.dropped == 2)
        journal.append(
            JournalEntry(
                request: ReceivedRequest(method: "POST", target: "/v1/messages", body: [UInt8](repeating: 1, count: 9)),
                arrival: .now, arrivalInstant: .now, origin: .endpoint("big"), status: 200, ending: .finished))
        #expect(journal.entries.map(\.answeredBy) == ["big"])
        #expect(journal.dropped == 5)
        // The dropped entries' bytes are no longer counted: 9 + 1 fits the 10-byte limit.
        journal.append(
            JournalEntry(
                request: ReceivedRequest(method: "POST", target: "/v1/messages", body: [1]),
                arrival: .now, arrivalInstant: .now, origin: .endpoint("small"), status: 200, ending: .finished))
        #expect(journal.entries.map(\.answeredBy) == ["big", "small"])
        #expect(journal.dropped == 5)
        // Ids stay with their entries: updating a dropped one changes nothing.
        journal.update(0, ending: .clientGone)
        #expect(journal.entries.map(\.ending) == [.finished, .finished])
    }

    /// The journal keeps each request packed into one array: what it gives back must be the
    /// request as received, whatever its fields and body (none, empty, long, not ASCII, repeated).
    @Test(arguments: 0..<40 as Range<UInt64>) func aJournaledRequestIsGivenBackAsReceived(seed: UInt64) {
        let random = SeededRandom(seed: seed)
        let pieces = ["", "a", "x-stainless-retry-count", "application/json", "ünïcødé ✓", String(repeating: "v", count: 300), "1"]
        let fields = (0..<Int(random.next() % 12)).map { _ in
            (name: pieces[Int(random.next() % UInt64(pieces.count))], value: pieces[Int(random.next() % UInt64(pieces.count))])
        }
        let body = (0..<Int(random.next() % 3 == 0 ? 0 : random.next() % 5_000)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let sent = ReceivedRequest(
            method: seed % 2 == 0 ? "POST" : "PROPFIND-\(seed)", target: "/proxy/v1/messages?n=\(seed)", headers: HTTPHeaderList(fields), body: body,
            bodyTooLarge: seed % 5 == 0)
        let journal = Journal()
        journal.append(JournalEntry(request: sent, arrival: .now, arrivalInstant: .now, origin: .unspecified, status: 200, ending: .finished))
        let kept = journal.entries[0]
        #expect(kept.request.method == sent.method)
        #expect(kept.request.target == sent.target)
        #expect(kept.path == "/v1/messages")
        #expect(kept.request.headers == sent.headers)
        #expect(kept.request.body == sent.body)
        #expect(kept.request.bodyTooLarge == sent.bodyTooLarge)
        // The body is shared, never copied: a batch's body can be hundreds of megabytes.
        if !body.isEmpty {
            #expect(kept.request.body.withUnsafeBufferPointer { $0.baseAddress } == sent.body.withUnsafeBufferPointer { $0.baseAddress })
        }
        var changed = kept
        changed.request.headers.append("x-added", "1")
        #expect(changed.request.headers.fields.count == fields.count + 1)
        #expect(changed.request.body == sent.body)
    }

    @Test func cassetteRootsRefuseEscapesByDotsAndByLinks() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("roots-\(UUID().uuidString)")
        let root = base.appendingPathComponent("root")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: base) }
        try Data("secret".utf8).write(to: base.appendingPathComponent("outside.sse"))
        try Data("x".utf8).write(to: root.appendingPathComponent("inside.sse"))
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("link.sse"), withDestinationURL: base.appendingPathComponent("outside.sse"))
        let roots = CassetteRoots([root.path])
        #expect(roots.contains(root.appendingPathComponent("inside.sse").path))
        #expect(!roots.contains(root.appendingPathComponent("../outside.sse").path))
        #expect(!roots.contains(root.appendingPathComponent("link.sse").path))
        #expect(!roots.contains("/etc/passwd"))
        #expect(!roots.contains(root.path + "-sibling/x.sse"))
    }

    @Test func aProblemQuotesAShortEscapedExcerptOnly() {
        let excerpt = SourceProblem.excerpt("root:x:0:0:root:/root:/bin/bash\u{1B}[31m and much more text after it")
        #expect(!excerpt.contains("much more"))
        #expect(!excerpt.contains("\u{1B}"))
    }

    @Test func headerFieldsThatWouldInjectAreRefused() {
        #expect(HTTPHeaderList.problem(name: "x-a", value: "1\r\nset-cookie: evil") != nil)
        #expect(HTTPHeaderList.problem(name: "x a", value: "1") != nil)
        #expect(HTTPHeaderList.problem(name: "x-a", value: "fine") == nil)
        let plan = ResponsePlan(status: 99_999_999_999, headers: [("x-a", "1\r\nevil: 1")])
        let head = String(decoding: HTTPResponseHead.bytes(for: plan, keepAlive: false), as: UTF8.self)
        #expect(head.hasPrefix("HTTP/1.1 500 "))
        #expect(!head.contains("evil"))
    }

    @Test func aHugeOrHugelyBrokenScenarioGivesAShortReport() throws {
        let longKey = String(repeating: "k", count: 1_000_000)
        let manyKeys = (0..<10_000).map { "k\($0): 1" }.joined(separator: "\n")
        for yaml in ["\(longKey): 1\nsteps: [{text: a}]\n", manyKeys + "\nsteps: [{text: a}]\n"] {
            do {
                _ = try ScenarioLoader.parse(yaml, source: "x.yaml")
                Issue.record("a broken scenario loaded")
            } catch let error as SourceProblems {
                #expect("\(error)".utf8.count < 20_000)
            }
        }
    }
}
