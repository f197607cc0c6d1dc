/// A problem found in a file the mock reads, located by file and line, with how to fix it.
///
/// Renders as `Cassettes/bad.sse:14: data is not valid JSON (…); fix: …`.
public struct SourceProblem: Sendable, Equatable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String
    /// 1-based line number (0 when the problem concerns the whole file).
    public var line: Int
    /// What is wrong.
    public var message: String
    /// How to fix it, when there is a clear fix.
    public var fix: String?

    /// A problem at `file:line`, with how to fix it when known.
    public init(file: String, line: Int, message: String, fix: String? = nil) {
        self.file = file
        self.line = line
        self.message = message
        self.fix = fix
    }

    /// A short, escaped excerpt of text read from a file, for a problem's message: at most 40
    /// characters, quoted, with control and non-ASCII characters escaped. A message never quotes
    /// more of a file than this.
    public static func excerpt(_ text: some StringProtocol) -> String {
        var out = "'"
        for (count, scalar) in text.unicodeScalars.enumerated() {
            if count == 40 {
                out += "…"
                break
            }
            out += (0x20..<0x7F).contains(scalar.value) ? String(scalar) : scalar.escaped(asASCII: true)
        }
        return out + "'"
    }

    public var description: String {
        let location = line > 0 ? "\(file):\(line)" : file
        return "\(location): \(message)" + (fix.map { " (fix: \($0))" } ?? "")
    }
}

/// One or more problems that stop a file from loading.
public struct SourceProblems: Error, Sendable, CustomStringConvertible {
    /// Every problem found, in file order.
    public var problems: [SourceProblem]

    /// Several problems, reported together.
    public init(_ problems: [SourceProblem]) { self.problems = problems }

    /// The first 50 problems, one a line, then how many more there are (a broken file can have
    /// thousands; ``problems`` holds them all).
    public var description: String {
        let shown = problems.prefix(50).map(\.description)
        let more = problems.count > 50 ? ["(\(problems.count - 50) more problems)"] : []
        return (shown + more).joined(separator: "\n")
    }
}

/// Suggests the closest known word for a misspelling (`disconect` → `disconnect`).
enum Suggestion {
    static func closest(to word: String, in candidates: [String]) -> String? {
        // A misspelling is short; a long word is no typo, and comparing it would cost its length
        // times every candidate's.
        guard word.utf8.count <= 64 else { return nil }
        let scored = candidates.map { ($0, distance(word.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, word.count / 3) else { return nil }
        return best.0
    }

    /// Levenshtein distance.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
