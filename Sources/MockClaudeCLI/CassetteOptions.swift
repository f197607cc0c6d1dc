import ArgumentParser
import MockClaude

/// Options shared by commands that replay cassettes.
struct TimingOption: ParsableArguments {
    @Option(help: ArgumentHelp(
        "How recorded delays are replayed: recorded, instant, or x<factor> (x2 = twice as fast, x0.5 = half speed).",
        valueName: "timing"))
    var timing: String = "recorded"

    func parsed() throws -> Timing {
        do {
            return try Timing(parsing: timing)
        } catch {
            throw ValidationError(error.description)
        }
    }
}

/// Loads cassettes named on the command line; on any problem prints every `file:line: …` and fails.
enum CassetteLoading {
    static func load(_ paths: [String]) throws -> [Cassette] {
        var cassettes: [Cassette] = []
        var failures: [String] = []
        for path in paths {
            do {
                cassettes.append(try Cassette.load(path: path))
            } catch {
                failures.append("\(error)")
            }
        }
        if !failures.isEmpty {
            throw ValidationError("cannot load cassettes:\n" + failures.joined(separator: "\n"))
        }
        return cassettes
    }
}
