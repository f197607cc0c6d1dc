import ArgumentParser
import MockClaude

/// Options shared by commands that replay cassettes.
struct TimingOption: ParsableArguments {
    @Option(help: ArgumentHelp(
        "How recorded delays are replayed: recorded (default), instant, or x<factor> (x2 = twice as fast, x0.5 = half speed).",
        valueName: "timing"))
    var timing: String?

    /// The timing asked for, or `nil` when none was (the scenario's own, else recorded).
    func parsed() throws -> Timing? {
        guard let timing else { return nil }
        do {
            return try Timing(parsing: timing)
        } catch {
            throw ValidationError(error.description)
        }
    }
}
