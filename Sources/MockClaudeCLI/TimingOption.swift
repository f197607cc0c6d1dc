import ArgumentParser
import MockClaude

/// Options shared by commands that replay cassettes.
struct TimingOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "How recorded delays are replayed: recorded (default), instant, or x<factor> with a factor from 0.001 to 1000000 (x2 = twice as fast, x0.5 = half speed).",
            valueName: "timing"))
    var timing: Timing?
}

extension Timing: ExpressibleByArgument {
    public init?(argument: String) {
        guard let timing = try? Timing(parsing: argument) else { return nil }
        self = timing
    }
}
