import Foundation

/// The folders cassettes may be read from when a scenario arrives from outside (the admin API).
///
/// A path is allowed when it lies under one of the roots both as written (no `..` out) and after
/// every symbolic link is followed, so neither `../../etc/passwd` nor a link inside a root that
/// points elsewhere reaches a file outside them.
///
/// ```swift
/// let roots = CassetteRoots(["Cassettes"])
/// try roots.check("Cassettes/haiku.sse")      // fine
/// try roots.check("/etc/passwd")              // throws a SourceProblem
/// ```
public struct CassetteRoots: Sendable, Equatable {
    /// The roots as absolute paths with links followed.
    public let folders: [String]

    /// Roots from folder paths (relative ones start at the working directory).
    public init(_ folders: [String]) {
        self.folders = folders.map { CassetteRoots.canonical($0) ?? CassetteRoots.absolute($0) }
    }

    /// The working directory alone: the default for a server.
    public static var workingDirectory: CassetteRoots { CassetteRoots([FileManager.default.currentDirectoryPath]) }

    /// Whether `path` (absolute) lies under a root, as written and with links followed.
    public func contains(_ path: String) -> Bool {
        guard inside(CassetteRoots.absolute(path)) else { return false }
        // A file that does not exist has no links to follow; the load reports it missing.
        guard let real = CassetteRoots.canonical(path) else { return true }
        return inside(real)
    }

    /// Throws a problem naming the roots when `path` is outside them; never reads the file.
    public func check(_ path: String, source: String) throws(SourceProblems) {
        guard !contains(path) else { return }
        throw SourceProblems([
            SourceProblem(
                file: source, line: 0,
                message: "cassette \(SourceProblem.excerpt(path)) is outside the cassette roots (\(folders.joined(separator: ", ")))",
                fix: "name a cassette under a root, or start the mock with --cassette-root FOLDER")
        ])
    }

    private func inside(_ path: String) -> Bool {
        folders.contains { root in path == root || path.hasPrefix(root.hasSuffix("/") ? root : root + "/") }
    }

    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true))
            .standardizedFileURL.path
    }

    static func canonical(_ path: String) -> String? {
        guard let resolved = realpath(absolute(path), nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
