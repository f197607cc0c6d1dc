import AsyncHTTPClient
import Foundation
import MockClaude
import Testing

@Suite struct EndpointErrorTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var path = "/v1/messages"
        var headers = AHC.defaultHeaders
        var body: String?
        var status: Int
        var type: String
        var message: String
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "no key", headers: [("anthropic-version", "2023-06-01")], body: messagesBody(stream: false),
            status: 401, type: "authentication_error", message: "x-api-key header is required"),
        Case(
            name: "empty bearer", headers: [("authorization", "Bearer "), ("anthropic-version", "2023-06-01")], body: messagesBody(stream: false),
            status: 401, type: "authentication_error", message: "x-api-key header is required"),
        Case(
            name: "no version", headers: [("x-api-key", "k")], body: messagesBody(stream: true),
            status: 400, type: "invalid_request_error", message: "anthropic-version: header is required"),
        Case(
            name: "malformed JSON", body: #"{"model":"m","#,
            status: 400, type: "invalid_request_error", message: "The request body is not valid JSON: unexpected end of data: line 1 column 14 (char 13)"),
        Case(
            name: "not an object", body: "[]",
            status: 400, type: "invalid_request_error", message: "Input should be a valid dictionary or object to extract fields from"),
        Case(
            name: "missing max_tokens", body: #"{"model":"m","messages":[{"role":"user","content":"hi"}]}"#,
            status: 400, type: "invalid_request_error", message: "max_tokens: Field required"),
        Case(
            name: "missing messages", body: #"{"model":"m","max_tokens":5}"#,
            status: 400, type: "invalid_request_error", message: "messages: Field required"),
        Case(
            name: "missing model", body: #"{"max_tokens":5,"messages":[{"role":"user","content":"hi"}]}"#,
            status: 400, type: "invalid_request_error", message: "model: Field required"),
        Case(
            name: "max_tokens a string", body: #"{"model":"m","max_tokens":"5","messages":[{"role":"user","content":"hi"}]}"#,
            status: 400, type: "invalid_request_error", message: "max_tokens: Input should be a valid integer"),
        Case(
            name: "messages an object", body: #"{"model":"m","max_tokens":5,"messages":{}}"#,
            status: 400, type: "invalid_request_error", message: "messages: Input should be a valid list"),
        Case(
            name: "messages empty", body: #"{"model":"m","max_tokens":5,"messages":[]}"#,
            status: 400, type: "invalid_request_error", message: "messages: at least one message is required"),
        Case(
            name: "message not an object", body: #"{"model":"m","max_tokens":5,"messages":["hi"]}"#,
            status: 400, type: "invalid_request_error", message: "messages.0: Input should be a valid dictionary or object to extract fields from"),
        Case(
            name: "model a number", body: #"{"model":7,"max_tokens":5,"messages":[{"role":"user","content":"hi"}]}"#,
            status: 400, type: "invalid_request_error", message: "model: Input should be a valid string"),
        Case(
            name: "stream a string", body: #"{"model":"m","max_tokens":5,"stream":"yes","messages":[{"role":"user","content":"hi"}]}"#,
            status: 400, type: "invalid_request_error", message: "stream: Input should be a valid boolean"),
        Case(
            name: "unknown path", path: "/v1/nothing", body: "{}",
            status: 404, type: "not_found_error", message: "Not Found"),
    ]

    @Test(arguments: cases)
    func errorHasTheRealStatusEnvelopeAndRequestID(_ c: Case) async throws {
        let response = try await withServer { server in
            try await AHC.send(server.baseURL, path: c.path, body: c.body, headers: c.headers)
        }
        #expect(response.status == c.status)
        #expect(response.header("content-type") == "application/json")
        let body = try #require(response.json)
        #expect(body["type"] == .string("error"))
        #expect(body["error"]?["type"] == .string(c.type))
        #expect(body["error"]?["message"] == .string(c.message))
        let requestID = try #require(response.header("request-id"))
        #expect(requestID.hasPrefix("req_") && requestID.count == 28)
        #expect(body["request_id"] == .string(requestID))
    }

    @Test func bodyOverThirtyTwoMegabytesIs413() async throws {
        let padding = String(repeating: "a", count: 32 * 1024 * 1024)
        let body = #"{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"\#(padding)"}]}"#
        let response = try await withServer { server in
            try await AHC.send(server.baseURL, body: body)
        }
        #expect(response.status == 413)
        #expect(response.json?["error"]?["type"] == .string("request_too_large"))
    }

    @Test func bodyJustUnderTheLimitIsAccepted() async throws {
        let body = messagesBody(stream: false)
        let response = try await withServer(.init(timing: .instant, maximumBodySize: body.utf8.count)) { server in
            try await AHC.send(server.baseURL, body: body)
        }
        #expect(response.status == 200)
    }

    @Test func generatedRequestIDsRepeatForTheSameSeed() async throws {
        func ids(seed: UInt64) async throws -> [String?] {
            try await withServer(.init(seed: seed)) { server in
                var ids: [String?] = []
                for _ in 0..<3 { ids.append(try await AHC.send(server.baseURL, path: "/nope").header("request-id")) }
                return ids
            }
        }
        let first = try await ids(seed: 7)
        #expect(first == (try await ids(seed: 7)))
        #expect(first != (try await ids(seed: 8)))
        #expect(Set(first).count == 3)
    }
}
