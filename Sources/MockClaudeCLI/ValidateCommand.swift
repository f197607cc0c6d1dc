import ArgumentParser
import MockClaude

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check cassettes and scenarios; print each problem as file:line.",
        discussion: """
            Cassettes (.sse) are checked for SSE syntax and wire semantics: event: lines matching the
            data's type, message_start first, block indices in order, deltas that fit their block,
            tool input that joins into JSON, cumulative usage, a clean end. Scenarios (.yaml) are
            loaded with every cassette they name. Exits 1 when any problem is found.

            --fix repairs what can be repaired safely (a missing event: line, a missing final blank
            line), says what it changed, then checks again.

            Example:
              mockclaude validate Cassettes/*.sse Scenarios/*.yaml
            """
    )

    @Argument(help: ArgumentHelp("Cassette (.sse) and scenario (.yaml) files.", valueName: "file"))
    var files: [String]

    @Flag(help: "Repair missing event: lines and final blank lines in place, then check again.")
    var fix = false

    func run() throws {
        var problemCount = 0
        for file in files {
            if fix {
                for repair in try FileValidator.fix(file) { print("fixed \(repair)") }
            }
            let problems = FileValidator.problems(in: file)
            for problem in problems { print(problem) }
            for note in FileValidator.notes(in: file) { print(note) }
            problemCount += problems.count
        }
        print("\(files.count) file\(files.count == 1 ? "" : "s") checked, \(problemCount) problem\(problemCount == 1 ? "" : "s")")
        if problemCount > 0 { throw ExitCode(1) }
    }
}
