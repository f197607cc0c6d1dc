import Foundation
import Testing

@testable import MockClaude

/// One serializer, one parser: whatever `Cassette.fileBytes()` writes, `CassetteParser` reads back
/// to an equal cassette, for every shipped cassette and for many generated ones.
@Suite struct CassetteRoundTripTests {
    @Test func everyShippedCassetteRoundTrips() throws {
        let folder = Repo.root.appendingPathComponent("Cassettes")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".sse") }.sorted()
        #expect(names.count >= 5)
        for name in names {
            let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent(name)))
            let cassette = try CassetteParser.parse(bytes, source: name)
            let again = try CassetteParser.parse(cassette.fileBytes(), source: name)
            #expect(again == cassette, "\(name)")
            #expect(again.bodyBytes == cassette.bodyBytes, "\(name): wire bytes changed")
        }
    }

    @Test(arguments: 0..<400) func generatedCassettesRoundTrip(seed: UInt64) throws {
        let random = SeededRandom(seed: seed)
        let cassette = Self.generate(random)
        let file = cassette.fileBytes()
        let parsed = try CassetteParser.parse(file, source: "generated-\(seed)")
        #expect(parsed == cassette, "\(String(decoding: file, as: UTF8.self))")
        #expect(parsed.fileBytes() == file)
    }

    /// The writer cuts events where the parser does, whatever the chunking, and keeps a cut
    /// stream's last partial event as its trailer.
    @Test(arguments: 0..<100) func theWriterCutsEventsWhereTheParserDoes(seed: UInt64) throws {
        let random = SeededRandom(seed: seed)
        let source = Self.generate(random, body: false)
        var writer = CassetteWriter(status: source.status, headers: source.headers, isEventStream: true, request: source.request)
        let wire = source.bodyBytes
        var index = 0
        while index < wire.count {  // chunks of 1…40 bytes, cut anywhere
            let size = Int(random.next() % 40) + 1
            writer.append(Array(wire[index..<min(wire.count, index + size)]))
            index += size
        }
        writer.interrupted = source.interrupted
        let written = writer.cassette()
        #expect(written.events.map(\.bytes) == source.events.map(\.bytes))
        #expect(written.trailer == source.trailer)
        let parsed = try CassetteParser.parse(written.fileBytes(), source: "written-\(seed)")
        #expect(parsed == written)
    }

    @Test func delaysKeepEveryMicrosecond() {
        for delay: Duration in [.zero, .milliseconds(212), .microseconds(250), .microseconds(1_000_001), .seconds(86_400)] {
            #expect(DelayText.parse(DelayText.format(delay)) == delay, "\(delay) → \(DelayText.format(delay))")
        }
        #expect(DelayText.format(.microseconds(250)) == "0.250ms")
    }

    // MARK: Generation

    static func generate(_ random: SeededRandom, body: Bool? = nil) -> Cassette {
        let names = ["message_start", "content_block_delta", "ping", "error", "message_stop"]
        var cassette = Cassette(
            source: "generated", status: [200, 200, 429, 529, 400][Int(random.next() % 5)], headers: [],
            request: nil, recorded: nil, events: [], trailer: [])
        for index in 0..<Int(random.next() % 3) { cassette.headers.append("x-h\(index)", "v \(random.next() % 1000)") }
        if random.next() % 2 == 0 { cassette.request = "POST /v1/messages {\"n\":\(random.next() % 100)}" }
        if random.next() % 2 == 0 { cassette.recorded = "2026-12-02T13:00:00Z" }
        if random.next() % 4 == 0 { cassette.baseURL = "http://127.0.0.1:\(random.next() % 65_536)" }
        let isBody = body ?? (random.next() % 4 == 0)
        if isBody {
            // Bodies of any bytes: plain one-line text, or bytes that need base64.
            cassette.body =
                random.next() % 2 == 0
                ? Array("{\"a\": \(random.next())}".utf8) : (0..<Int(random.next() % 30)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            return cassette
        }
        let newline = random.next() % 5 == 0 ? "\r\n" : "\n"
        for _ in 0..<Int(random.next() % 6) {
            let name = names[Int(random.next() % UInt64(names.count))]
            var text = random.next() % 4 == 0 ? ": ping\(newline)" : ""
            text += "event: \(name)\(newline)data: {\"type\":\"\(name)\",\"i\":\(random.next() % 10_000)}\(newline)\(newline)"
            cassette.events.append(Cassette.Event(delay: .microseconds(Int64(random.next() % 5_000_000)), bytes: Array(text.utf8)))
        }
        switch random.next() % 3 {
        case 0: cassette.trailer = Array(newline.utf8)
        case 1:  // a stream cut inside an event
            cassette.trailer = Array("event: content_block_delta\(newline)data: {\"ty".utf8)
            cassette.interrupted = true
        default: break
        }
        return cassette
    }
}
