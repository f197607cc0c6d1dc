import ArgumentParser
import Foundation
import Logging
import MockClaude
import NIOCore

/// `mockclaude bench respond`: what the mock's own work costs per request, without a socket.
struct RespondBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "respond",
        abstract: "The mock's own work per replayed request, in process: answer, journal, head.",
        discussion: """
            Does, --requests times in a row, what `mockclaude serve` does for each request of the
            replay benchmark once the HTTP parser has read it, and nothing that touches a socket:
            the API answers the benchmark's streaming request (the bundled haiku, instant timing),
            the request and its answer go into the journal (bounded as serve's, so from the
            10,001st request on each append drops the oldest), and the response head is written
            into a buffer. Prints nanoseconds per request for each step and in all, medians of
            --rounds rounds. Exact where the replay benchmark is noisy: use it to compare builds.

            Example (build in release mode for meaningful figures):
              swift run -c release mockclaude bench respond --requests 200000
            """
    )

    @Option(help: "Requests per round (1…10000000).")
    var requests = 200_000

    @Option(help: "Rounds; the figures are their medians (1…100).")
    var rounds = 5

    func validate() throws {
        guard (1...10_000_000).contains(requests) else { throw ValidationError("--requests must be 1…10000000") }
        guard (1...100).contains(rounds) else { throw ValidationError("--rounds must be 1…100") }
    }

    func run() async throws {
        let api = MockClaudeAPI(engine: .bundledDefault(), timing: .instant, logger: Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() })
        let journal = Journal()
        let body = Array(Bench.replayRequestBody.utf8)
        let headers: HTTPHeaderList = [
            ("Host", "127.0.0.1:8080"), ("content-type", "application/json"), ("x-api-key", "sk-bench"),
            ("anthropic-version", "2023-06-01"), ("Content-Length", String(body.count)),
        ]
        // The request as the reader passes it on: its own copy of the fields, as parsed.
        func received() -> ReceivedRequest {
            ReceivedRequest(method: "POST", target: "/v1/messages", headers: HTTPHeaderList(headers.map { $0 }), body: body)
        }
        var steps: [String: [Double]] = ["answer": [], "journal": [], "head": [], "total": []]
        var check = 0
        for _ in 0..<rounds {
            var spent = (answer: Duration.zero, journal: Duration.zero, head: Duration.zero)
            let clock = ContinuousClock()
            for _ in 0..<requests {
                let request = received()
                let begin = clock.now
                let plan = await api.respond(to: request)
                let answered = clock.now
                var dropped = Journal.Dropped()
                let entry = journal.append(
                    JournalEntry(request: request, plan: plan, arrival: .now, arrivalInstant: answered), dropped: &dropped)
                let journaled = clock.now
                var head = ByteBuffer()
                HTTPResponseHead.write(for: plan, keepAlive: true, into: &head)
                let ended = clock.now
                check &+= head.readableBytes &+ entry
                spent.answer += answered - begin
                spent.journal += journaled - answered
                spent.head += ended - journaled
                guard plan.status == 200 else { throw ValidationError("the mock answered \(plan.status), not 200") }
            }
            let perRequest = { (duration: Duration) in Bench.seconds(duration) * 1e9 / Double(requests) }
            steps["answer"]!.append(perRequest(spent.answer))
            steps["journal"]!.append(perRequest(spent.journal))
            steps["head"]!.append(perRequest(spent.head))
            steps["total"]!.append(perRequest(spent.answer + spent.journal + spent.head))
        }
        print("the mock's own work per replayed request, \(requests) requests × \(rounds) rounds (medians; checksum \(check % 1000)):")
        for step in ["answer", "journal", "head", "total"] {
            let median = steps[step]!.sorted()[rounds / 2]
            print("  \(step.padding(toLength: 8, withPad: " ", startingAt: 0)) \(String(format: "%7.0f ns", median))")
        }
    }
}
