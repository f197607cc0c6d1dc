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
            failures += engine.unusedSteps.map {
                "mockclaude: \($0) of scenario '\(engine.scenario.name)' was never used: the code under test made fewer requests than the scenario expects"
            }
        }
        return failures
    }

    static func lastText(_ message: JSONValue) -> String {
        if let text = message["content"]?.stringValue { return text }
        return (message["content"]?.arrayValue ?? []).compactMap { $0["text"]?.stringValue }.joined(separator: " ")
    }

    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
