import ArgumentParser
import Logging

/// Logging to stderr at a level named on the command line.
enum Logs {
    static func start(level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
