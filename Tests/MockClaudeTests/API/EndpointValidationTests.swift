import Foundation
import MockClaude
import Testing

/// Every case of Tests/Fixtures/invalid-requests.json (shared with the Python SDK suite): the
/// status, error type and the start of the message the real API gives.
@Suite struct EndpointValidationTests {
    struct Case: Sendable, CustomStringConvertible {
        var name, path, type, message: String
        var status: Int
        var headers: [(String, String)]
        var body: String
        var description: String { name }
    }

    static let cases: [Case] = {
        let url = Repo.root.appendingPathComponent("Tests/Fixtures/invalid-requests.json")
        guard let data = try? Data(contentsOf: url), let list = try? JSONValue.parse(Array(data)).arrayValue else { return [] }
        return list.map { item in
            let headers =
                item["headers"]?.objectValue.map { $0.members.map { ($0.key, $0.value.stringValue ?? "") } }
                ?? AHC.defaultHeaders
            return Case(
                name: item["name"]?.stringValue ?? "?", path: item["path"]?.stringValue ?? "", type: item["type"]?.stringValue ?? "",
                message: item["message"]?.stringValue ?? "", status: item["status"]?.intValue ?? 0, headers: headers,
                body: item["raw"]?.stringValue ?? item["body"]?.compactString ?? "")
        }
    }()

    @Test func thereAreAtLeastSixtyCases() {
        #expect(Self.cases.count >= 60)
    }

    /// At the seam: the responder's plan, no socket. (The Python SDK suite sends the same cases
    /// over the wire, and ``oneCaseOverTheWire()`` keeps this suite's live check.)
    @Test(arguments: cases)
    func invalidRequestIsRejectedAsTheAPIDoes(_ c: Case) async throws {
        let api = MockClaudeAPI(engine: .bundledDefault())
        let request = ReceivedRequest(
            method: "POST", target: c.path, headers: HTTPHeaderList(c.headers.map { (name: $0.0, value: $0.1) }),
            body: Array(c.body.utf8))
        let plan = await api.respond(to: request)
        #expect(plan.status == c.status)
        #expect(plan.json?["type"] == "error")
        #expect(plan.json?["error"]?["type"] == .string(c.type))
        let message = plan.json?["error"]?["message"]?.stringValue ?? ""
        #expect(message.hasPrefix(c.message), "\(message)")
        #expect(plan.json?["request_id"]?.stringValue == plan.headers["request-id"])
        #expect(plan.bodyBytes == plan.json?.compactBytes, "the bytes sent are the JSON kept")
    }

    @Test func oneCaseOverTheWire() async throws {
        let c = try #require(Self.cases.first { $0.status == 400 })
        let response = try await withServer { server in
            try await AHC.send(server.baseURL, path: c.path, body: c.body, headers: c.headers)
        }
        #expect(response.status == c.status)
        #expect(response.json?["error"]?["type"] == .string(c.type))
        #expect(response.json?["request_id"]?.stringValue == response.header("request-id"))
    }

    static func imageBody(bytes: Int) -> String {
        let png = Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")!
        let data = (png + Data(count: bytes - png.count)).base64EncodedString()
        return
            #"{"model":"claude-haiku-4-5","max_tokens":50,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"\#(data)"}}]}]}"#
    }

    @Test func anImageOverFiveMegabytesIsRejected() async throws {
        let response = try await withServer { server in try await AHC.send(server.baseURL, body: Self.imageBody(bytes: 5 * 1024 * 1024 + 1)) }
        #expect(response.status == 400)
        #expect(response.json?["error"]?["message"] == "messages.0.content.0.image.source.base64: image exceeds 5 MB maximum: 5242881 bytes > 5242880 bytes")
    }

    @Test func aValidImageIsAnsweredByTheVisionCassette() async throws {
        let response = try await withServer(.init(cassettes: [try Repo.cassette("vision.sse")], timing: .instant)) { server in
            try await AHC.send(server.baseURL, body: Self.imageBody(bytes: 100))
        }
        #expect(response.status == 200)
        #expect(response.json?["content"]?.arrayValue?.first?["text"]?.stringValue?.contains("red circle") == true)
    }

    @Test func inputPlusMaxTokensOverTheContextWindowIsRejected() async throws {
        let text = String(repeating: "word ", count: 120_000)
        let body = #"{"model":"claude-haiku-4-5","max_tokens":64000,"messages":[{"role":"user","content":"\#(text)"}]}"#
        let response = try await withServer { server in try await AHC.send(server.baseURL, body: body) }
        #expect(response.status == 400)
        let message = response.json?["error"]?["message"]?.stringValue ?? ""
        #expect(message.hasPrefix("input length and `max_tokens` exceed context limit: 150"))
        #expect(message.contains("+ 64000 > 200000"))
    }

    @Test func strictFieldsRejectsUnknownFieldsAndTheDefaultAcceptsThem() async throws {
        let body = #"{"model":"claude-haiku-4-5","max_tokens":5,"messages":[{"role":"user","content":"hi"}],"brand_new_field":1}"#
        let lenient = try await withServer(.init(timing: .instant)) { server in try await AHC.send(server.baseURL, body: body) }
        #expect(lenient.status == 200)
        let strict = try await withServer(.init(timing: .instant, validation: ValidationOptions(strictFields: true))) { server in
            try await AHC.send(server.baseURL, body: body)
        }
        #expect(strict.json?["error"]?["message"] == "brand_new_field: Extra inputs are not permitted")
    }

    @Test func anyModelCanBeAllowed() async throws {
        let response = try await withServer(.init(timing: .instant, validation: ValidationOptions(checkModels: false))) { server in
            try await AHC.send(server.baseURL, body: messagesBody(stream: false, model: "my-finetune"))
        }
        #expect(response.status == 200)
    }
}
