import Foundation
import MockClaude
import NIOConcurrencyHelpers

/// The cassettes of one recording and the scenario that replays them in order.
///
/// Each request gets the next file name when it arrives (`session-001.sse`, …); once its
/// cassette is written, the session scenario (`session.yaml`) is rewritten atomically with one
/// rule per kind of request (method, path, model, stream), its steps in arrival order.
public final class RecordingSession: Sendable {
    /// The folder cassettes and the scenario go to.
    public let directory: String
    /// The session's name: `<name>.yaml`, `<name>-001.sse`, …
    public let name: String
    let upstream: String

    struct Key: Equatable {
        var method: String
        var path: String
        var model: String?
        var stream: Bool?
    }
    private struct State {
        var counter = 0
        var rules: [(key: Key, files: [String])] = []
    }
    private let state = NIOLockedValueBox(State())

    /// A session in `directory`; with `continuing`, the rules of an existing session file are kept.
    public init(directory: String, name: String, upstream: String, continuing: Bool) {
        self.directory = directory
        self.name = name
        self.upstream = upstream
        guard continuing, let scenario = try? ScenarioLoader.load(path: scenarioPath) else { return }
        var restored = State()
        for rule in scenario.rules {
            let files = rule.steps.compactMap { step -> String? in
                if case .cassette(let file) = step.answer { return file }
                return nil
            }
            restored.rules.append(
                (
                    Key(
                        method: rule.match.method ?? "POST", path: rule.match.path ?? "/v1/messages",
                        model: rule.match.model, stream: rule.match.stream), files
                ))
            restored.counter += files.count
        }
        state.withLockedValue { $0 = restored }
    }

    /// Where the session scenario is written.
    public var scenarioPath: String { URL(fileURLWithPath: directory).appendingPathComponent("\(name).yaml").path }

    /// The cassette file name (relative to the folder) for the next request.
    func nextFile(method: String, path: String) -> String {
        let number = state.withLockedValue { state -> Int in
            state.counter += 1
            return state.counter
        }
        let slug = path.split(separator: "/").filter { $0 != "v1" }.prefix(3).joined(separator: "-")
        return String(format: "%@-%03d-%@-%@.sse", name, number, method.lowercased(), slug.isEmpty ? "root" : slug)
    }

    /// Writes a cassette and adds it to the session scenario.
    func save(_ writer: CassetteWriter, file: String, key: Key) throws {
        try writer.write(to: URL(fileURLWithPath: directory).appendingPathComponent(file).path)
        // The scenario is written while the lock is held: when two recordings end together, the
        // file written last is the one that lists both (written after the lock, an older list
        // could land last and lose a cassette).
        try state.withLockedValue { state in
            if let index = state.rules.firstIndex(where: { $0.key == key }) {
                state.rules[index].files.append(file)
            } else {
                state.rules.append((key, [file]))
            }
            let yaml = RecordingSession.yaml(name: name, upstream: upstream, scenarioPath: scenarioPath, rules: state.rules)
            try Data(yaml.utf8).write(to: URL(fileURLWithPath: scenarioPath), options: .atomic)
        }
    }

    static func quoted(_ text: String) -> String { JSONValue.string(text).compactString }

    static func yaml(name: String, upstream: String, scenarioPath: String, rules: [(key: Key, files: [String])]) -> String {
        var text = """
            # Recorded by `mockclaude record` from \(upstream) on \(Timestamp.now.rfc3339Seconds).
            # Replay: mockclaude serve --scenario \(scenarioPath)
            name: \(quoted(name))
            rules:

            """
        for rule in rules {
            var match = ["method: \(quoted(rule.key.method))", "path: \(quoted(rule.key.path))"]
            if let model = rule.key.model { match.append("model: \(quoted(model))") }
            if let stream = rule.key.stream { match.append("stream: \(stream)") }
            text += "  - match: {\(match.joined(separator: ", "))}\n    steps:\n"
            for file in rule.files { text += "      - cassette: \(quoted(file))\n" }
        }
        return text
    }
}
