import MockClaude

/// What a test's mock saw that the test should fail for: requests no rule answered, and
/// scenario steps never used.
public enum MockExpectations {
    /// One message per problem, ready to report as a test failure.
    public static func failures(of server: MockClaudeServer, requireAllSteps: Bool) -> [String] {
        var failures = server.journal.mockErrors.map { entry in
            var message = entry.answeredBy
            if let model = entry.json?["model"]?.stringValue {
                let prompt = entry.messages.last.map(lastText) ?? ""
                message +=
                    "\nTo record an answer for it: mockclaude record --model \(model) --prompt \(shellQuoted(String(prompt.prefix(200)))) --out Cassettes/<name>.sse"
            }
            return message
        }
        if requireAllSteps, let engine = server.state?.engine {
            let received = received(server.journal.entries)
            failures += engine.unusedSteps.map {
                "mockclaude: \($0) of scenario '\(engine.scenario.name)' was never used: the code under test made fewer requests than the scenario expects. "
                    + received
            }
        }
        return failures
    }

    /// What the mock received, one journal entry per line (the first 10), for a failure message.
    static func received(_ entries: [JournalEntry]) -> String {
        guard !entries.isEmpty else { return "The mock received no requests." }
        let lines = entries.prefix(10).enumerated().map { number, entry in
            "\n  \(number + 1). \(entry.request.method) \(entry.request.target) -> \(entry.status), answered by \(entry.answeredBy)"
        }
        return "The mock received \(entries.count) request\(entries.count == 1 ? "" : "s"):" + lines.joined()
            + (entries.count > 10 ? "\n  … \(entries.count - 10) more in server.journal" : "")
    }

    static func lastText(_ message: JSONValue) -> String {
        if let text = message["content"]?.stringValue { return text }
        return (message["content"]?.arrayValue ?? []).compactMap { $0["text"]?.stringValue }.joined(separator: " ")
    }

    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
