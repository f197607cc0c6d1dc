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

    /// One repair made by ``fix(_:)``.
    public struct Repair: Sendable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var change: String
        public var description: String { "\(file):\(line): \(change)" }
    }

    /// Repairs a cassette in place: adds the `event:` line an event lacks (from its data's
    /// `type`), and the blank line the last event lacks. Writes atomically; returns what changed.
    public static func fix(_ path: String) throws -> [Repair] {
        guard !path.hasSuffix(".yaml"), !path.hasSuffix(".yml") else { return [] }
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let text = String(decoding: data, as: UTF8.self)
        let newline = text.contains("\r\n") ? "\r\n" : "\n"
        var lines = text.components(separatedBy: "\n").map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
        let endedWithNewline = lines.last == ""
        if endedWithNewline { lines.removeLast() }

        var output: [String] = []
        var repairs: [Repair] = []
        var block: [String] = []
        var blockStart = 0
        func flush() {
            let hasEvent = block.contains { $0.hasPrefix("event:") }
            if !hasEvent, let dataIndex = block.firstIndex(where: { $0.hasPrefix("data:") }) {
                let payload = block[dataIndex].dropFirst(5).drop { $0 == " " }
                if let type = (try? JSONValue.parse(String(payload)))?["type"]?.stringValue {
                    block.insert("event: \(type)", at: dataIndex)
                    repairs.append(Repair(file: path, line: blockStart + dataIndex + 1, change: "added 'event: \(type)' (from the data's type)"))
                }
            }
            output += block
            block = []
        }
        for (index, line) in lines.enumerated() {
            if line.isEmpty {
                flush()
                output.append(line)
            } else {
                if block.isEmpty { blockStart = index }
                block.append(line)
            }
        }
        let unterminated = !block.isEmpty && block.contains { $0.hasPrefix("data:") }
        flush()
        if unterminated {
            output.append("")
            repairs.append(Repair(file: path, line: lines.count, change: "added the blank line that ends the last event"))
        }
        guard !repairs.isEmpty else { return [] }
        let fixed = output.joined(separator: newline) + newline
        try Data(fixed.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        return repairs
    }
}
