import Foundation

extension Cassette {
    /// Reads and checks a cassette file; throws every problem found, each with its line.
    public static func load(path: String) throws -> Cassette {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw SourceProblems([
                SourceProblem(
                    file: path, line: 0, message: exists ? "cannot read the file" : "no such file",
                    fix: exists
                        ? "check its permissions"
                        : path.hasPrefix("/") ? "check the path" : "check the path (relative paths start at \(FileManager.default.currentDirectoryPath))")
            ])
        }
        return try parse(Array(data), source: path)
    }

    /// Parses and checks cassette bytes (syntax, then stream grammar).
    public static func parse(_ bytes: [UInt8], source: String) throws(SourceProblems) -> Cassette {
        let cassette = try CassetteParser.parse(bytes, source: source)
        if cassette.status == 200 && cassette.body == nil {
            let problems = StreamGrammar.check(cassette)
            if !problems.isEmpty { throw SourceProblems(problems) }
        }
        return cassette
    }

    /// The bundled default cassette (a haiku), compiled into the binary.
    public static var bundledDefault: Cassette {
        // The bundled text is checked by the test suite, so this cannot fail at run time.
        try! parse(Array(BundledCassettes.haiku.utf8), source: ScenarioEngine.bundledPath)
    }
}
