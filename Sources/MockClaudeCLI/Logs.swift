import ArgumentParser
import Logging
import MockClaude

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Logging to stderr at a level named on the command line.
enum Logs {
    static func start(level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler = LineLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

/// One line per event on stderr, `2026-12-02T16:23:56Z info mockclaude: message key=value`,
/// written with a single `write` so lines from several threads never interleave.
///
/// swift-log's `StreamLogHandler` reads the local time zone (a `stat` of `/etc/localtime`) and
/// formats with `strftime` on every line; with a line per request that was a visible share of
/// a busy server's time. Times here are UTC, formatted by ``Timestamp``.
struct LineLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    init(label: String) { self.label = label }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { $1 } }
        if let own = event.metadata { all.merge(own) { $1 } }
        var line = "\(Timestamp.now.rfc3339Seconds) \(event.level) \(label): \(event.message)"
        for (key, value) in all.sorted(by: { $0.key < $1.key }) { line += " \(key)=\(value)" }
        line += "\n"
        line.withUTF8 { bytes in
            var rest = UnsafeRawBufferPointer(bytes)
            while !rest.isEmpty {
                let written = write(2, rest.baseAddress, rest.count)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }  // stderr gone: nothing to report it to
                rest = UnsafeRawBufferPointer(rebasing: rest[written...])
            }
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
