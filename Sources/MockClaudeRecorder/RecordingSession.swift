import Foundation
import MockClaude
import NIOConcurrencyHelpers

/// The cassettes of one recording and the scenario that replays them in order.
///
/// Each request gets the next file name when it arrives (`session-001.sse`, …); once its
/// cassette is written, the session scenario (`session.yaml`) is rewritten atomically with one
/// rule per distinct request (method, path and the ``MatchOn`` parts, by default the whole body),
/// its steps in arrival order: a request asked twice replays its answers in recorded order, and
/// a request never recorded matches no rule.
public final class RecordingSession: Sendable {
    /// The folder cassettes and the scenario go to.
    public let directory: String
    /// The session's name: `<name>.yaml`, `<name>-001.sse`, …
    public let name: String
    let upstream: String
    /// What a replayed request must agree on with the recorded one.
    public let matchOn: [MatchOn]
    /// Body fields never compared (and never written into the session file).
    public let ignoring: [String]

    /// A rule's condition: the request it answers.
    package typealias Key = RequestMatch

    private struct State {
        var counter = 0
        var rules: [(key: Key, files: [String])] = []
    }
    private let state = NIOLockedValueBox(State())

    /// A session in `directory`; with `continuing`, the rules of an existing session file are kept.
    /// Requests are matched on `matchOn`, leaving out the `ignoring` body fields.
    public init(
        directory: String, name: String, upstream: String, continuing: Bool, matchOn: [MatchOn] = [.body],
        ignoring: [String] = MatchOn.defaultIgnores
    ) {
        self.directory = directory
        self.name = name
        self.upstream = upstream
        self.matchOn = matchOn
        self.ignoring = ignoring
        guard continuing, let scenario = try? ScenarioLoader.load(path: scenarioPath) else { return }
        var restored = State()
        for rule in scenario.rules {
            let files = rule.steps.compactMap { step -> String? in
                if case .cassette(let file) = step.answer { return file }
                return nil
            }
            restored.rules.append((rule.match, files))
            restored.counter += files.count
        }
        state.withLockedValue { $0 = restored }
    }

    /// The rule condition for `request`; `redacted` paths are left out as well (a redacted value
    /// is never written, so it cannot be compared).
    func key(for request: ReceivedRequest, redacted: [String] = []) -> Key {
        var seen = Set<String>()
        return MatchOn.match(for: request, on: matchOn, ignoring: (ignoring + redacted).filter { seen.insert($0).inserted })
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
            let yaml = RecordingSession.yaml(
                name: name, upstream: upstream, scenarioPath: RecordingSession.relative(scenarioPath), matchOn: matchOn,
                directory: directory, rules: state.rules)
            try Data(yaml.utf8).write(to: URL(fileURLWithPath: scenarioPath), options: .atomic)
        }
    }

    static func quoted(_ text: String) -> String { JSONValue.string(text).compactString }

    package static func yaml(
        name: String, upstream: String, scenarioPath: String, matchOn: [MatchOn] = [.body], directory: String = ".",
        rules: [(key: Key, files: [String])]
    ) -> String {
        let parts = matchOn.map(\.rawValue).joined(separator: ",")
        let record = "mockclaude record --mode new_episodes --out \(relative(directory)) --session \(name) --match-on \(parts)"
        var text = """
            # Recorded by `mockclaude record` from \(upstream) on \(Timestamp.now.rfc3339Seconds), matching on \(parts).
            # Replay: mockclaude serve --scenario \(scenarioPath)
            name: \(quoted(name))
            no_match_advice: \(quoted("This request was not recorded; record it with: " + record))
            rules:

            """
        for rule in rules {
            let key = rule.key
            var match: [String] = []
            if let method = key.method { match.append("method: \(quoted(method))") }
            if let path = key.path { match.append("path: \(quoted(path))") }
            if let model = key.model { match.append("model: \(quoted(model))") }
            if let stream = key.stream { match.append("stream: \(stream)") }
            if !key.json.isEmpty {
                let fields = key.json.compactMap { condition in condition.equals.map { "\(quoted(condition.path)): \($0.compactString)" } }
                match.append("json: {\(fields.joined(separator: ", "))}")
            }
            if let body = key.body { match.append("body: \(body.compactString)") }
            if !key.bodyIgnores.isEmpty { match.append("body_ignores: [\(key.bodyIgnores.map(quoted).joined(separator: ", "))]") }
            text += "  - match: {\(match.joined(separator: ", "))}\n    steps:\n"
            for file in rule.files { text += "      - cassette: \(quoted(file))\n" }
        }
        return text
    }

    /// `path` relative to the working directory when it is inside it (a session committed to
    /// git names no folder of the machine that recorded it).
    package static func relative(_ path: String) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let base = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        if absolute == base { return "." }
        return absolute.hasPrefix(base + "/") ? String(absolute.dropFirst(base.count + 1)) : absolute
    }
}
