import ArgumentParser
import Dispatch
import Logging
import MockClaude
import NIOConcurrencyHelpers

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
        LogBuffer.shared.start()
        LoggingSystem.bootstrap { label in
            var handler = LineLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

/// One line per event on stderr, `2026-12-02T16:23:56Z info mockclaude: message key=value`,
/// through ``LogBuffer`` (whole lines, so lines from several threads never interleave).
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
        // Most lines (one per request) carry no metadata: nothing to merge or sort.
        var suffix = ""
        if !metadata.isEmpty || metadataProvider != nil || event.metadata?.isEmpty == false {
            var all = metadata
            if let provided = metadataProvider?.get() { all.merge(provided) { $1 } }
            if let own = event.metadata { all.merge(own) { $1 } }
            for (key, value) in all.sorted(by: { $0.key < $1.key }) { suffix += " \(key)=\(value)" }
        }
        // The line's pieces go straight into the buffer: no line string made per request.
        let stamp = SecondStamps.at(.now).rfc3339
        LogBuffer.shared.append(now: event.level >= .warning) { bytes in
            bytes.append(contentsOf: stamp.utf8)
            bytes.append(UInt8(ascii: " "))
            bytes.append(contentsOf: event.level.rawValue.utf8)
            bytes.append(UInt8(ascii: " "))
            bytes.append(contentsOf: label.utf8)
            bytes.append(contentsOf: ": ".utf8)
            bytes.append(contentsOf: event.message.description.utf8)
            bytes.append(contentsOf: suffix.utf8)
            bytes.append(UInt8(ascii: "\n"))
        }
    }
}

/// Log lines on their way to stderr: written when 8 KiB are waiting, at most 100 ms after they
/// were logged, at once for warnings and worse (with everything before them), and at exit.
///
/// A busy server logs a line per request; one `write` each was 4% of its time in the replay
/// benchmark. Lines stay whole and in order.
final class LogBuffer: Sendable {
    static let shared = LogBuffer()

    private let pending = NIOLockedValueBox<[UInt8]>([])
    private let started = NIOLockedValueBox(false)
    private let queue = DispatchQueue(label: "mockclaude.log")
    static let threshold = 8 * 1024

    /// Starts the 100 ms flush and the flush at exit (once).
    func start() {
        let first = started.withLockedValue { started in
            defer { started = true }
            return !started
        }
        guard first else { return }
        atexit { LogBuffer.shared.flush() }
        scheduleFlush()
    }

    private func scheduleFlush() {
        queue.asyncAfter(deadline: .now() + .milliseconds(100)) { [self] in
            flush()
            scheduleFlush()
        }
    }

    /// Queues a line `write` appends (whole, under the buffer's lock); writes what is waiting
    /// when it is urgent or there is enough of it.
    func append(now urgent: Bool, _ write: (inout [UInt8]) -> Void) {
        let full = pending.withLockedValue { pending in
            write(&pending)
            return pending.count >= LogBuffer.threshold
        }
        if urgent || full { flush() }
    }

    /// Writes everything waiting to stderr.
    func flush() {
        // The lock is held while writing, so flushes from several threads keep the lines in order.
        pending.withLockedValue { pending in
            guard !pending.isEmpty else { return }
            pending.withUnsafeBytes { bytes in
                var rest = bytes
                while !rest.isEmpty {
                    let written = write(2, rest.baseAddress, rest.count)
                    if written < 0 && errno == EINTR { continue }
                    guard written > 0 else { return }  // stderr gone: nothing to report it to
                    rest = UnsafeRawBufferPointer(rebasing: rest[written...])
                }
            }
            pending.removeAll(keepingCapacity: true)
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
