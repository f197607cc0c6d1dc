import ArgumentParser
import Logging
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

/// Loads cassettes and scenarios named on the command line; on any problem fails with every `file:line: …`.
enum CassetteLoading {
    static func scenario(_ path: String) throws -> ScenarioEngine {
        do {
            return try ScenarioEngine(ScenarioLoader.load(path: path))
        } catch {
            throw ValidationError("cannot load scenario:\n\(error)")
        }
    }

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

extension Result where Failure == any Error {
    /// The result of an async throwing body.
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}

/// Logging to stderr at a level named on the command line.
enum Logs {
    static func start(level name: String) {
        let level = Logger.Level(rawValue: name) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
