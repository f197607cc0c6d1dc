import Testing

@testable import MockClaude

/// The body limit the reader applies to each request, decided before the body arrives: the API's
/// 256 MB for batch creation, the server's limit for everything else.
struct BodyLimitTests {
    static let api = MockClaudeAPI(engine: .bundledDefault(), maximumBatchBodySize: 1 << 28)

    static let targets = [
        "/v1/messages", "/v1/messages?beta=true", "/v1/messages/batches", "/v1/messages/batches?beta=true",
        "/v1/messages/batches/", "/v1/messages/batches//", "/proxy/v1/messages/batches", "/v1/messages/batches/msgbatch_1/cancel",
        "/v1/messages/batchesx", "/v1/batches", "/batches", "/v1/messages/count_tokens", "/_mockclaude/batches", "", "?/batches",
        "/v1/messages/batches#x", "/v1/messages/%62atches", "/V1/messages/batches",
    ]

    /// Only batch creation gets the batch limit, exactly where routing says a request creates a
    /// batch (the reader's shortcut for other paths must agree with the route everywhere).
    @Test(arguments: targets)
    func onlyBatchCreationGetsTheBatchLimit(target: String) {
        for method in ["POST", "GET", "DELETE"] {
            let creates = Route(method: method, path: ReceivedRequest.apiPath(of: target)).isBatchCreation(method: method)
            #expect(Self.api.maximumBodySize(method: method, target: target) == (creates ? 1 << 28 : nil), "\(method) \(target)")
        }
        if ["/v1/messages/batches", "/v1/messages/batches?beta=true", "/proxy/v1/messages/batches", "/v1/messages/batches/"].contains(target) {
            #expect(Self.api.maximumBodySize(method: "POST", target: target) == 1 << 28)
        }
    }
}
