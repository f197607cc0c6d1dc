import Foundation
import MockClaude
import NIOConcurrencyHelpers

/// Finds cassettes and scenarios by name for tests.
///
/// `haiku` (or `haiku.sse`) is looked for in a `Cassettes` folder beside the test file, then in
/// each folder above it, then in the resources of every loaded bundle; scenarios likewise in
/// `Scenarios` (`.yaml`). When nothing is found the error lists every place tried.
public enum MockFixtures {
    /// The path of the cassette called `name`.
    public static func cassette(_ name: String, near filePath: String) throws -> String {
        try find(name, folder: "Cassettes", extension: "sse", near: filePath)
    }

    /// The path of the scenario called `name`.
    public static func scenario(_ name: String, near filePath: String) throws -> String {
        try find(name, folder: "Scenarios", extension: "yaml", near: filePath)
    }

    static func find(_ name: String, folder: String, extension ext: String, near filePath: String) throws -> String {
        // Found once per test file and name: a suite asks for the same fixture in every test.
        let key = [name, folder, ext, filePath].joined(separator: "\u{0}")
        if let found = found.withLockedValue({ $0[key] }), FileManager.default.fileExists(atPath: found) { return found }
        let path = try search(name, folder: folder, extension: ext, near: filePath)
        found.withLockedValue { $0[key] = path }
        return path
    }

    private static let found = NIOLockedValueBox<[String: String]>([:])

    private static func search(_ name: String, folder: String, extension ext: String, near filePath: String) throws -> String {
        let file = name.hasSuffix(".\(ext)") ? name : "\(name).\(ext)"
        if file.hasPrefix("/") {
            if FileManager.default.fileExists(atPath: file) { return file }
            throw NotFound(name: name, tried: [file])
        }
        var tried: [String] = []
        var directory = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while true {
            let candidate = directory.appendingPathComponent(folder).appendingPathComponent(file).path
            tried.append(candidate)
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path { break }
            directory = parent
        }
        for bundle in Bundle.allBundles {
            guard let resources = bundle.resourceURL else { continue }
            for candidate in [resources.appendingPathComponent(folder).appendingPathComponent(file), resources.appendingPathComponent(file)] {
                tried.append(candidate.path)
                if FileManager.default.fileExists(atPath: candidate.path) { return candidate.path }
            }
        }
        throw NotFound(name: name, tried: tried)
    }

    /// No fixture of that name anywhere it was looked for.
    public struct NotFound: Error, CustomStringConvertible {
        /// The name asked for.
        public var name: String
        /// Every path looked at, in order.
        public var tried: [String]
        public var description: String {
            "mockclaude: no fixture '\(name)'; looked in:\n" + tried.map { "  \($0)" }.joined(separator: "\n")
                + "\nPut it in a Cassettes/ or Scenarios/ folder beside the test file, or in the test target's resources."
        }
    }
}
