import ArgumentParser

struct MockClaudeCommand: AsyncParsableCommand {
    /// `mockclaude --version`.
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "mockclaude",
        abstract: "A wire-faithful mock of Claude's Messages API for tests.",
        discussion: """
            Start a mock and point any client's base URL at the URL it prints:

              mockclaude serve          # bundled haiku, free port
              mockclaude serve --cassette Cassettes/tool_use.sse --port 8787
              ANTHROPIC_BASE_URL=http://127.0.0.1:8787 python my_app.py

            Look at what a cassette holds:

              mockclaude play Cassettes/thinking.sse
            """,
        version: MockClaudeCommand.version,
        subcommands: [ServeCommand.self, RecordCommand.self, ImportCommand.self, PlayCommand.self, ValidateCommand.self, BenchCommand.self]
    )
}
