/// A request with the plan that answers it, as a connection journals, writes and logs it —
/// whether its task answers it or its request reader does, on the event loop.
struct ConnectionAnswer: Sendable {
    let request: ReceivedRequest
    let plan: ResponsePlan
    /// Whether the connection stays open after this answer (asked for, and the body was read).
    let keepAlive: Bool
    /// When the request was taken up: the journal's `arrived_at` and its intervals.
    let arrival: Timestamp
    let arrivalInstant: ContinuousClock.Instant

    /// `plan` answering `request`, taken up now.
    init(_ request: ReceivedRequest, plan: ResponsePlan, askedKeepAlive: Bool, arrival: Timestamp, arrivalInstant: ContinuousClock.Instant) {
        self.request = request
        self.plan = plan
        self.keepAlive = askedKeepAlive && !request.bodyTooLarge
        self.arrival = arrival
        self.arrivalInstant = arrivalInstant
    }
}
