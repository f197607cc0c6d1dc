import Foundation

/// Catches SIGINT and SIGTERM from the moment it is made, and waits for the first without
/// blocking a thread.
///
/// Make it before the server starts and prints its URL: a client that reads the URL may signal
/// at once, and a signal that arrived before the handler was in place would be lost (the
/// process ignored it and never shut down).
final class SignalWaiter: @unchecked Sendable {
    private let lock = NSLock()
    private var received: String?
    private var continuation: CheckedContinuation<String, Never>?
    private var sources: [any DispatchSourceSignal] = []

    init() {
        let queue = DispatchQueue(label: "mockclaude.signals")
        for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [weak self] in self?.deliver(name) }
            source.resume()
            sources.append(source)
        }
    }

    /// The first signal's name, once one has arrived (at once if one already has).
    func termination() async -> String {
        await withCheckedContinuation { (continuation: CheckedContinuation<String, Never>) in
            let already = lock.withLock { () -> String? in
                if received == nil { self.continuation = continuation }
                return received
            }
            if let already { continuation.resume(returning: already) }
        }
    }

    private func deliver(_ name: String) {
        let pending = lock.withLock { () -> CheckedContinuation<String, Never>? in
            guard received == nil else { return nil }
            received = name
            defer { continuation = nil }
            return continuation
        }
        pending?.resume(returning: name)
    }
}
