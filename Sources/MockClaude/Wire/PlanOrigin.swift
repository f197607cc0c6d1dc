/// What produced a plan, for the journal and the logs; never sent.
public enum PlanOrigin: Sendable, Equatable, CustomStringConvertible {
    /// A scenario step: `rule 1 step 2 (file:line)`, with whether queued faults were applied.
    case scenario(step: String, queuedFaults: Bool)
    /// An error of the API's (validation, auth, not found, 413…).
    case apiError(APIError)
    /// The mock's own error (no match, used up, upstream, refusals).
    case mockError(MockError)
    /// An endpoint's own answer: `count_tokens`, `models`, `batches`, `batch results msgbatch_…`.
    case endpoint(String)
    /// The admin API.
    case admin
    /// The recorder: an answer forwarded and recorded, or replayed from a recording.
    case recorder(String)
    /// A plan built in code with no origin given.
    case unspecified

    public var description: String {
        switch self {
        case .scenario(let step, let queued): return step + (queued ? " + queued faults" : "")
        case .apiError(let error): return "API error \(error.type): \(error.message)"
        case .mockError(let error): return error.message
        case .endpoint(let name): return name
        case .admin: return "admin"
        case .recorder(let text): return text
        case .unspecified: return ""
        }
    }
}
