import Foundation
import MockClaude
import Testing

@testable import MockClaudeRecorder

@Suite struct RecordingSessionTests {
    /// Many recordings ending at once: the session file lists every cassette, each written whole.
    @Test func recordingsEndingTogetherAreAllListed() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("session-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let session = RecordingSession(directory: folder, name: "s", upstream: "https://example.invalid", continuing: false)
        let count = 40
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<count {
                group.addTask {
                    let file = session.nextFile(method: "POST", path: "/v1/messages")
                    var writer = CassetteWriter(status: 200, headers: [("content-type", "application/json")], isEventStream: false, request: nil)
                    writer.append(Array(#"{"n":\#(index)}"#.utf8))
                    try session.save(writer, file: file, key: RequestMatch(method: "POST", path: "/v1/messages", model: "m\(index % 3)", stream: false))
                }
            }
            try await group.waitForAll()
        }
        let yaml = try String(contentsOfFile: session.scenarioPath, encoding: .utf8)
        let listed = yaml.components(separatedBy: "\n").filter { $0.contains("- cassette: ") }
        #expect(listed.count == count)
        let scenario = try ScenarioLoader.load(path: session.scenarioPath)
        _ = try ScenarioEngine(scenario)  // every cassette it names loads
    }
}
