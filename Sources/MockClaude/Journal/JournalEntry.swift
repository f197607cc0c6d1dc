/// One request as the mock received it, with how it was answered.
public struct JournalEntry: Sendable {
    /// The entry's number in its journal: stable while it is kept, never reused.
    public internal(set) var id: Int = 0
    /// The request: method, target, headers, body.
    public var request: ReceivedRequest {
        get { packed.request }
        set { packed = PackedRequest(newValue) }
    }
    /// The request as kept: one allocation (see ``PackedRequest``).
    private(set) var packed: PackedRequest
    /// The body parsed as JSON, when it is JSON (parsed when asked: the journal keeps the bytes once).
    public var json: JSONValue? { try? JSONValue.parse(packed.body) }
    /// When it arrived (wall clock).
    public var arrival: Timestamp
    /// When it arrived (monotonic), for measuring time between attempts.
    public var arrivalInstant: ContinuousClock.Instant
    /// What answered it.
    public var origin: PlanOrigin
    /// What answered it, in words: `rule 1 step 2 (file:line)`, or the mock's own error message.
    public var answeredBy: String { origin.description }
    /// The status sent (0 when no head was sent).
    public var status: Int
    /// How the response ended.
    public var ending: Ending

    /// An entry for `request`, answered as the rest says.
    package init(
        request: ReceivedRequest, arrival: Timestamp, arrivalInstant: ContinuousClock.Instant, origin: PlanOrigin, status: Int,
        ending: Ending
    ) {
        self.packed = PackedRequest(request)
        self.arrival = arrival
        self.arrivalInstant = arrivalInstant
        self.origin = origin
        self.status = status
        self.ending = ending
    }

    /// An entry for `request`, to be answered by `plan`: its origin, the status it sends (0 when
    /// it sends no head) and the ending it plans (updated if the client goes first).
    package init(request: ReceivedRequest, plan: ResponsePlan, arrival: Timestamp, arrivalInstant: ContinuousClock.Instant) {
        self.init(
            request: request, arrival: arrival, arrivalInstant: arrivalInstant, origin: plan.origin,
            status: plan.sendsHead ? plan.status : 0, ending: Ending(planned: plan.ending))
    }

    /// How a response ended, as the client will have seen it.
    public enum Ending: String, Sendable {
        /// Sent whole.
        case finished
        /// Cut with a FIN before the body was whole.
        case closed
        /// Cut with a TCP RST.
        case reset
        /// Left without more bytes until the client gave up.
        case stalled
        /// The client went away before the answer was sent.
        case clientGone

        /// The ending a plan leads to when the client stays.
        public init(planned ending: ResponsePlan.Ending) {
            switch ending {
            case .finish: self = .finished
            case .close: self = .closed
            case .reset: self = .reset
            case .stall: self = .stalled
            }
        }
    }

    /// The API path (`/v1/messages`), without query or prefix.
    public var path: String { ReceivedRequest.apiPath(of: packed.target) }

    /// The `messages` of the request body.
    public var messages: [JSONValue] { json?["messages"]?.arrayValue ?? [] }

    /// The SDKs' attempt number (`x-stainless-retry-count`), when sent.
    public var retryCount: Int? { request.headers["x-stainless-retry-count"].flatMap { Int($0) } }

    /// Whether the mock answered with its own error (no matching rule, rule used up).
    public var isMockError: Bool {
        if case .mockError(let error) = origin { return [.noMatch, .exhausted].contains(error.kind) }
        return false
    }

    /// The entry as JSON, for the admin API.
    public var jsonValue: JSONValue {
        let request = self.request
        return .object([
            "id": .int(id),
            "method": .string(request.method),
            "path": .string(path),
            "target": .string(request.target),
            "headers": .object(JSONObject(request.headers.map { (key: $0.name.lowercased(), value: JSONValue.string($0.value)) })),
            "body": json ?? .string(String(decoding: request.body, as: UTF8.self)),
            "arrived_at": .string(arrival.rfc3339Micro),
            "answered_by": .string(answeredBy),
            "status": .int(status),
            "ending": .string(ending.rawValue),
        ])
    }
}
