import Dispatch
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The program's entry: for `serve`, Swift concurrency runs on the server's event loops; then the
/// command runs.
///
/// With NIO's event loops as the global executor, a connection's task wakes on its channel's
/// loop (NIO keeps a job on the loop that enqueued it), so its reads, writes and delays need no
/// hop between threads: replay throughput roughly doubles. This is only possible before any
/// async code has run, hence a synchronous `main` that starts the command in a task and parks
/// the main thread. The recorder keeps the default pool: its upstream connections live on other
/// loops than its clients', and measured, the takeover added 0.4 ms to its time to first byte.
@main
enum Entry {
    /// Subcommands whose work is answering on event loops.
    static let servesFromEventLoops: Set<String> = ["serve"]

    static func main() {
        if let command = CommandLine.arguments.dropFirst().first, servesFromEventLoops.contains(command) {
            // Returns false where the hook is not available; the command then runs on the default pool.
            NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        }
        Task {
            await MockClaudeCommand.main()
            exit(0)
        }
        dispatchMain()
    }
}
