import Foundation
import Logging

extension Logger {
    /// The logger an in-process mock uses unless it is given one: `warning` and above, so a test
    /// run shows test results rather than a line per request. `MOCKCLAUDE_LOG_LEVEL` (`trace`,
    /// `debug`, `info`, `notice`, `warning`, `error`, `critical`) asks for more or less.
    ///
    /// ```sh
    /// MOCKCLAUDE_LOG_LEVEL=info swift test   # every request the mock answers, on stderr
    /// ```
    public static func mockClaude(environment: [String: String] = ProcessInfo.processInfo.environment) -> Logger {
        var logger = Logger(label: "mockclaude")
        logger.logLevel = environment["MOCKCLAUDE_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .warning
        return logger
    }
}
