import Foundation
import MockClaude
import Testing

@Suite struct FileValidatorTests {
    static func broken(_ name: String) -> String { Repo.root.appendingPathComponent("Tests/Fixtures/broken/\(name)").path }

    static var shipped: [String] {
        ["Cassettes", "Scenarios"].flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: Repo.root.appendingPathComponent(folder).path)) ?? [])
                .filter { $0.hasSuffix(".sse") || $0.hasSuffix(".yaml") }.map { Repo.root.appendingPathComponent("\(folder)/\($0)").path }
        }
    }

    @Test func everyShippedCassetteAndScenarioIsClean() {
        #expect(Self.shipped.count >= 15)
        for path in Self.shipped { #expect(FileValidator.problems(in: path).isEmpty, "\(path)") }
    }

    static let expectations: [(String, Int, String)] = [
        ("missing-event-line.sse", 4, "event has no 'event:' line"),
        ("bad-json.sse", 5, "data is not valid JSON"),
        ("out-of-order.sse", 10, "block index 2, expected 1"),
        ("usage-goes-down.sse", 4, "output_tokens 1 is below message_start's 5; usage is cumulative"),
        ("bad-tool-json.sse", 13, "block 0's partial_json fragments do not join into a JSON object"),
        ("no-message-stop.sse", 4, "the stream does not end with message_stop or error"),
        ("no-final-blank-line.sse", 7, "the last event has no blank line after it"),
        ("typo-fault.yaml", 5, "unknown fault 'disconect' (fix: did you mean 'disconnect'?"),
        ("missing-cassette.yaml", 3, "nowhere.sse: no such file (named at"),
    ]

    @Test(arguments: expectations)
    func eachProblemIsReportedAtItsLine(file: String, line: Int, message: String) {
        let problems = FileValidator.problems(in: Self.broken(file))
        let located = problems.first { $0.description.contains(message) }
        #expect(located != nil, "\(problems)")
        if file.hasSuffix(".yaml") && message.contains("no such file") {
            #expect(located?.description.contains("missing-cassette.yaml:\(line)") == true)
        } else {
            #expect(located?.line == line)
            #expect(located?.file == Self.broken(file))
        }
    }

    @Test(arguments: ["missing-event-line.sse", "no-final-blank-line.sse"])
    func fixRepairsWhatItSafelyCan(file: String) throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("fix-\(UUID().uuidString)-\(file)").path
        try FileManager.default.copyItem(atPath: Self.broken(file), toPath: copy)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let repairs = try FileValidator.fix(copy)
        #expect(repairs.count == 1)
        #expect(FileValidator.problems(in: copy).isEmpty, "\(FileValidator.problems(in: copy))")
        #expect(try FileValidator.fix(copy).isEmpty)  // nothing left to do
    }

    @Test func fixLeavesWhatItCannotRepairAlone() throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("fix-\(UUID().uuidString).sse").path
        try FileManager.default.copyItem(atPath: Self.broken("out-of-order.sse"), toPath: copy)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let before = try Data(contentsOf: URL(fileURLWithPath: copy))
        #expect(try FileValidator.fix(copy).isEmpty)
        #expect(try Data(contentsOf: URL(fileURLWithPath: copy)) == before)
    }
}

@Suite struct RecordedSessionNoteTests {
    @Test func aSessionRecordedBeforeContentMatchingGetsANoteAndANewOneDoesNot() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("notes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let old = folder.appendingPathComponent("old.yaml").path
        try """
        # Recorded by `mockclaude record` from https://api.anthropic.com on 2026-01-01T00:00:00Z.
        name: "old"
        rules:
          - match: {method: "POST", path: "/v1/messages", model: "claude-haiku-4-5", stream: false}
            steps:
              - text: hi
        """.write(toFile: old, atomically: true, encoding: .utf8)
        #expect(FileValidator.problems(in: old).isEmpty, "it still loads")
        #expect(FileValidator.notes(in: old).first?.contains("record it again") == true)
        let new = folder.appendingPathComponent("new.yaml").path
        try """
        # Recorded by `mockclaude record` from https://api.anthropic.com on 2026-12-01T00:00:00Z, matching on body.
        name: "new"
        rules:
          - match: {method: "POST", path: "/v1/messages", body: {"model": "claude-haiku-4-5", "messages": []}}
            steps:
              - text: hi
        """.write(toFile: new, atomically: true, encoding: .utf8)
        #expect(FileValidator.notes(in: new).isEmpty)
    }
}
