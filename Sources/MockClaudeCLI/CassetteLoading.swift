import ArgumentParser
import MockClaude

/// Loads cassettes and scenarios named on the command line; on any problem fails with every `file:line: …`.
enum CassetteLoading {
    static func scenario(_ path: String) throws -> ScenarioEngine {
        do {
            return try ScenarioEngine(ScenarioLoader.load(path: path))
        } catch {
            throw CLIError("cannot load scenario:\n\(error)")
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
            throw CLIError("cannot load cassettes:\n" + failures.joined(separator: "\n"))
        }
        return cassettes
    }
}
