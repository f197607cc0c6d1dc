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

/// The program's entry: Swift concurrency runs on the server's event loops, then the command runs.
///
/// With NIO's event loops as the global executor, a connection's task wakes on its channel's
/// loop (NIO keeps a job on the loop that enqueued it), so its reads, writes and delays need no
/// hop between threads. This is only possible before any async code has run, hence a
/// synchronous `main` that starts the command in a task and parks the main thread.
@main
enum Entry {
    static func main() {
        // Returns false where the hook is not available; the command then runs on the default pool.
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        Task {
            await MockClaudeCommand.main()
            exit(0)
        }
        dispatchMain()
    }
}
