import Foundation
import Testing

@testable import MockClaude

struct CheckedBodiesTests {
    func body(model: String = "claude-haiku-4-5", stream: Bool = true, text: String = "Write a haiku") -> [UInt8] {
        Array(#"{"model":"\#(model)","max_tokens":256,"stream":\#(stream),"messages":[{"role":"user","content":"\#(text)"}]}"#.utf8)
    }

    /// A body sent again gets what the checks made of it; a different body, however alike, is
    /// checked on its own (a cache that ignored a byte would answer it with the first one's model).
    @Test func anEqualBodyGetsItsCheckedFormAndADifferentOneIsCheckedAfresh() throws {
        let bodies = CheckedBodies(options: ValidationOptions())
        let first = try bodies.check(body()).checked
        #expect(first.model == "claude-haiku-4-5" && first.stream)
        let again = try bodies.check(body()).checked
        #expect(again.model == first.model && again.stream == first.stream && again.body == first.body)
        #expect(bodies.count == 1)
        let other = try bodies.check(body(model: "claude-sonnet-4-5", stream: false)).checked
        #expect(other.model == "claude-sonnet-4-5" && !other.stream)
        #expect(other.body["messages"] == first.body["messages"])
        let sameLength = try bodies.check(body(text: "Write a poem!")).checked
        #expect(sameLength.body["messages"] != first.body["messages"])
        #expect(bodies.count == 3)
    }

    /// A body that fails is refused with the same error every time and never kept.
    @Test func aBodyThatFailsIsRefusedEachTimeAndNotKept() {
        let bodies = CheckedBodies(options: ValidationOptions())
        let broken = Array(#"{"model":"claude-haiku-4-5","max_tokens":256,"messages":[{"role":"user""#.utf8)
        for _ in 0..<2 {
            #expect(throws: APIError.self) { try bodies.check(broken) }
        }
        let noMaxTokens = Array(#"{"model":"claude-haiku-4-5","messages":[{"role":"user","content":"hi"}]}"#.utf8)
        var messages: [String] = []
        for _ in 0..<2 {
            do {
                _ = try bodies.check(noMaxTokens)
            } catch {
                messages.append(error.message)
            }
        }
        #expect(messages == ["max_tokens: Field required", "max_tokens: Field required"])
        #expect(bodies.count == 0)
    }

    /// The prompt's layout is kept with the body; a cache mark the layout refuses is refused
    /// each time, like any other failed check.
    @Test func thePromptsLayoutIsKeptAndABadCacheMarkIsRefusedEachTime() throws {
        let bodies = CheckedBodies(options: ValidationOptions())
        let marked = Array(
            #"{"model":"claude-haiku-4-5","max_tokens":8,"system":[{"type":"text","text":"long","cache_control":{"type":"ephemeral"}}],"messages":[{"role":"user","content":"hi"}]}"#
                .utf8)
        let layout = try bodies.check(marked).layout
        #expect(layout.breakpoints.count == 1)
        #expect(layout == (try PromptLayout.of(try MessagesRequestCheck.parseBody(marked), model: "claude-haiku-4-5")))
        #expect(try bodies.check(marked).layout == layout)
        #expect(try bodies.check(body()).layout.breakpoints.isEmpty)
        let badMark = Array(String(decoding: marked, as: UTF8.self).replacingOccurrences(of: "ephemeral", with: "permanent").utf8)
        for _ in 0..<2 {
            #expect(throws: APIError.self) { try bodies.check(badMark) }
        }
        #expect(!bodies.contains(badMark))
    }

    /// What it holds is bounded whatever clients send: at most `capacity` bodies (the oldest goes
    /// first), none longer than `largestBody`.
    @Test func itKeepsAtMostCapacityBodiesOfAtMostLargestBodyBytes() throws {
        let bodies = CheckedBodies(options: ValidationOptions())
        let distinct = (0...CheckedBodies.capacity).map { body(text: "haiku \($0)") }
        for body in distinct { _ = try bodies.check(body) }
        #expect(bodies.count == CheckedBodies.capacity)
        #expect(!bodies.contains(distinct[0]))
        #expect(distinct.dropFirst().filter(bodies.contains).count == CheckedBodies.capacity)
        let long = body(text: String(repeating: "a", count: CheckedBodies.largestBody))
        #expect(try bodies.check(long).checked.model == "claude-haiku-4-5")
        #expect(!bodies.contains(long))
        #expect(bodies.contains(distinct[1]), "a body too long to keep pushes nothing out")
    }
}
