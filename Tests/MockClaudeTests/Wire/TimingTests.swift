import MockClaude
import Testing

@Suite struct TimingTests {
    static let cassette = try! Repo.cassette("haiku.sse")

    @Test func parsesTheCommandLineForms() throws {
        #expect(try Timing(parsing: "recorded") == .recorded)
        #expect(try Timing(parsing: "instant") == .instant)
        #expect(try Timing(parsing: "x2.5") == .speed(2.5))
        #expect(throws: TimingError.self) { try Timing(parsing: "x0") }
        #expect(throws: TimingError.self) { try Timing(parsing: "fast") }
    }

    @Test func eachTimingRewritesTheDelays() {
        let recorded = Self.cassette.events.map(\.delay)
        #expect(Self.cassette.retimed(.recorded).events.map(\.delay) == recorded)
        #expect(Self.cassette.retimed(.instant).events.allSatisfy { $0.delay == .zero })
        #expect(Self.cassette.retimed(.speed(2)).events.map(\.delay) == recorded.map { $0 / 2 })
        let fixed = Self.cassette.retimed(.fixed(firstEvent: .seconds(1), perEvent: .milliseconds(30))).events.map(\.delay)
        #expect(fixed.first == .seconds(1))
        #expect(fixed.dropFirst().allSatisfy { $0 == .milliseconds(30) })
    }

    @Test func jitterIsBoundedAndRepeatsForASeed() {
        func delays(_ seed: UInt64) -> [Duration] {
            Self.cassette.retimed(.instant, jitter: .milliseconds(50), random: SeededRandom(seed: seed)).events.map(\.delay)
        }
        #expect(delays(1) == delays(1))
        #expect(delays(1) != delays(2))
        #expect(delays(1).allSatisfy { $0 >= .zero && $0 < .milliseconds(50) })
        #expect(Set(delays(1)).count > 1)
    }
}
