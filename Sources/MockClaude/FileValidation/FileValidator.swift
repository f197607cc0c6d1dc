import Foundation

/// Checks cassette (`.sse`) and scenario (`.yaml`) files the way loading them would, and repairs
/// what can be repaired without guessing.
///
/// ```swift
/// FileValidator.problems(in: "Cassettes/haiku.sse")  // [] when clean
/// ```
public enum FileValidator {
    /// Every problem in the file, each at its line (empty when it is clean).
    public static func problems(in path: String) -> [SourceProblem] {
        do {
            if path.hasSuffix(".yaml") || path.hasSuffix(".yml") {
                _ = try ScenarioEngine(ScenarioLoader.load(path: path))
            } else {
                _ = try Cassette.load(path: path)
            }
            return []
        } catch let error as SourceProblems {
            return error.problems
        } catch {
            return [SourceProblem(file: path, line: 0, message: "\(error)")]
        }
    }

    /// Advice that is not a problem (the file loads): a session recorded before recordings
    /// matched on the request's content answers any request to the same model.
    public static func notes(in path: String) -> [String] {
        guard path.hasSuffix(".yaml") || path.hasSuffix(".yml"), let scenario = try? ScenarioLoader.load(path: path),
            let text = FileManager.default.contents(atPath: path).map({ String(decoding: $0.prefix(200), as: UTF8.self) }),
            text.hasPrefix("# Recorded by `mockclaude record`"),
            scenario.rules.contains(where: { $0.match.body == nil && $0.match.json.isEmpty && $0.match.method == "POST" })
        else { return [] }
        return [
            "\(path): note: recorded by an older mockclaude, whose rules match any request to the same model; record it again (mockclaude record --mode all) so that only recorded requests are answered"
        ]
    }

    /// One repair made by ``fix(_:)``.
    public struct Repair: Sendable, CustomStringConvertible {
        /// The file repaired.
        public var file: String
        /// The 1-based line of the repair.
        public var line: Int
        /// What was changed, in words.
        public var change: String
        public var description: String { "\(file):\(line): \(change)" }
    }

    /// Repairs a cassette in place: adds the `event:` line an event lacks (from its data's
    /// `type`), and the blank line the last event lacks. Writes atomically; returns what changed.
    public static func fix(_ path: String) throws -> [Repair] {
        guard !path.hasSuffix(".yaml"), !path.hasSuffix(".yml") else { return [] }
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let lines = SSE.lines(Array(data))
        let newline: [UInt8] = lines.first.map { Array($0.bytes[$0.content.endIndex...]) }.flatMap { $0.isEmpty ? nil : $0 } ?? [10]
        var output: [UInt8] = []
        var repairs: [Repair] = []
        var block: [SSE.Line] = []
        var blockStart = 0
        func flush() {
            let fields = block.map { $0.field }
            if !fields.contains(where: { $0?.name == "event" }), let dataIndex = fields.firstIndex(where: { $0?.name == "data" }),
                let type = (try? JSONValue.parse(String(fields[dataIndex]?.value ?? "")))?["type"]?.stringValue
            {
                block.insert(SSE.Line(bytes: ArraySlice(Array("event: \(type)".utf8) + newline)), at: dataIndex)
                repairs.append(Repair(file: path, line: blockStart + dataIndex + 1, change: "added 'event: \(type)' (from the data's type)"))
            }
            for line in block { output += line.bytes }
            block = []
        }
        for (index, line) in lines.enumerated() {
            if line.isBlank {
                flush()
                output += line.bytes
            } else {
                if block.isEmpty { blockStart = index }
                block.append(line)
            }
        }
        let unterminated = block.contains { $0.field?.name == "data" }
        let lastLineOpen = !(block.last?.isTerminated ?? true)
        flush()
        if unterminated {
            if lastLineOpen { output += newline }
            output += newline
            repairs.append(Repair(file: path, line: lines.count, change: "added the blank line that ends the last event"))
        }
        guard !repairs.isEmpty else { return [] }
        try Data(output).write(to: URL(fileURLWithPath: path), options: .atomic)
        return repairs
    }
}
