import ArgumentParser
import MockClaudeRecorder

/// `--redact-header` and `--redact-json-path`, shared by `record` and `import`.
struct RedactionOptions: ParsableArguments {
    @Option(name: .customLong("redact-header"), help: ArgumentHelp("Another header never to write (repeatable).", valueName: "name"))
    var headers: [String] = []

    @Option(
        name: .customLong("redact-json-path"),
        help: ArgumentHelp("A dotted JSON path whose value is written as \"[redacted]\" (repeatable).", valueName: "path"))
    var jsonPaths: [String] = []

    /// The redactor these options describe (the always-dropped headers included).
    var redactor: Redactor { Redactor(extraHeaders: headers, jsonPaths: jsonPaths) }
}
