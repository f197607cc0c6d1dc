import Testing

@testable import MockClaude

/// The journal entry made for a request and the plan that answers it (what `serve` and
/// `mockclaude bench respond` both append), without a socket.
@Suite struct JournalEntryTests {
    let request = ReceivedRequest(
        method: "POST", target: "/proxy/v1/messages?beta=true", headers: [("x-api-key", "sk-test")], body: Array("{}".utf8))

    @Test func carriesThePlansOriginStatusAndPlannedEnding() {
        var plan = ResponsePlan(status: 529, ending: .close)
        plan.origin = .scenario(step: "rule 1 step 2", queuedFaults: false)
        let arrival = Timestamp.now, instant = ContinuousClock.now
        let entry = JournalEntry(request: request, plan: plan, arrival: arrival, arrivalInstant: instant)
        #expect(entry.status == 529)
        #expect(entry.ending == .closed)
        #expect(entry.origin == .scenario(step: "rule 1 step 2", queuedFaults: false))
        #expect(entry.arrival == arrival)
        #expect(entry.arrivalInstant == instant)
        #expect(entry.path == "/v1/messages")
        #expect(entry.request.headers["X-API-Key"] == "sk-test")
        #expect(entry.request.body == Array("{}".utf8))
    }

    @Test(arguments: [
        (ResponsePlan.Ending.finish, JournalEntry.Ending.finished), (.close, .closed), (.reset, .reset), (.stall, .stalled),
    ])
    func aPlanThatSendsNoHeadIsJournaledWithStatusZero(planned: ResponsePlan.Ending, journaled: JournalEntry.Ending) {
        var plan = ResponsePlan(status: 200, ending: planned)
        plan.sendsHead = false
        let entry = JournalEntry(request: request, plan: plan, arrival: .now, arrivalInstant: .now)
        #expect(entry.status == 0, "no status line was sent, so none is journaled")
        #expect(entry.ending == journaled)
    }
}
