import MockClaude
import Testing

/// `--any-id`, at the responder's seam: placeholder ids get plausible objects; without it, 404s.
@Suite struct AnyIDTests {
    static let headers: HTTPHeaderList = [("x-api-key", "k"), ("anthropic-version", "2023-06-01")]

    static func call(_ api: MockClaudeAPI, _ method: String, _ target: String) async -> ResponsePlan {
        await api.respond(to: ReceivedRequest(method: method, target: target, headers: headers))
    }

    @Test func unknownIdsAre404sByDefault() async {
        let api = MockClaudeAPI(engine: .bundledDefault())
        #expect(await Self.call(api, "GET", "/v1/messages/batches/message_batch_id").status == 404)
        #expect(await Self.call(api, "GET", "/v1/models/model_id").status == 404)
    }

    @Test func placeholderIdsGetObjectsCarryingThem() async throws {
        let api = MockClaudeAPI(engine: .bundledDefault(), validation: ValidationOptions(acceptAnyID: true))
        let model = await Self.call(api, "GET", "/v1/models/model_id")
        #expect(model.status == 200 && model.json?["id"] == "model_id" && model.json?["type"] == "model")

        let batch = await Self.call(api, "GET", "/v1/messages/batches/message_batch_id")
        #expect(batch.status == 200)
        #expect(batch.json?["id"] == "message_batch_id")
        #expect(batch.json?["processing_status"] == "ended")
        #expect(batch.json?["request_counts"]?["succeeded"] == 1)

        let results = await Self.call(api, "GET", "/v1/messages/batches/message_batch_id/results")
        #expect(results.status == 200)
        var body: [UInt8] = []  // results are read from their file as they are sent
        for try await part in try #require(results.live).parts { body += part.bytes }
        let line = try JSONValue.parse(body)
        #expect(line["custom_id"] == "request-1" && line["result"]?["type"] == "succeeded")

        let canceled = await Self.call(api, "POST", "/v1/messages/batches/other_batch_id/cancel")
        #expect(canceled.status == 200 && canceled.json?["processing_status"] == "canceling")

        let deleted = await Self.call(api, "DELETE", "/v1/messages/batches/third_batch_id")
        #expect(deleted.status == 200 && deleted.json?["type"] == "message_batch_deleted")
    }

    @Test func aScenarioCanAskForItToo() async throws {
        let scenario = try ScenarioLoader.parse("any_id: true\nsteps: [{text: hi}]\n", source: "x.yaml")
        #expect(scenario.anyID)
        let api = MockClaudeAPI(engine: try ScenarioEngine(scenario))
        #expect(await Self.call(api, "GET", "/v1/models/model_id").status == 200)
    }
}
